// Summarizes `impl<TAB>case<TAB>ns` lines (one per sample) as a Markdown table:
// median [lowest–highest] per side, ratio of the medians (and of the lowest).
// Usage: node summary.mjs calls.tsv
import { readFileSync } from "node:fs";

const runs = new Map();
for (const line of readFileSync(process.argv[2], "utf8").split("\n")) {
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
for (const [name, { ours, wbg }] of runs) {
  const ratio = (median(ours) / median(wbg)).toFixed(2), low = (Math.min(...ours) / Math.min(...wbg)).toFixed(2);
  console.log(`| ${name} | ${cell(ours)} | ${cell(wbg)} | ${ratio} (${low}) |`);
}
