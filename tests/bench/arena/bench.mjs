// Times the perf modules: `node bench.mjs name=file.wasm ...` (the first module named `talc` is
// the anchor). The machine is shared, so the modules run interleaved, in an order that rotates
// every round, and each figure is the median over the rounds; ratios are taken per round (same
// moment, same load) and their median and spread are reported.
import { readFileSync } from "node:fs";

const ROUNDS = 15, ITERATIONS = 10, ACTIONS = 100_000, SCRATCH_OPS = 3_000_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs) => [Math.min(...xs), Math.max(...xs)];
const mods = [];
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split("=");
  const { instance } = await WebAssembly.instantiate(readFileSync(file));
  const ex = instance.exports;
  for (const realloc of [0, 1]) ex.random_actions(realloc, 1); // warm up, grow memory once
  if (ex.scratch_ours) for (const w of ["ours", "bumpalo"]) ex[`scratch_${w}`](SCRATCH_OPS);
  mods.push({ name, ex, runs: { 0: [], 1: [] }, ratio: { 0: [], 1: [] } });
}
const anchor = mods.find((m) => m.name === "talc") ?? mods[0];
const scratch = { ours: [], bumpalo: [], ratio: [] };
const withScratch = mods.find((m) => m.ex.scratch_ours);
let seed = 2;
for (let round = 0; round < ROUNDS; round++) {
  const order = mods.map((_, i) => mods[(i + round) % mods.length]);
  for (const realloc of [0, 1]) {
    for (const m of order) {
      const t0 = performance.now();
      for (let i = 0; i < ITERATIONS; i++) m.ex.random_actions(realloc, seed + i);
      m.runs[realloc].push(ACTIONS / ((performance.now() - t0) / ITERATIONS) / 1000);
    }
    for (const m of mods) m.ratio[realloc].push(m.runs[realloc].at(-1) / anchor.runs[realloc].at(-1));
  }
  if (withScratch) {
    const ns = {};
    for (const w of round % 2 ? ["ours", "bumpalo"] : ["bumpalo", "ours"]) {
      const t0 = performance.now();
      withScratch.ex[`scratch_${w}`](SCRATCH_OPS);
      ns[w] = ((performance.now() - t0) * 1e6) / SCRATCH_OPS;
      scratch[w].push(ns[w]);
    }
    scratch.ratio.push(ns.ours / ns.bumpalo);
  }
  seed += ITERATIONS;
}
console.log(JSON.stringify({
  rounds: ROUNDS,
  modules: mods.map((m) => ({
    name: m.name,
    no_realloc: median(m.runs[0]),
    realloc: median(m.runs[1]),
    ratio_no_realloc: median(m.ratio[0]),
    ratio_no_realloc_spread: spread(m.ratio[0]),
    ratio_realloc: median(m.ratio[1]),
    ratio_realloc_spread: spread(m.ratio[1]),
    pages: m.ex.memory.buffer.byteLength / 65536,
  })),
  scratch: withScratch && {
    ours_ns: median(scratch.ours),
    bumpalo_ns: median(scratch.bumpalo),
    ratio: median(scratch.ratio),
    ratio_spread: spread(scratch.ratio),
  },
}));
