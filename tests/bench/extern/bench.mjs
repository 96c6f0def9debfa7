// Times the benchmark's calls for WasmRust and wasm-bindgen in one process, alternating between
// them sample by sample (both see the same machine load), and prints `impl<TAB>case<TAB>ns` per
// sample. Usage: node bench.mjs <ours.wasm> <wbg glue.js>
// WASMRUST_JS: another copy of wasmrust.mjs for "ours", to compare two versions of it.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [oursWasm, wbgJs] = process.argv.slice(2);
let sink = null;
const host = { host_touch: (x) => void (sink = x), host_greet: (s) => void (sink = s) };
const runtime = process.env.WASMRUST_JS ? pathToFileURL(process.env.WASMRUST_JS).href : "../../../crates/wasm/js/wasmrust.mjs";
const { instantiate } = await import(runtime);
const { exports: ours } = await instantiate(await readFile(oursWasm), { imports: { host } });
const wbg = await import(pathToFileURL(wbgJs).href);
wbg.initSync({ module: await readFile(wbgJs.replace(/\.js$/, "_bg.wasm")) });

const obj = { x: 1 };
const s11 = "hello world";
const INNER = 1000;
const f1k = Float32Array.from({ length: 1000 }, (_, i) => i / 7);
// Each case runs `n` calls (or `n` iterations inside wasm). Every (case, side) gets a function of
// its own (`new Function`, a distinct source), so neither side's call sites see the other's.
// Slice cases make one call per SLICE units of `n` (a sample stays about as long as the others)
// and report ns per call.
const SLICE = 100;
const cases = {
  "add(u32,u32)": "for (let i = 0; i < n; i++) e.add(i, 1);",
  "owned handle in": "for (let i = 0; i < n; i++) e.owned(obj);",
  "borrowed handle in": "for (let i = 0; i < n; i++) e.borrowed(obj);",
  "&str in (11 chars)": "for (let i = 0; i < n; i++) e.str_len(s11);",
  "wasm->JS call with a handle": "for (let i = 0; i < n / INNER; i++) e.touch_loop(obj, INNER);",
  "clone+drop in wasm": "for (let i = 0; i < n / INNER; i++) e.clone_drop_loop(obj, INNER);",
  "&[f32] in, 1,000 elements": "for (let i = 0; i < n / SLICE; i++) e.sum_f32(f1k);",
  "&mut [f32], 1,000 elements (copied back)": "for (let i = 0; i < n / SLICE; i++) e.negate_f32(f1k);",
  "Vec<f32> result, 1,000 elements": "for (let i = 0; i < n / SLICE; i++) e.ramp_f32(1000);",
};
const perCall = (name) => (name.includes("f32") ? SLICE : 1);
const loop = (side, e, body) => new Function("e", "obj", "s11", "INNER", "f1k", "SLICE", `// ${side}\nreturn (n) => { ${body} return n; };`)(e, obj, s11, INNER, f1k, SLICE);

const N = 1_000_000;
for (const [name, body] of Object.entries(cases)) {
  const runs = { ours: loop("ours", ours, body), wbg: loop("wbg", wbg, body) };
  for (const run of Object.values(runs)) run(N / 2); // warm up: let the JIT tier up
  for (let r = 0; r < 9; r++) {
    for (const [side, run] of Object.entries(runs)) {
      const t0 = process.hrtime.bigint();
      run(N);
      console.log(`${side}\t${name}\t${((Number(process.hrtime.bigint() - t0) / N) * perCall(name)).toFixed(2)}`);
    }
  }
}
if (sink === undefined) console.log("unreachable");
