// Draws the Universe on a <canvas> as the book does (a grid, live cells black), one frame per
// generation; with `?report=URL` (tests/e2e/browser.mjs) POSTs what it saw.
import { instantiate } from "../../../crates/wasm/js/wasmrust.mjs";
import { run } from "../life.mjs";

const CELL = 5, params = new URLSearchParams(location.search);
const generations = Number(params.get("n") ?? 10);
const wasm = params.get("wasm") ?? "target/wasm32-unknown-unknown/release/game_of_life.wasm";
const canvas = document.getElementById("life"), ctx = canvas.getContext("2d");
let drawn = 0;

function draw(cells, width, height) {
  canvas.width = (CELL + 1) * width + 1;
  canvas.height = (CELL + 1) * height + 1;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = "#000";
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) {
    if (cells[r * width + c]) ctx.fillRect(c * (CELL + 1) + 1, r * (CELL + 1) + 1, CELL, CELL);
  }
  drawn++;
}

let result;
try {
  const { exports } = await instantiate(fetch(new URL(wasm, new URL("..", import.meta.url))));
  const { population, checksum } = run(exports, generations, draw);
  // The last frame's black pixels: one CELL x CELL square per live cell.
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let black = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === 0) black++;
  result = { population, checksum, drawn, black, error: null };
} catch (e) {
  result = { error: String(e?.stack ?? e) };
}
document.getElementById("status").textContent = JSON.stringify(result);
const report = params.get("report");
if (report) await fetch(report, { method: "POST", body: JSON.stringify(result) });
