// One loop of CASE, N times, for counting instructions per call under valgrind (instructions.sh):
// the wall clock of a shared machine swings by 2-3x, an instruction count does not.
// Usage: node instructions.mjs <ours.wasm | wasm-bindgen glue .js> CASE N
// (WASMRUST_JS=<dir>: the runtime of that directory instead of crates/wasm/js, for an A/B.)
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// `console.log` is a sink (the `log` case's import), installed before the module binds it.
let sink = null;
console.log = (s) => void (sink = s);
const js = process.env.WASMRUST_JS ? pathToFileURL(`${process.env.WASMRUST_JS}/`).href : new URL("../../../crates/wasm/js/", import.meta.url).href;
const { instantiateSync, prepare } = await import(`${js}wasmrust.mjs`);

const [file, which, count] = process.argv.slice(2);
const n = Number(count);
let e, raw;
if (file.endsWith(".js")) {
  e = await import(pathToFileURL(file).href);
  e.initSync({ module: readFileSync(file.replace(/\.js$/, "_bg.wasm")) });
} else {
  const r = instantiateSync(await prepare(readFileSync(file)), {});
  ({ exports: e, instance: { exports: raw } } = r);
}
// The adder's typed entry (its address in the function table, which only the runtime's `fn_new`
// sees): the first address whose call of the live key (index 0, id 1) returns 5 + 1; others trap
// (another signature) or are refused (another closure's entry).
const entry = () => {
  const c = raw.__wasmrust_fn_call_i32_1;
  for (let k = 1; k < 1000; k++) {
    try {
      if (c(k, 0, 1, 5) === 6) return k;
    } catch {}
  }
  throw new Error("no entry found for the adder");
};
const cases = {
  // A closure call from JS (both sides).
  closure: () => { const f = e.adder(); let s = 0; for (let i = 0; i < n; i++) s += f(i); return s; },
  // The same with an `Fn(f64) -> f64` (both sides).
  closure_f64: () => { const f = e.halver(); let s = 0; for (let i = 0; i < n; i++) s += f(i); return s; },
  // WasmRust only: the raw export with no JS function around it, with a live and a stale key
  // (the first closure made has index 0, id 1), and an export doing nothing. (The adder's entry
  // takes one i32: `__wasmrust_fn_call_i32_1`'s.)
  raw1: () => { e.adder(); const f = entry(), c = raw.__wasmrust_fn_call_i32_1; let s = 0; for (let i = 0; i < n; i++) s += c(f, 0, 1, i); return s; },
  stale: () => { e.adder(); const f = entry(), c = raw.__wasmrust_fn_call_i32_1; let s = 0; for (let i = 0; i < n; i++) s += c(f, 0, 99, i); return s; },
  empty: () => { for (let i = 0; i < n; i++) raw.log_loop(0); return n; },
  // `console.log("hello world")` from wasm (both sides).
  log: () => { e.log_loop(n); return sink; },
  // An async export round trip (both sides).
  echo: async () => { let s = 0; for (let i = 0; i < n; i++) s += await e.echo(i); return s; },
  // A class method (the classes area's modules).
  width: () => { const u = new e.Universe(); let s = 0; for (let i = 0; i < n; i++) s += u.width(); return s; },
};
process.stdout.write(`${await cases[which]()}\n`);
