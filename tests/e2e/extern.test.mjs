// Host references under load and misuse, and the canvas example (fixture `extern-refs`).
// Run by tests/extern.rs with WASM=<extern_refs.wasm>, as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate, HandleError } from "../../crates/wasm/js/wasmrust.mjs";

// A fake canvas: enough of HTMLCanvasElement / CanvasRenderingContext2D for the example.
class HTMLCanvasElement {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.context = null;
  }
  getContext(kind) {
    return kind === "2d" ? (this.context ??= new CanvasRenderingContext2D(this)) : null;
  }
}
class CanvasRenderingContext2D {
  constructor(canvas) {
    this.canvas = canvas;
    this.fillStyle = "#000000";
    this.pixels = new Uint32Array(canvas.width * canvas.height);
  }
  fillRect(x, y, w, h) {
    const color = parseInt(this.fillStyle.slice(1), 16);
    for (let j = y; j < Math.min(y + h, this.canvas.height); j++) {
      for (let i = x; i < Math.min(x + w, this.canvas.width); i++) this.pixels[j * this.canvas.width + i] = color;
    }
  }
  checksum() {
    let sum = 0;
    this.pixels.forEach((p, i) => (sum = (sum * 31 + p + i) >>> 0));
    return sum;
  }
}

let made = 0;
let reentry; // the instance `host.reenter` calls back into
const imports = {
  host: {
    make_object: (id) => (made++, { id }),
    id_of: (o) => o.id,
    reenter: (words, depth) => reentry.scratch_call(words, depth),
    fail(message) {
      throw new Error(message);
    },
    reenter_and_catch(words) {
      // Two nested calls abandoned: a plain export, and one whose string and object are lent for
      // the call (the two kinds of generated function).
      const nested = [() => reentry.scratch_then_fail(words), () => reentry.scratch_then_fail_with(words, "the host gave up", { id: 2 })];
      for (const call of nested) {
        try {
          call();
          return false;
        } catch (err) {
          assert.equal(err.message, "the host gave up");
        }
      }
      return true;
    },
  },
  canvas: {
    getContext: (canvas, kind) => canvas.getContext(kind),
    setFillStyle: (ctx, style) => (ctx.fillStyle = style),
    fillRect: (ctx, x, y, w, h) => ctx.fillRect(x, y, w, h),
    snapshot: (ctx) => new Uint8Array(new Uint32Array([ctx.canvas.width, ctx.canvas.height, ctx.checksum()]).buffer),
  },
};
const bytes = await readFile(process.env.WASM);
const codegen = process.env.WASMRUST_CODEGEN !== "0";
const fresh = () => instantiate(bytes, { imports, classes: { HTMLCanvasElement, CanvasRenderingContext2D }, codegen });
const { exports: e, table } = await fresh();
const bounded = () => {
  e.flush();
  const s = table.stats();
  assert.equal(s.live, 0, JSON.stringify(s));
  assert.equal(s.borrowed, 0, JSON.stringify(s));
  return s;
};

test("1,000,000 create/clone/drop cycles in wasm keep the table bounded", () => {
  made = 0;
  const n = 1_000_000;
  assert.equal(e.cycles(n), ((n - 1) * n) / 2 % 2 ** 32);
  assert.equal(made, n);
  const s = bounded();
  assert.ok(s.length <= 40, `table length ${s.length}`);
});

test("1,000,000 owned and borrowed references from JS keep the table bounded", () => {
  const o = { id: 7 };
  for (let i = 0; i < 1_000_000; i++) assert.equal(e.take_and_clone(o), 7);
  for (let i = 0; i < 1_000_000; i++) assert.equal(e.lend_and_clone(o), 7);
  const s = bounded();
  assert.ok(s.length <= 40, `table length ${s.length}`);
});

test("a released handle traps with its message", () => {
  assert.throws(() => e.use_after_release({ id: 1 }), (err) => err instanceof HandleError &&
    /^wasmrust: stale host reference 0x[0-9a-f]{8} \(slot \d+, generation \d+; the slot is now at generation \d+\): it was used after it was released$/.test(err.message));
  bounded();
});

test("a stale handle never reaches the object that reused its slot", async () => {
  // A fresh instance, so the released slot is the only free one and is reused at once. (A trap
  // abandons the wasm frames, so the newcomer it holds is never released: one leaked reference.)
  const { exports: e } = await fresh();
  const touched = [];
  const id_of = imports.host.id_of;
  imports.host.id_of = (o) => (touched.push(o.id), o.id);
  try {
    assert.throws(() => e.use_after_reuse({ id: 1 }, 99), /stale host reference/);
  } finally {
    imports.host.id_of = id_of;
  }
  assert.deepEqual(touched, [], "the host function never ran");
  assert.equal(e.take_and_clone({ id: 5 }), 5, "the instance keeps working after a trap");
});

