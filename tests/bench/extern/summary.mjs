// Summarizes `impl<TAB>case<TAB>ns` lines (one per sample) as a Markdown table:
// median [lowest–highest] per side, ratio of the medians (and of the lowest).
// Usage: node summary.mjs calls.tsv
//        node summary.mjs --floor floor.tsv  (`SIDE-PROFILE<TAB>ns` lines of export-floor.mjs)
import { readFileSync } from "node:fs";

const floor = process.argv[2] === "--floor";
const lines = readFileSync(process.argv[floor ? 3 : 2], "utf8").split("\n").filter(Boolean);
const runs = new Map();
for (const line of floor ? [] : lines) {
  const [impl, name, ns] = line.split("\t");
  if (!ns) continue;
  if (!runs.has(name)) runs.set(name, { ours: [], wbg: [] });
  runs.get(name)[impl].push(Number(ns));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const cell = (xs) => `${median(xs).toFixed(2)} [${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}]`;
if (floor) {
  const ns = new Map();
  for (const [label, x] of lines.map((l) => l.split("\t"))) ns.set(label, [...(ns.get(label) ?? []), Number(x)]);
  console.log("| profile | raw `extern \"C\"` | WasmRust | wasm-bindgen | WasmRust / raw | WasmRust / wasm-bindgen |");
  console.log("|---|---|---|---|---|---|");
  for (const profile of ["lto", "default"]) {
    const [raw, ours, wbg] = ["raw", "ours", "wbg"].map((side) => ns.get(`${side}-${profile}`));
    const r = (a, b) => `${(median(a) / median(b)).toFixed(2)} (${(Math.min(...a) / Math.min(...b)).toFixed(2)})`;
    console.log(`| ${profile === "lto" ? "LTO, opt-level s" : "default release"} | ${cell(raw)} | ${cell(ours)} | ${cell(wbg)} | ${r(ours, raw)} | ${r(ours, wbg)} |`);
  }
}
for (const [name, { ours, wbg }] of runs) {
  const ratio = (median(ours) / median(wbg)).toFixed(2), low = (Math.min(...ours) / Math.min(...wbg)).toFixed(2);
  console.log(`| ${name} | ${cell(ours)} | ${cell(wbg)} | ${ratio} (${low}) |`);
}
