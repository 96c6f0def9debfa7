// Runs a scope fixture (tests/fixtures/crates/scope*) in Node and prints what the Rust test
// compares: the shared cases' output, then host facts, then how a panicking task ends.
import { readFile } from "node:fs/promises";
const [wasmPath] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath));
const e = instance.exports;

const ptr = e.run_cases();
const text = new TextDecoder().decode(new Uint8Array(e.memory.buffer, ptr, e.output_len()));
process.stdout.write(text);

const caps = e.capabilities();
console.log(`host: threads=${Boolean(caps & 1)} parallelism=${(caps & 0xffff) >> 1} available_parallelism=${caps >>> 16}`);
console.log(`order: ${(e.sequential_order() >>> 0).toString(16)}`);

// Zero cost, part 1 (part 2, code size, is checked by the Rust test): the SharedSlice loop and
// the plain-slice loop compute the same values.
if (e.shared_scale) {
  const n = 2500, results = [];
  for (const f of [e.shared_scale, e.slice_scale]) {
    const ptr = e.alloc_f32(n);
    const view = new Float32Array(e.memory.buffer, ptr, n);
    view.forEach((_, i) => (view[i] = i));
    f(ptr, n);
    results.push(Array.from(new Float32Array(e.memory.buffer, ptr, n)).join(","));
  }
  console.log(`zero-cost: same_values=${results[0] === results[1]}`);
}

// wasm32-unknown-unknown is panic=abort: the panicking task traps the instance.
try {
  const r = e.panic_in_task();
  console.log(`panic: returned ${r}`);
} catch (err) {
  console.log(`panic: ${err.constructor.name}: ${err.message}`);
}
