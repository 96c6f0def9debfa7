// Times the perf modules: `node bench.mjs name=file.wasm ...`. The machine is shared, so the
// modules run interleaved in rounds and each figure is the median over the rounds.
import { readFileSync } from "node:fs";

const ROUNDS = 7, ITERATIONS = 20, ACTIONS = 100_000, SCRATCH_OPS = 3_000_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mods = [];
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split("=");
  const { instance } = await WebAssembly.instantiate(readFileSync(file));
  const ex = instance.exports;
  for (const realloc of [0, 1]) ex.random_actions(realloc, 1); // warm up, grow memory once
  mods.push({ name, ex, runs: { 0: [], 1: [] }, scratch: { ours: [], bumpalo: [] } });
}
let seed = 2;
for (let round = 0; round < ROUNDS; round++) {
  for (const m of mods) {
    for (const realloc of [0, 1]) {
      const t0 = performance.now();
      for (let i = 0; i < ITERATIONS; i++) m.ex.random_actions(realloc, seed + i);
      const ms = (performance.now() - t0) / ITERATIONS;
      m.runs[realloc].push(ACTIONS / ms / 1000);
    }
    if (m.ex.scratch_ours) {
      for (const which of ["ours", "bumpalo"]) {
        const f = m.ex[`scratch_${which}`];
        if (round === 0) f(SCRATCH_OPS); // warm up
        const t0 = performance.now();
        f(SCRATCH_OPS);
        m.scratch[which].push(((performance.now() - t0) * 1e6) / SCRATCH_OPS);
      }
    }
  }
  seed += ITERATIONS;
}
console.log(JSON.stringify(mods.map((m) => ({
  name: m.name,
  no_realloc: median(m.runs[0]),
  realloc: median(m.runs[1]),
  pages: m.ex.memory.buffer.byteLength / 65536,
  scratch_ours_ns: m.name === "ours" ? median(m.scratch.ours) : undefined,
  scratch_bumpalo_ns: m.name === "ours" ? median(m.scratch.bumpalo) : undefined,
}))));
