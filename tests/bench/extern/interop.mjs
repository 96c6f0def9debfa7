// Checks ExternRef <-> JsValue in a wasm-bindgen module (exits non-zero on failure) and times one
// conversion round trip. Usage: node interop.mjs <pkg dir from wasm-bindgen --target web>
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const dir = process.argv[2];
class Point {
  constructor(x) {
    this.x = x;
  }
}
globalThis.Point = Point;
const glue = await import(pathToFileURL(join(dir, "bench_extern_interop.js")).href);
glue.initSync({ module: await readFile(join(dir, "bench_extern_interop_bg.wasm")) });
// The snippet wasm-bindgen copied is the module whose table the wasm side uses.
const snippet = (await readdir(join(dir, "snippets"))).find((d) => d.startsWith("wasm-"));
const rt = await import(pathToFileURL(join(dir, "snippets", snippet, "js", "table.mjs")).href);

const p = new Point(2.5);
assert.equal(glue.round_trip(p), p, "the same object comes back");
assert.equal(glue.round_trip("text"), "text");
assert.equal(glue.is_point(p), true);
assert.equal(glue.is_point({ x: 1 }), false);
assert.equal(glue.point_x(p), 2.5);
for (let i = 0; i < 100_000; i++) glue.round_trip(p);
glue.flush();
assert.deepEqual(rt.bindgenTable.stats(), { live: 0, length: rt.bindgenTable.stats().length, borrowed: 0 });
assert.ok(rt.bindgenTable.stats().length <= 40, JSON.stringify(rt.bindgenTable.stats()));

const N = 1_000_000, INNER = 1000;
const runs = [];
for (let r = 0; r < 5; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N / INNER; i++) glue.convert_loop(p, INNER);
  runs.push(Number(process.hrtime.bigint() - t0) / N);
}
runs.sort((a, b) => a - b);
console.log(`interop ok\tJsValue -> ExternRef -> JsValue\t${runs[0].toFixed(2)}`);
