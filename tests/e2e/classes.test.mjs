// Exported classes (fixture `classes`): run by tests/classes.rs, as is and with
// WASMRUST_CODEGEN=0 (built from closures, as under a strict CSP).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { instantiate, RustError } from "../../crates/wasm/js/wasmrust.mjs";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const codegen = process.env.WASMRUST_CODEGEN !== "0";
const { exports: e, instance } = await instantiate(await readFile(process.env.WASM), { codegen });
const { Counter, Session, Token, Gauge, NonNegative } = e;
const stats = () => Array.from(e.table_stats());

test("construct, call methods that borrow, statics, getters and setters", () => {
  const c = new Counter("a", 5);
  assert.ok(c instanceof Counter);
  assert.equal(c.get(), 5);
  assert.equal(c.add(3), 8);
  assert.equal(c.label, "a");
  c.label = "b";
  assert.equal(c.label, "b");
  const z = Counter.zero();
  assert.ok(z instanceof Counter);
  assert.equal(z.get(), 0);
  assert.equal(z.label, "zero");
  assert.equal(c.rust_only, undefined, "#[wasm(skip)] is not a member");
  assert.equal(c.private_helper, undefined, "a private fn is not a member");
  assert.equal(e.helper_of(c), 16);
  c.free();
  z.free();
});

test("#[wasm(name = ..)] gives a method and a static their JS names, which errors use", () => {
  const c = Counter.startingAt(4);
  assert.ok(c instanceof Counter);
  assert.equal(c.label, "start");
  assert.equal(c.addTwice(3), 10);
  assert.equal(c.get(), 10);
  for (const rust of ["add_twice", "starting_at"]) {
    assert.equal(c[rust], undefined, `${rust}: not a method under its Rust name`);
    assert.equal(Counter[rust], undefined, `${rust}: not a static under its Rust name`);
  }
  assert.equal(Counter.addTwice, undefined, "a method is on the prototype");
  c.free();
  assert.throws(() => c.addTwice(1), { message: "Counter.addTwice: this Counter object is gone (freed)" });
});

test("&T parameters borrow, T parameters move the object into wasm", () => {
  const a = new Counter("a", 1), b = new Counter("b", 10);
  a.add_from(b);
  assert.equal(a.get(), 11);
  assert.equal(b.get(), 10, "borrowed: still usable");
  const dropped = e.dropped();
  a.absorb(b);
  assert.equal(a.get(), 21);
  assert.equal(e.dropped(), dropped + 1, "the moved counter ended in wasm");
  assert.throws(() => b.get(), { name: "Error", message: "Counter.get: this Counter object is gone (moved into Counter.absorb)" });
  assert.throws(() => a.absorb(b), { message: /^Counter\.absorb: argument 1 \(Counter\): this Counter object is gone/ });
  assert.equal(e.total(a, null), 21);
  assert.equal(e.total(a, new Counter("c", 4)), 25);
  assert.throws(() => e.total({}, null), { name: "TypeError", message: /^total: argument 1 \(&Counter\) must be a live Counter object/ });
  assert.throws(() => a.add_from(new Session(1)), TypeError, "an object of another class");
  a.free();
});

test("Option<&T> and Option<&mut T> parameters borrow an object or take null", () => {
  const a = new Counter("a", 2), b = new Counter("b", 5);
  assert.equal(e.sum_borrowed(a, b), 7);
  assert.equal(e.sum_borrowed(a, null), 2);
  assert.equal(e.sum_borrowed(a, undefined), 2);
  assert.equal(b.get(), 5, "borrowed: still usable");
  assert.equal(a.add_maybe(b), 7);
  assert.equal(a.add_maybe(null), 7);
  assert.equal(e.bump_maybe(b, 10), true);
  assert.equal(b.get(), 15);
  assert.equal(e.bump_maybe(null, 10), false);
  assert.throws(() => a.add_maybe(a), { message: /^Counter\.add_maybe: the Counter is in use by a call in progress/ }, "&mut self and &self of one object");
  assert.equal(a.get(), 7, "a refused argument leaves the receiver usable (not poisoned)");
  assert.throws(() => e.sum_borrowed(a, {}), { name: "TypeError", message: /must be a live Counter object/ });
  const gone = new Counter("g", 1);
  gone.free();
  assert.throws(() => e.bump_maybe(gone, 1), { message: /this Counter object is gone \(freed\)/ });
  a.free();
  b.free();
});

test("a self-taking method consumes: later use is an Error naming class and method", () => {
  const c = new Counter("x", 7);
  assert.equal(c.into_total(), 7);
  assert.throws(() => c.add(1), { name: "Error", message: "Counter.add: this Counter object is gone (moved into Counter.into_total)" });
  assert.throws(() => c.label, { message: /^Counter\.label: this Counter object is gone/ });
  c.free(); // nothing left to free: no error
  // A linear type's consuming method ends the JS object the same way.
  const s = new Session(42);
  assert.equal(s.sessionId, 42);
  assert.equal(s.close(), 42);
  assert.throws(() => s.close(), { name: "Error", message: "Session.close: this Session object is gone (moved into Session.close)" });
});

