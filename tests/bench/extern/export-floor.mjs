// Times `add(i, 1)` on several builds of the same function in one process, alternating sample by
// sample, and prints `label<TAB>ns` per sample: the cost of an export call against a bare
// `extern "C"` export, per build profile.
// Usage: node export-floor.mjs LABEL=KIND:PATH...   KIND: raw (a .wasm, instantiated as is),
// ours (a .wasm, through wasmrust.mjs), wbg (wasm-bindgen's glue .js beside its _bg.wasm)
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const { instantiate } = await import("../../../crates/wasm/js/wasmrust.mjs");
const load = {
  raw: async (path) => (await WebAssembly.instantiate(await readFile(path))).instance.exports,
  ours: async (path) => (await instantiate(await readFile(path))).exports,
  wbg: async (path) => {
    const glue = await import(pathToFileURL(path).href);
    glue.initSync({ module: await readFile(path.replace(/\.js$/, "_bg.wasm")) });
    return glue;
  },
};
const sides = [];
for (const arg of process.argv.slice(2)) {
  const [label, spec] = arg.split("=");
  const [kind, path] = [spec.slice(0, spec.indexOf(":")), spec.slice(spec.indexOf(":") + 1)];
  const e = await load[kind](path);
  // A function of its own per side (a distinct source), so no call site sees two modules.
  const run = new Function("e", `// ${label}\nreturn (n) => { let s = 0; for (let i = 0; i < n; i++) s += e.add(i, 1); return s; };`)(e);
  sides.push({ label, run });
}
const N = 1_000_000;
for (const { run } of sides) run(N / 2); // warm up: let the JIT tier up
for (let r = 0; r < 9; r++) {
  for (const { label, run } of sides) {
    const t0 = process.hrtime.bigint();
    run(N);
    console.log(`${label}\t${(Number(process.hrtime.bigint() - t0) / N).toFixed(2)}`);
  }
}
