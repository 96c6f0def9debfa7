// Exported records, enums and variants (fixture `classes`), both ways: run by tests/classes.rs,
// as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const { exports: e } = await instantiate(await readFile(process.env.WASM), { codegen });

const shape = {
  name: "tri",
  points: [{ x: 0, y: 0 }, { x: 3, y: 0 }, { x: 0, y: 3 }],
  color: "Blue",
  tags: ["a", "b", "ü"],
  id: 41n,
  visible: true,
  initial: "t",
  scale: { ok: 1.5 },
  small: -128,
};

test("a record of records crosses both ways as a plain object", () => {
  assert.deepEqual(e.centroid(shape), { x: 1, y: 1 });
  assert.equal(e.centroid({ ...shape, points: [] }), null, "Option<record>");
  assert.deepEqual(e.transform(shape), {
    name: "TRI",
    points: [{ x: 0, y: -0 }, { x: 0, y: -3 }, { x: 3, y: -0 }],
    color: "Red",
    tags: ["ü", "b", "a"],
    id: 42n,
    visible: false,
    initial: "T",
    scale: { ok: 3 },
    small: -128,
  });
  const t = e.transform({ ...shape, color: null, scale: { err: "no" }, id: 2n ** 64n - 1n });
  assert.equal(t.color, null);
  assert.deepEqual(t.scale, { err: "no!" });
  assert.equal(t.id, 0n, "u64 wraps as in Rust (wrapping add in release)");
});

test("C-like enums are their case names", () => {
  assert.equal(e.next_color("Red"), "Green");
  assert.equal(e.next_color("Blue"), "Red");
  assert.throws(() => e.next_color("Purple"), { name: "TypeError", message: /one of "Red", "Green", "Blue" \(Color\)/ });
});

test("variants are { tag, val }, in lists, and may hold a class's object", () => {
  const c = new e.Counter("v", 1);
  const out = e.describe([{ tag: "Nothing" }, { tag: "Number", val: 4 }, { tag: "Label", val: "x" }, { tag: "At", val: { x: 1, y: 2 } }, { tag: "Counted", val: c }]);
  assert.deepEqual(out.slice(0, 4), [{ tag: "Label", val: "nothing" }, { tag: "Number", val: 40 }, { tag: "Label", val: "<x>" }, { tag: "At", val: { x: 2, y: 3 } }]);
  assert.equal(out[4].tag, "Counted");
  assert.ok(out[4].val instanceof e.Counter);
  assert.equal(out[4].val.get(), 101, "the object moved in, changed, and came back as a new JS object");
  assert.throws(() => c.get(), /gone \(moved into describe\)/);
  out[4].val.free();
  assert.deepEqual(e.describe([]), []);
});

test("a Result result holding a record: Err is thrown", () => {
  assert.deepEqual(e.checked({ x: 1, y: 2 }), { x: 1, y: 2 });
  assert.throws(() => e.checked({ x: Infinity, y: 0 }), /not finite/);
});

test("bad values are TypeErrors naming the field", () => {
  assert.throws(() => e.centroid({ ...shape, points: [{ x: 1 }] }), { name: "TypeError", message: /Point\.y is missing/ });
  assert.throws(() => e.centroid({ ...shape, name: 5 }), { name: "TypeError", message: /Shape\.name must be a string/ });
  assert.throws(() => e.centroid(null), { name: "TypeError", message: /must be a Shape object/ });
  assert.throws(() => e.describe([{ tag: "Bogus" }]), { name: "TypeError", message: /tag one of "Nothing"/ });
});

test("&Record and Option<&Record> parameters take a copy; usize / isize fields are numbers", () => {
  assert.deepEqual(e.shifted({ start: 10, len: 4, shift: -3 }), { start: 7, len: 4, shift: 3 });
  assert.deepEqual(e.shifted({ start: 4294967295, len: 0, shift: 0 }), { start: 4294967295, len: 0, shift: 0 }, "u32 range");
  assert.equal(e.weighted_length({ x: 3, y: 4 }, "Green"), 10);
  assert.equal(e.weighted_length(null, "Red"), 0);
  assert.throws(() => e.shifted({ start: 1, len: 2 }), TypeError, "a missing field");
  assert.throws(() => e.weighted_length({ x: 1, y: 1 }, "Purple"), TypeError, "not a case");
});