test("owned parameters are lent for the call, and pinned if wasm keeps them", () => {
  const before = table.stats().live;
  // Dropped during the call: no slot was used, and the handle dies with the call.
  const dropped = e.drop_param({ id: 4 });
  assert.ok(dropped >>> 0 >= 0x80000000, "a lent handle");
  assert.equal(table.stats().live, before);
  assert.throws(() => e.use_raw(dropped), /stale borrowed host reference/);
  // Kept: valid after the call until wasm drops it.
  const kept = [e.keep_param({ id: 1 }), e.keep_param({ id: 2 }), e.keep_param({ id: 3 })];
  assert.equal(table.stats().live, before + 3);
  assert.deepEqual(e.kept_ids(), new Uint8Array([1, 2, 3]));
  for (let i = 0; i < 1000; i++) e.drop_param({}); // the stack slot is reused meanwhile
  assert.equal(e.use_raw(kept[1]), 2);
  e.release_kept();
  bounded();
  assert.throws(() => e.use_raw(kept[0]), /stale borrowed host reference/);
});

test("forged and expired handles are refused", () => {
  // A number with this table's tag (bits 18..22) and a slot it never allocated.
  const forged = ((table.tag << 18) | 12345) >>> 0;
  assert.throws(() => e.use_raw(forged), new RegExp(`invalid host reference 0x${forged.toString(16).padStart(8, "0")}: its slot was never allocated`));
  const lent = e.leak_lent_handle({ id: 3 });
  assert.ok(lent >>> 0 >= 0x80000000, "a borrowed handle");
  assert.throws(() => e.use_raw(lent), /stale borrowed host reference .*lives only until the call that lent it returns/);
  assert.throws(() => e.use_raw(0xdeadbeef), HandleError);
  // The instance keeps working after a refused handle.
  assert.equal(e.take_and_clone({ id: 5 }), 5);
  bounded();
});

test("a handle number from another instance is refused, even where the same slot and generation is live", async () => {
  // Two fresh instances hold references at the same slot and generation: an owned one (made in
  // wasm) and a lent one pinned after its call. Carried as a raw number (`as_raw` in one,
  // `ExternRef::from_raw` in the other), each is refused with the tables' tags (each instance's
  // table has its own), and never reaches the other instance's object.
  const { exports: a, table: ta } = await fresh();
  const { exports: b, table: tb } = await fresh();
  assert.notEqual(ta.tag, tb.tag);
  const mine = [a.keep_made(1), a.keep_param({ id: 2 }), a.keep_param({ id: 3 })];
  const theirs = [b.keep_made(9), b.keep_param({ id: 8 })];
  const slotAndGeneration = (h) => (h >>> 0 >= 0x80000000 ? [h & 0xfff, h >>> 16] : [h & 0x3ffff, h >>> 22]);
  assert.deepEqual(slotAndGeneration(mine[0]), slotAndGeneration(theirs[0]), "the same owned slot and generation");
  assert.deepEqual(slotAndGeneration(mine[1]), slotAndGeneration(theirs[1]), "the same lent slot and generation");
  const touched = [];
  const id_of = imports.host.id_of;
  imports.host.id_of = (o) => (touched.push(o.id), o.id);
  try {
    for (const h of mine) {
      const message = `invalid host reference 0x${(h >>> 0).toString(16).padStart(8, "0")}: it is from another instance (tag ${ta.tag}; this instance's is ${tb.tag}), or forged`;
      assert.throws(() => b.use_raw(h), (err) => err instanceof HandleError && err.message === "wasmrust: " + message);
    }
  } finally {
    imports.host.id_of = id_of;
  }
  assert.deepEqual(touched, [], "no object of b was reached");
  // A number naming nothing in either (another tag, a slot never allocated).
  const forged = ((((tb.tag + 1) & 15) << 18) | 0xabc) >>> 0;
  assert.throws(() => b.use_raw(forged), /from another instance .*or forged/);
  // Both instances keep working, their own references untouched.
  assert.equal(b.take_and_clone({ id: 5 }), 5);
  assert.deepEqual(b.kept_ids(), new Uint8Array([9, 8]));
  assert.deepEqual(theirs.map((h) => b.use_raw(h)), [9, 8]);
  assert.deepEqual(a.kept_ids(), new Uint8Array([1, 2, 3]));
  assert.deepEqual(mine.map((h) => a.use_raw(h)), [1, 2, 3]);
});

