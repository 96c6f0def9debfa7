// Each module loads exactly the parts of the runtime its signatures need, and works with them
// (fixture `js-parts`, one module per feature). Run by tests/abi.rs with WASM=<module>,
// FEATURE=numbers|text|refs|slices, and WASMRUST_CODEGEN=0 for the mode without `new Function`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { trackLoads } from "./loaded.mjs";

const runtime = new URL("../../crates/wasm/js/", import.meta.url);
const loaded = trackLoads(runtime);

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const feature = process.env.FEATURE;
class Point {
  constructor(x) {
    this.x = x;
  }
}
const { instantiate, HandleError } = await import(new URL("wasmrust.mjs", runtime));
const { exports: e, table } = await instantiate(await readFile(process.env.WASM), {
  codegen,
  classes: { Point },
  imports: { host: { shout: (s) => s.toUpperCase(), x_of: (p) => p.x } },
});

test("the module loaded only the parts it needs", () => {
  const needed = { numbers: [], text: ["gen.mjs", "text.mjs"], refs: ["gen.mjs", "refs.mjs", "table.mjs"], slices: ["gen.mjs", "slices.mjs"] }[feature];
  const csp = codegen ? [] : ["closures.mjs", "gen.mjs", "more.mjs"];
  assert.deepEqual(loaded(), [...new Set(["wasmrust.mjs", ...needed, ...csp])].sort());
});

test("and works with them", { skip: feature !== "numbers" }, () => {
  assert.equal(e.add(2 ** 32 - 1, 2), 1);
  assert.equal(e.add(2 ** 31, 0), 2 ** 31, "u32 results are unsigned");
  assert.equal(e.scale(1.5, -2, true), 3);
  assert.equal(e.scale(1.5, 255, false), -1.5, "i8 wraps like the wasm JS API");
  assert.equal(e.is_even(4), true);
  assert.equal(e.is_even(3), false);
  assert.equal(table, undefined, "no reference table");
});

test("and works with them", { skip: feature !== "text" }, () => {
  assert.equal(e.greet("Ada"), "HELLO, ADA!");
  assert.equal(e.greet("é".repeat(3000)), `HELLO, ${"É".repeat(3000)}!`);
  assert.deepEqual(e.reversed(new Uint8Array([1, 2, 3])), new Uint8Array([3, 2, 1]));
  assert.throws(() => e.greet(5), /greet: argument 1 \(&str\) must be a string, got number 5/); // named as written
});

test("and works with them", { skip: feature !== "refs" }, () => {
  const p = new Point(1.25);
  assert.equal(e.x_twice(p), 2.5);
  assert.equal(e.keep(p), p);
  for (let i = 0; i < 100; i++) assert.equal(e.drop_it({}), 7);
  assert.throws(() => e.x_twice({}), /x_twice: argument 1 \(&ExternRef<Point>\) must be an instance of Point/);
  e.flush();
  assert.deepEqual(table.stats(), { live: 0, length: table.stats().length, borrowed: 0 });
  assert.ok(HandleError);
});

test("and works with them", { skip: feature !== "slices" }, () => {
  assert.equal(e.sum(new Float32Array([1.5, 2.5])), 4);
  const x = new Int32Array([1, -2]);
  e.negate(x);
  assert.deepEqual([...x], [-1, 2]);
  assert.throws(() => e.sum([1]), /sum: argument 1 \(&\[f32\]\) must be a Float32Array, got object Array/);
});