test("results make objects: Option<T>, classes without constructor", () => {
  const c = new Counter("s", 3);
  const copy = c.split();
  assert.ok(copy instanceof Counter);
  assert.equal(copy.label, "s copy");
  copy.add(1);
  assert.equal(c.get(), 3, "a distinct object");
  assert.equal(new Counter("n", 0).split(), null);
  assert.throws(() => new Token(), { name: "TypeError", message: /Token has no constructor/ });
  const t = e.make_token(1n << 40n);
  assert.equal(t.value(), 1n << 40n);
  t.free();
  c.free();
  copy.free();
});

test("a constructor returning Result<Self, E> makes the object or throws the Err, leaving nothing behind", () => {
  const g = new Gauge(2, 5);
  assert.ok(g instanceof Gauge);
  assert.deepEqual([g.level, g.max], [2, 5]);
  const before = stats();
  assert.throws(() => new Gauge(6, 5), (x) => x instanceof RustError && x.message === "level 6 over 5" && x.value === "level 6 over 5");
  // An `Error` Err is thrown as itself; any other value as a RustError holding it.
  const error = new TypeError("negative");
  assert.throws(() => new NonNegative(-1, error), (x) => x === error);
  const value = { why: "negative" };
  assert.throws(() => new NonNegative(-2, value), (x) => x instanceof RustError && x.value === value && x.message === "[object Object]");
  for (let i = 0; i < 1000; i++) assert.throws(() => new Gauge(i + 2, i + 1), RustError);
  assert.deepEqual(stats(), before, "failed constructions take no table slot, live or vacant");
  // A panic is a RuntimeError as in any constructor, and takes no slot either.
  assert.throws(() => new Gauge(0, 0), WebAssembly.RuntimeError);
  assert.deepEqual(stats(), before);
  const n = new NonNegative(7, error);
  assert.equal(n.value(), 7);
  const vacant = before[1] - before[0];
  assert.deepEqual(stats(), [before[0] + 1, before[1] + (vacant > 0 ? 0 : 1)], "the next object takes a slot as usual");
  n.free();
  g.free();
});

test("free and Symbol.dispose end the object; use after free is an Error", () => {
  const dropped = e.dropped();
  const c = new Counter("f", 1);
  c.free();
  assert.equal(e.dropped(), dropped + 1);
  assert.throws(() => c.get(), { name: "Error", message: "Counter.get: this Counter object is gone (freed)" });
  c.free(); // twice: nothing happens
  const d = new Counter("d", 1);
  d[Symbol.dispose ?? Symbol.for("nodejs.dispose")]();
  assert.equal(e.dropped(), dropped + 2);
  assert.throws(() => d.get(), /gone \(freed\)/);
});

test("stale, forged and re-entrant handles are Errors from wasm, never another object", () => {
  const raw = instance.exports;
  const c = new Counter("old", 1);
  c.free();
  const reuse = new Counter("new", 99); // reuses the slot with a new generation
  const [live, slots] = stats();
  assert.ok(live >= 1 && slots >= 1);
  // The freed object's handle, forged back to life: refused by wasm (generation check).
  const getRaw = raw["Counter.get"];
  for (const [i, g] of [[0, 1], [0, 0], [1e6, 1], [0, 0xffffffff]]) {
    let err;
    try {
      getRaw(i, g);
    } catch (x) {
      err = x;
    }
    if (i === 0 && g === 1 && err === undefined) continue; // slot 0 may really be live with generation 1
    assert.ok(err instanceof Error && !(err instanceof WebAssembly.RuntimeError), `${i},${g}: ${err}`);
    assert.match(err.message, /^Counter\.get: this Counter handle is freed, consumed or forged$/);
  }
  // A handle of another class: refused.
  const s = new Session(5);
  assert.throws(() => raw["Counter.get"](...handleOf(s)), /this Counter handle is freed, consumed or forged/);
  s.close();
  // Re-entrant: while `with_callback` borrows `reuse` mutably, the callback may not use it.
  let inner;
  assert.equal(reuse.with_callback(() => {
    try {
      reuse.get();
    } catch (x) {
      inner = x;
    }
  }), 99);
  assert.match(inner?.message ?? "", /^Counter\.get: the Counter is in use by a call in progress/);
  assert.equal(reuse.get(), 99, "the instance and the object survive");
  reuse.free();
});

