// Times the Game of Life's `Universe` for WasmRust (examples/game-of-life, `#[wasm::export] impl`)
// and wasm-bindgen (wbg/), alternating sample by sample in one process, and prints
// `impl<TAB>case<TAB>ns` per sample. Usage: node bench.mjs <ours.wasm> <wbg glue.js>
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { instantiate } from "../../../crates/wasm/js/wasmrust.mjs";

const [oursWasm, wbgJs] = process.argv.slice(2);
const { exports: ours } = await instantiate(await readFile(oursWasm));
const wbg = await import(pathToFileURL(wbgJs).href);
wbg.initSync({ module: await readFile(wbgJs.replace(/\.js$/, "_bg.wasm")) });

// Both sides must compute the same universe (the benchmark compares equal work).
{
  const [a, b] = [new ours.Universe(), new wbg.Universe()];
  for (let i = 0; i < 10; i++) (a.tick(), b.tick());
  if (a.render() !== b.render()) throw new Error("the two universes differ after 10 ticks");
  a.free();
  b.free();
}

// Each case: `n` units of work; ns per unit. Every (case, side) gets a function of its own.
const cases = {
  "universe.width()": [1_000_000, "let s = 0; for (let i = 0; i < n; i++) s += u.width(); sink.s = s;"],
  "construct + free": [200_000, "for (let i = 0; i < n; i++) new U().free();"],
  "tick, 64x64 (1,000 ticks per sample)": [1_000, "for (let i = 0; i < n; i++) u.tick();"],
};
const sink = {};
for (const [name, [n, body]] of Object.entries(cases)) {
  const runs = {};
  for (const [side, e] of [["ours", ours], ["wbg", wbg]]) {
    const u = new e.Universe();
    runs[side] = new Function("u", "U", "sink", `// ${side}\nreturn (n) => { ${body} };`)(u, e.Universe, sink);
  }
  for (const run of Object.values(runs)) run(n / 2); // warm up
  for (let r = 0; r < 9; r++) {
    for (const [side, run] of Object.entries(runs)) {
      const t0 = process.hrtime.bigint();
      run(n);
      console.log(`${side}\t${name}\t${(Number(process.hrtime.bigint() - t0) / n).toFixed(2)}`);
    }
  }
}