test("the CanvasContext example draws on a fake canvas", () => {
  const canvas = new HTMLCanvasElement(32, 32);
  const sum = e.render_checkerboard(canvas, 4);
  const reference = new HTMLCanvasElement(32, 32).getContext("2d");
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 4; col++) {
      reference.fillStyle = (row + col) % 2 === 0 ? "#000000" : "#ffffff";
      reference.fillRect(col * 8, row * 8, 8, 8);
    }
  }
  assert.equal(sum, reference.checksum());
  assert.notEqual(sum, new HTMLCanvasElement(32, 32).getContext("2d").checksum(), "something was drawn");
  assert.equal(e.render_checkerboard(new HTMLCanvasElement(8, 8), 0), 0);
  assert.throws(() => e.render_checkerboard({ width: 8 }, 1), /must be an instance of HTMLCanvasElement/);
  bounded();
});

test("scratch lives until the outermost with_scratch returns, however exports nest", () => {
  // The shared instance: earlier cases threw through wasm on purpose, and it recovered.
  reentry = e;
  assert.ok(e.scratch_call(1000, 0) >= 4000);
  assert.equal(e.scratch_used(), 0, "reset when the call returned");
  // Four nested calls (three through the host): each checks its values after the inner ones
  // return, so none was reset early; all four allocations are live at the outermost end.
  assert.ok(e.scratch_call(100, 3) >= 4 * 100 * 4);
  assert.equal(e.scratch_used(), 0);
  assert.equal(e.call_depth(), 0, "an export without reference parameters adds no level");
});

test("an exception escaping the outermost call ends it: scratch, depth and stack pointer recover", async () => {
  const { exports: f, instance, table } = await fresh();
  assert.ok(!Object.keys(f).some((name) => name.startsWith("__wasmrust")), "the runtime's exports are hidden");
  const sp = instance.exports.__stack_pointer; // exported by the fixture's build script
  const top = sp.value;
  // 100 abandoned calls of a 32 KiB frame each: more than the 1 MiB shadow stack, had the
  // pointer not gone back each time.
  for (let i = 0; i < 100; i++) assert.throws(() => f.scratch_then_fail(1000), /^Error: the host gave up$/);
  assert.equal(sp.value, top, "the shadow-stack pointer is back");
  assert.equal(f.scratch_used(), 0, "the abandoned call's scratch was reset");
  assert.equal(f.call_depth(), 0, "the abandoned call no longer counts");
  assert.ok(f.scratch_call(1000, 0) >= 4000);
  assert.equal(f.scratch_used(), 0, "the next calls reset scratch again");
  // The same from a function that also lends a string and an object for the call.
  for (let i = 0; i < 100; i++) assert.throws(() => f.scratch_then_fail_with(1000, "gave up " + i, { id: 1 }), /^Error: gave up \d+$/);
  assert.deepEqual([f.scratch_used(), f.call_depth(), sp.value, table.stats().borrowed], [0, 0, top, 0]);
  // An exception before the module is entered (a wrong argument) abandons nothing.
  assert.throws(() => f.scratch_then_fail_with(1, 5, {}), /argument 2 \(&str\) must be a string/);
  assert.equal(f.call_depth(), 0);
});

test("a nested call abandoned by an exception the host catches ends with the enclosing call", async () => {
  const { exports: f, instance } = await fresh();
  const sp = instance.exports.__stack_pointer;
  const top = sp.value;
  reentry = f;
  // The outer call's values survive the abandoned inner call; all three allocations are live
  // at its end. The same from an export the signature records do not know.
  for (const outer of [f.nest_and_catch, f.plain_nest_and_catch]) {
    assert.ok(outer(1000) >= 3 * 1000 * 4);
    assert.equal(sp.value, top);
    assert.equal(f.scratch_used(), 0, "the outer call's return reset the scratch");
    assert.equal(f.call_depth(), 0);
  }
  assert.ok(f.scratch_call(100, 2) >= 3 * 100 * 4);
  assert.equal(f.scratch_used(), 0);
  // An abandoned outermost call after that still recovers.
  assert.throws(() => f.scratch_then_fail(10), /the host gave up/);
  assert.deepEqual([f.scratch_used(), f.call_depth(), sp.value], [0, 0, top]);
});