test("a class object of another instance is an Error there, never that instance's object", async () => {
  // Two fresh instances: their first counters sit at the same slot and generation.
  const load = async () => (await instantiate(await readFile(process.env.WASM), { codegen })).exports;
  const [f, g] = [await load(), await load()];
  const mine = new f.Counter("mine", 1), theirs = new g.Counter("theirs", 50);
  assert.deepEqual(handleOf(mine), handleOf(theirs), "the same slot and generation");
  const refused = (where) => ({ name: "TypeError", message: `${where} must be a live Counter object of this instance, got a Counter object of another instance` });
  assert.throws(() => theirs.add_from(mine), refused("Counter.add_from: argument 1 (&Counter)"));
  assert.throws(() => theirs.absorb(mine), refused("Counter.absorb: argument 1 (Counter)"));
  assert.throws(() => g.total(mine, null), refused("total: argument 1 (&Counter)"));
  assert.throws(() => g.Counter.prototype.add.call(mine, 1), refused("Counter.add: this"));
  assert.throws(() => g.Counter.prototype.free.call(mine), refused("Counter.free: this"));
  // Neither object was reached, moved or freed.
  assert.equal(theirs.get(), 50);
  assert.equal(mine.get(), 1);
  assert.equal(theirs.add(1), 51);
  mine.free();
  theirs.free();
});

test("a panic in a &mut self method poisons the object (an Error naming the method); in a &self method it leaves it usable", () => {
  const dropped = e.dropped(), [live] = stats();
  const c = new Counter("p", 6);
  assert.throws(() => c.ratio(0), WebAssembly.RuntimeError);
  assert.equal(c.ratio(3), 2, "a &self method's panic leaves the object usable");
  assert.equal(c.add(1), 7, "also mutably");
  assert.throws(() => c.add_at_most(10, 8), WebAssembly.RuntimeError);
  const poisoned = (member) => ({
    name: "Error",
    message: new RegExp(`^${member.replace(".", "\\.")}: this Counter object is poisoned by a panic or exception in Counter\\.add_at_most: free\\(\\) ends it$`),
  });
  assert.throws(() => c.get(), poisoned("Counter.get"));
  assert.throws(() => c.add(1), poisoned("Counter.add"));
  assert.throws(() => c.label, poisoned("Counter.label"));
  assert.throws(() => { c.label = "q"; }, poisoned("Counter.label"));
  assert.throws(() => e.total(c, null), poisoned("total"));
  const other = new Counter("o", 1);
  assert.throws(() => other.add_from(c), poisoned("Counter.add_from"));
  assert.equal(other.get(), 1, "the call refused before running");
  c.free();
  assert.equal(e.dropped(), dropped, "a poisoned object is ended without running its Drop");
  assert.equal(stats()[0], live + 1, "its slot is free again");
  assert.throws(() => c.get(), { message: "Counter.get: this Counter object is gone (freed)" });
  // Moved into wasm (a `self` method, a `T` parameter): refused, and ended like `free`.
  const d = new Counter("d", 0);
  assert.throws(() => d.add_at_most(1, 0), WebAssembly.RuntimeError);
  assert.throws(() => d.into_total(), poisoned("Counter.into_total"));
  assert.throws(() => d.get(), /gone \(moved into Counter\.into_total\)/);
  assert.equal(stats()[0], live + 1);
  // A panic in a call nested under a JS callback that catches it: the outer call finishes, and
  // the object whose method panicked is poisoned once the outermost call returned.
  const inner = new Counter("i", 5);
  let caught;
  assert.equal(other.with_callback(() => {
    try {
      inner.add_at_most(1, 0);
    } catch (x) {
      caught = x;
    }
  }), 1);
  assert.ok(caught instanceof WebAssembly.RuntimeError);
  assert.equal(other.add(1), 2, "the outer object is fine");
  assert.throws(() => inner.get(), poisoned("Counter.get"));
  inner.free();
  // A JS exception thrown through a `&mut self` method stops it half-way too.
  assert.throws(() => other.with_callback(() => { throw new RangeError("from JS"); }), RangeError);
  assert.throws(() => other.get(), { message: "Counter.get: this Counter object is poisoned by a panic or exception in Counter.with_callback: free() ends it" });
  other.free();
  assert.equal(stats()[0], live, "every slot is free again");
  const after = new Counter("after", 1);
  assert.equal(after.add(1), 2, "the instance keeps working");
  after.free();
});

// The handle of an object, read through a raw member export (the test's only use of internals).
function handleOf(o) {
  const [sym, gen] = Object.getOwnPropertySymbols(o);
  return [o[sym], o[gen]];
}

test("a FinalizationRegistry frees objects JS lost", async () => {
  const before = stats()[0];
  (() => {
    for (let i = 0; i < 1000; i++) new Counter("lost", i);
  })();
  assert.equal(stats()[0], before + 1000);
  // (Objects earlier cases lost may go too.)
  for (let round = 0; round < 50 && stats()[0] > before; round++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(stats()[0] <= before, `every lost object was freed: ${stats()[0]} live, ${before} before`);
});

test("1,000,000 create/free cycles keep the wasm heap bounded", () => {
  for (let i = 0; i < 1000; i++) new Counter("warm", i).free();
  const memory = e.memory_bytes(), [, slots] = stats();
  for (let i = 0; i < 1_000_000; i++) {
    const c = new Counter("cycle", i);
    c.add(1);
    c.free();
  }
  assert.equal(e.memory_bytes(), memory, "no growth of linear memory");
  assert.equal(stats()[1], slots, "slots are reused");
});
