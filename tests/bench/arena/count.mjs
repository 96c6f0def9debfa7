// Runs one export of a perf module N times, for instruction counts under callgrind:
// `node count.mjs file.wasm random[-realloc]|baseline[-realloc]|boundary|scratch-ours|scratch-bumpalo N`.
import { readFileSync } from "node:fs";
const [file, what, n] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(file));
const ex = instance.exports;
for (let i = 0; i < Number(n); i++) {
  if (what === "random") ex.random_actions(0, 2 + i);
  else if (what === "random-realloc") ex.random_actions(1, 2 + i);
  else if (what === "baseline") ex.baseline_actions(0, 2 + i);
  else if (what === "baseline-realloc") ex.baseline_actions(1, 2 + i);
  else if (what === "boundary") ex.boundary_calls(100_000);
  else if (what === "scratch-ours") ex.scratch_ours(300_000);
  else if (what === "scratch-bumpalo") ex.scratch_bumpalo(300_000);
}
