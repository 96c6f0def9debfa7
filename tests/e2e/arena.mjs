// Drives the `arena` fixture in Node: `node arena.mjs <file.wasm> <mode> [args...]`.
// Prints `key=value` lines; tests/arena.rs asserts on them.
import { readFile } from "node:fs/promises";

const [wasmPath, mode, ...args] = process.argv.slice(2);
let ex;
const host = { callback: () => ex.inner() };
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { host });
ex = instance.exports;
const out = (k, v) => console.log(`${k}=${v}`);
const error = (len) => new TextDecoder().decode(new Uint8Array(ex.memory.buffer, ex.error_ptr(), len));
const STAT = { scratchUsed: 0, scratchCap: 1, heapUsed: 2, heapLive: 3, heapCap: 4, heapPeak: 5 };
const stat = (k) => ex.stat(STAT[k]);

switch (mode) {
  case "stress": {
    const [seed, steps, maxSize, maxLive] = args.map(Number);
    const reuse = ex.reuse();
    out("reuse", reuse === 0 ? "ok" : error(reuse));
    const r = ex.stress(seed, steps, maxSize, maxLive);
    out("stress", r === 0 ? "ok" : error(r));
    out("heap_live_after", stat("heapLive"));
    out("heap_capacity", stat("heapCap"));
    out("pages", ex.memory.buffer.byteLength / 65536);
    break;
  }
  case "calls": {
    // 10,000 top-level calls; the host also grows memory itself now and then, so the heap
    // must cope with memory it does not own appearing between its regions.
    const n = Number(args[0]);
    let maxScratchAfter = 0, maxScratchCap = 0, heapUsedMid = 0, heapUsedMax = 0, hostGrows = 0;
    for (let i = 0; i < n; i++) {
      if (ex.call_lists(i) === 0) throw new Error(`call ${i} returned nothing`);
      maxScratchAfter = Math.max(maxScratchAfter, stat("scratchUsed"));
      maxScratchCap = Math.max(maxScratchCap, stat("scratchCap"));
      const used = stat("heapUsed");
      if (i === n / 2) heapUsedMid = used;
      if (i >= n / 2) heapUsedMax = Math.max(heapUsedMax, used);
      if (i % 2500 === 1250) { ex.memory.grow(1); hostGrows++; }
    }
    out("max_scratch_used_after_call", maxScratchAfter);
    out("max_scratch_capacity", maxScratchCap);
    out("heap_used_mid", heapUsedMid);
    out("heap_used_max_second_half", heapUsedMax);
    out("host_grows", hostGrows);
    out("reentrant", ex.outer());
    out("scratch_used_after_reentrant", stat("scratchUsed"));
    break;
  }
  case "grow": {
    const before = ex.memory.buffer.byteLength / 65536;
    out("pages_before", before);
    out("pages_reached", ex.grow(Number(args[0])));
    out("heap_base", ex.heap_base());
    break;
  }
  case "refuse": {
    const block = Number(args[0]);
    const first = ex.exhaust(block);
    out("first", first);
    out("bytes_at_refusal", ex.memory.buffer.byteLength);
    out("second", ex.exhaust(block));
    ex.release();
    out("after_release", ex.exhaust(block));
    ex.release();
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
