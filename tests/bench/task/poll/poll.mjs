// ns/poll of each executor in Node: median of 21 runs of 10,000 tasks x 10 yields (11 polls each).
import { readFile } from "node:fs/promises";
const { instance } = await WebAssembly.instantiate(await readFile(process.argv[2]));
const { bench, executor_count } = instance.exports;
const names = process.argv[3].split(",");
const TASKS = 10000, YIELDS = 10, RUNS = 21, polls = TASKS * (YIELDS + 1);
for (let which = 0; which < executor_count(); which++) {
  for (let i = 0; i < 3; i++) bench(which, TASKS, YIELDS); // warm up the JIT
  const ns = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const done = bench(which, TASKS, YIELDS);
    ns.push(Number(process.hrtime.bigint() - start) / polls);
    if (done !== TASKS) throw new Error(`${names[which]} finished ${done} tasks`);
  }
  ns.sort((a, b) => a - b);
  console.log(`wasm/node\t${names[which]}\t${ns[RUNS >> 1].toFixed(1)}\t${ns[0].toFixed(1)}\t${ns[RUNS - 1].toFixed(1)}`);
}
