// The canvas host for browsers: the same `canvas` imports as host.mjs, over real <canvas>
// elements. Query parameters: `wasm` (the module's URL; default: the release build beside this
// page), `n` (board size), `report` (POST the result as JSON to this same-origin path, for tests).
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const params = new URLSearchParams(location.search);
const wasmUrl = params.get("wasm") ?? "target/wasm32-unknown-unknown/release/canvas_demo.wasm";
const n = Number(params.get("n") ?? "4");
const canvases = new Map(); // handle -> { element, context }
let nextHandle = 1;

const canvas = {
  acquire(width, height) {
    const element = document.createElement("canvas");
    Object.assign(element, { width, height });
    document.body.append(element);
    const handle = nextHandle++;
    canvases.set(handle, { element, context: element.getContext("2d", { willReadFrequently: true }) });
    return handle;
  },
  fill_rect(handle, x, y, w, h, color) {
    const { context } = live(handle);
    context.fillStyle = `#${color.toString(16).padStart(6, "0")}`;
    context.fillRect(x, y, w, h);
  },
  width: (handle) => live(handle).element.width,
  height: (handle) => live(handle).element.height,
  snapshot(handle) {
    // FNV-1a over the pixels as 0xRRGGBB (0 where nothing was drawn), as host.mjs computes it.
    const { element, context } = live(handle);
    const rgba = context.getImageData(0, 0, element.width, element.height).data;
    let hash = 0x811c9dc5;
    for (let i = 0; i < rgba.length; i += 4) {
      const pixel = rgba[i + 3] ? (rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2] : 0;
      hash = Math.imul(hash ^ pixel, 0x01000193) >>> 0;
    }
    return hash;
  },
  release(handle) {
    live(handle);
    canvases.delete(handle); // the element stays on the page, to be looked at
  },
};

function live(handle) {
  const c = canvases.get(handle);
  if (!c) throw new Error(`canvas handle ${handle} is not live (released twice, or forged)`);
  return c;
}

let result;
try {
  const { exports } = await instantiate(fetch(wasmUrl), { imports: { canvas } });
  const checksum = exports.render_checkerboard(n) >>> 0;
  result = { n, checksum: `0x${checksum.toString(16)}`, live: canvases.size };
  document.getElementById("status").textContent =
    `checkerboard ${n}x${n}: checksum ${result.checksum}, live canvases: ${result.live}`;
} catch (e) {
  result = { error: String(e?.stack ?? e) };
  document.getElementById("status").textContent = result.error;
}
if (params.has("report")) await fetch(params.get("report"), { method: "POST", body: JSON.stringify(result) });
