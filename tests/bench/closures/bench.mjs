// Times issue 14's calls for WasmRust and wasm-bindgen in one process, alternating sample by
// sample, and prints `impl<TAB>case<TAB>ns` per sample (the format of ../extern/summary.mjs).
// Usage: node bench.mjs <ours.wasm> <wbg glue.js>
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [oursWasm, wbgJs] = process.argv.slice(2);
// `console.log` is the import under test: a sink, installed before either module binds it, so
// the figures are the call boundary, not the terminal. Output goes through process.stdout.
let sink = null;
console.log = (s) => void (sink = s);
const print = (line) => process.stdout.write(`${line}\n`);

const { instantiate } = await import("../../../crates/wasm/js/wasmrust.mjs");
const { exports: ours } = await instantiate(await readFile(oursWasm), {});
const wbg = await import(pathToFileURL(wbgJs).href);
wbg.initSync({ module: await readFile(wbgJs.replace(/\.js$/, "_bg.wasm")) });

// Each case runs `n` operations; every (case, side) gets a function of its own (a distinct
// source), so neither side's call sites see the other's.
const cases = {
  "closure call from JS (u32 -> u32)": { n: 1_000_000, body: "const f = e.adder(); let s = 0; for (let i = 0; i < n; i++) s += f(i); return s;" },
  "closure call from JS (f64 -> f64)": { n: 1_000_000, body: "const f = e.halver(); let s = 0; for (let i = 0; i < n; i++) s += f(i); return s;" },
  "async export round trip (await echo(i))": { n: 100_000, async: true, body: "let s = 0; for (let i = 0; i < n; i++) s += await e.echo(i); return s;" },
  "async export awaiting a JS promise (await echo_later(Promise.resolve(i)))": { n: 100_000, async: true, body: "let s = 0; for (let i = 0; i < n; i++) s += await e.echo_later(Promise.resolve(i)); return s;" },
  "console.log(&str) from wasm": { n: 1_000_000, body: "e.log_loop(n); return n;" },
  "console.log(&str) from wasm, wasm-bindgen through web-sys": { n: 1_000_000, body: "e.log_loop(n); return n;", wbgBody: "e.log_loop_web_sys(n); return n;" },
};
const loop = (side, e, { async: isAsync, body }) =>
  new Function("e", `// ${side}\nreturn ${isAsync ? "async " : ""}(n) => { ${body} };`)(e);

// ONLY=<regex>: just the cases whose name matches (the console.log check then needs its case).
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
for (const [name, spec] of Object.entries(cases)) {
  if (only && !only.test(name)) continue;
  const runs = { ours: loop("ours", ours, spec), wbg: loop("wbg", wbg, { ...spec, body: spec.wbgBody ?? spec.body }) };
  // Both sides must compute the same thing before they are timed.
  const [a, b] = [await runs.ours(1000), await runs.wbg(1000)];
  if (a !== b) throw new Error(`${name}: WasmRust gave ${a}, wasm-bindgen ${b}`);
  for (const run of Object.values(runs)) await run(spec.n / 2); // warm up: let the JIT tier up
  for (let r = 0; r < 9; r++) {
    for (const [side, run] of Object.entries(runs)) {
      const t0 = process.hrtime.bigint();
      await run(spec.n);
      print(`${side}\t${name}\t${(Number(process.hrtime.bigint() - t0) / spec.n).toFixed(2)}`);
    }
  }
}
if (!only && sink !== "hello world") throw new Error(`console.log was not called with the message: ${sink}`);
