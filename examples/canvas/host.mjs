// A fake canvas host for Node: runs the example module and prints what it drew.
// Usage: node host.mjs path/to/canvas_demo.wasm [n]
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const [wasmPath, n = "4"] = process.argv.slice(2);
const canvases = new Map(); // handle -> { width, height, pixels }
let nextHandle = 1;

const canvas = {
  acquire(width, height) {
    const handle = nextHandle++;
    canvases.set(handle, { width, height, pixels: new Uint32Array(width * height) });
    return handle;
  },
  fill_rect(handle, x, y, w, h, color) {
    const c = live(handle);
    for (let row = y; row < Math.min(y + h, c.height); row++) {
      c.pixels.fill(color, row * c.width + x, row * c.width + Math.min(x + w, c.width));
    }
  },
  width: (handle) => live(handle).width,
  height: (handle) => live(handle).height,
  snapshot(handle) {
    // FNV-1a over the pixels: a stand-in for reading the bitmap back.
    let hash = 0x811c9dc5;
    for (const p of live(handle).pixels) hash = Math.imul(hash ^ p, 0x01000193) >>> 0;
    return hash;
  },
  release(handle) {
    live(handle);
    canvases.delete(handle);
  },
};

function live(handle) {
  const c = canvases.get(handle);
  if (!c) throw new Error(`canvas handle ${handle} is not live (released twice, or forged)`);
  return c;
}

const { exports } = await instantiate(await readFile(wasmPath), { imports: { canvas } });
const checksum = exports.render_checkerboard(Number(n)) >>> 0;
console.log(`checkerboard ${n}x${n}: checksum 0x${checksum.toString(16)}, live canvases: ${canvases.size}`);
if (canvases.size !== 0) process.exit(1);
