// A/B of the closure calls and the `console.log` import call: two WasmRust builds, each with its
// own copy of crates/wasm/js (a change may touch either side), against one wasm-bindgen module,
// in one process, alternating sample by sample, so that a shared machine's load falls on all
// three alike. Prints, per case and side, the median and lowest ns per call and their ratios to
// wasm-bindgen's.
// Usage: node ab.mjs <before js dir> <before.wasm> <after js dir> <after.wasm> <wbg glue.js> [samples]
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

// `console.log` is a sink, as in bench.mjs, installed before the modules bind it.
let sink = null;
console.log = (s) => void (sink = s);
const print = (line) => process.stdout.write(`${line}\n`);

const [beforeJs, beforeWasm, afterJs, afterWasm, wbgJs, samples = "15"] = process.argv.slice(2);
const load = async (dir, wasm) => {
  const { instantiate } = await import(pathToFileURL(`${dir}/wasmrust.mjs`).href);
  return (await instantiate(await readFile(wasm), {})).exports;
};
const sides = { before: await load(beforeJs, beforeWasm), after: await load(afterJs, afterWasm) };
sides.wbg = await import(pathToFileURL(wbgJs).href);
sides.wbg.initSync({ module: await readFile(wbgJs.replace(/\.js$/, "_bg.wasm")) });

const n = 1_000_000;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const cases = {
  "u32 -> u32": "const f = e.adder(); let s = 0; for (let i = 0; i < n; i++) s += f(i); return s;",
  "f64 -> f64": "const f = e.halver(); let s = 0; for (let i = 0; i < n; i++) s += f(i); return s;",
  "console.log(&str)": "e.log_loop(n); return n;",
};
// ONLY=<regex>: just the cases whose name matches.
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
for (const [name, body] of Object.entries(cases)) {
  if (only && !only.test(name)) continue;
  // A loop of its own per side (a distinct source), as bench.mjs does.
  const runs = Object.entries(sides).map(([side, e]) => [side, new Function("e", `// ${side}\nreturn (n) => { ${body} };`)(e)]);
  const times = Object.fromEntries(runs.map(([side]) => [side, []]));
  for (const [, run] of runs) run(n / 2); // warm up
  for (let k = 0; k < Number(samples); k++) {
    for (const [side, run] of runs) {
      const t0 = process.hrtime.bigint();
      run(n);
      times[side].push(Number(process.hrtime.bigint() - t0) / n);
    }
  }
  const w = times.wbg;
  for (const side of ["before", "after"]) {
    const t = times[side];
    print(`${name}\t${side}\t${median(t).toFixed(2)} [${Math.min(...t).toFixed(2)}]\twasm-bindgen ${median(w).toFixed(2)} [${Math.min(...w).toFixed(2)}]\t${(median(t) / median(w)).toFixed(3)} (${(Math.min(...t) / Math.min(...w)).toFixed(3)})`);
  }
}
if (only?.test("console.log(&str)") !== false && sink !== "hello world") throw new Error(`console.log was not called with the message: ${sink}`);
