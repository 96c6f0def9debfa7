// Exported records, enums and variants (fixture `classes`), both ways: run by tests/classes.rs,
// as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
class Widget {
  constructor(id) {
    this.id = id;
  }
}
const { exports: e, table } = await instantiate(await readFile(process.env.WASM), { codegen, classes: { Widget } });
// Live references once wasm's dropped ones are released; none may stay lent after a call.
const live = () => (e.flush_refs(), assert.equal(table.stats().borrowed, 0), table.stats().live);

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

test("records hold ExternRef<T> and Option<ExternRef<T>> fields both ways, owned by the side holding them", () => {
  const before = live();
  const [a, b] = [new Widget("a"), new Widget("b")];
  const out = e.swapped({ label: "pair", widget: a, other: b });
  assert.deepEqual(out, { label: "PAIR", widget: b, other: a });
  assert.ok(out.widget === b && out.other === a, "the same host objects come back");
  assert.deepEqual(e.swapped({ label: "one", widget: a, other: null }), { label: "ONE", widget: a, other: null });
  assert.equal(live(), before, "records moved in and out leave no table slot behind");
  assert.equal(e.keep([{ label: "x", widget: a, other: b }, { label: "y", widget: b, other: undefined }]), 2);
  assert.equal(live(), before + 3, "wasm owns the kept records' references past the call");
  const back = e.take_kept();
  assert.deepEqual(back.map((r) => [r.label, r.widget, r.other]), [["x", a, b], ["y", b, null]]);
  assert.equal(live(), before, "handed back: wasm holds none");
  const shelf = new e.Shelf();
  assert.equal(shelf.put({ label: "s", widget: a, other: null }), 1, "a class member takes one too");
  assert.equal(live(), before + 1);
  assert.deepEqual(shelf.take_all(), [{ label: "s", widget: a, other: null }]);
  shelf.put({ label: "t", widget: b, other: a });
  shelf.free();
  assert.equal(live(), before, "freeing the object drops the records it held");
});

test("a wrong value in a reference field is a TypeError naming the field, and leaves no slot behind", () => {
  const before = live();
  assert.throws(() => e.swapped({ label: "x", widget: {}, other: null }), {
    name: "TypeError",
    message: "swapped: argument 1 (Labelled): Labelled.widget must be an instance of Widget, got object Object",
  });
  assert.throws(() => e.swapped({ label: "x", widget: new Widget(1), other: 5 }), { name: "TypeError", message: /Labelled\.other must be an instance of Widget, got number 5/ });
  assert.throws(() => e.keep([{ label: "ok", widget: new Widget(2), other: null }, { label: "bad", widget: "w", other: null }]), {
    name: "TypeError",
    message: /element 1: Labelled\.widget must be an instance of Widget/,
  });
  assert.equal(e.take_kept().length, 0, "the call never ran");
  assert.equal(live(), before);
});

test("variant payloads and records hold references: untyped ExternRef, typed FuncRef callbacks", () => {
  const before = live();
  const [w, v] = [new Widget("w"), new Widget("v")];
  const any = { some: "value" };
  const out = e.fill([{ tag: "Empty" }, { tag: "Filled", val: v }, { tag: "Anything", val: any }, { tag: "Anything", val: 7 }], w);
  assert.deepEqual(out, [{ tag: "Filled", val: w }, { tag: "Filled", val: v }, { tag: "Anything", val: any }, { tag: "Anything", val: 7 }]);
  assert.ok(out[0].val === w && out[2].val === any);
  assert.throws(() => e.fill([{ tag: "Filled", val: any }], w), { name: "TypeError", message: /Slot\.Filled must be an instance of Widget/ });
  const double = (n) => n * 2;
  const h = e.run_handler({ name: "double", run: double }, 21);
  assert.deepEqual(h, { name: "double=42", run: double });
  assert.equal(h.run, double, "the callback comes back as the same function");
  assert.throws(() => e.run_handler({ name: "x", run: 5 }, 1), { name: "TypeError", message: /Handler\.run must be a value of type function, got number 5/ });
  assert.equal(live(), before);
});
