// Times the benchmark's calls for one implementation and prints `op ns_per_call` lines.
// Usage: node bench.mjs ours <module.wasm> | node bench.mjs wbg <glue.js>
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const [impl, path] = process.argv.slice(2);
let sink = null;
const host = { host_touch: (x) => void (sink = x), host_greet: (s) => void (sink = s) };
let e;
if (impl === "ours") {
  const { instantiate } = await import("../../../crates/wasm/js/wasmrust.mjs");
  ({ exports: e } = await instantiate(await readFile(path), { imports: { host } }));
} else {
  const glue = await import(pathToFileURL(path).href);
  glue.initSync({ module: await readFile(path.replace(/\.js$/, "_bg.wasm")) });
  e = glue;
}

const obj = { x: 1 };
const s11 = "hello world";
const INNER = 1000;
// Each case runs `n` calls (or `n` iterations inside wasm) and returns how many it ran.
const cases = {
  "add(u32,u32)": (n) => { for (let i = 0; i < n; i++) e.add(i, 1); return n; },
  "owned handle in": (n) => { for (let i = 0; i < n; i++) e.owned(obj); return n; },
  "borrowed handle in": (n) => { for (let i = 0; i < n; i++) e.borrowed(obj); return n; },
  "&str in (11 chars)": (n) => { for (let i = 0; i < n; i++) e.str_len(s11); return n; },
  "wasm->JS call with a handle": (n) => { for (let i = 0; i < n / INNER; i++) e.touch_loop(obj, INNER); return n; },
  "clone+drop in wasm": (n) => { for (let i = 0; i < n / INNER; i++) e.clone_drop_loop(obj, INNER); return n; },
};

const N = 2_000_000;
for (const [name, run] of Object.entries(cases)) {
  run(N / 4); // warm up: let the JIT tier up
  const samples = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    const n = run(N);
    samples.push(Number(process.hrtime.bigint() - t0) / n);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name}\t${samples[3].toFixed(2)}`);
}
if (sink === undefined) console.log("unreachable");
