// `#[wasm::export] async fn` and JS promises awaited in Rust (fixture `async-exports`). Run by
// tests/async_exports.rs with WASM=<async_exports.wasm>, as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate, RustError } from "../../crates/wasm/js/wasmrust.mjs";

const waiting = new Map(); // n -> { resolve, reject } of the promise `host.pending(n)` gave out
const imports = {
  host: {
    pending: (n) => new Promise((resolve, reject) => waiting.set(n, { resolve, reject })),
    reenter: (n) => x.ready(n, "r"), // called during a poll: the executor is running
  },
};
const settle = (n, v) => waiting.get(n).resolve(v);
const fail = (n, e) => waiting.get(n).reject(e);
const turn = () => new Promise((r) => setImmediate(r)); // lets promise reactions run
const codegen = process.env.WASMRUST_CODEGEN !== "0";
const { exports: x } = await instantiate(await readFile(process.env.WASM), { imports, codegen });
x.init();

test("an async export returns a promise of its result", async () => {
  const p = x.ready(7, "n=");
  assert.ok(p instanceof Promise);
  assert.equal(await p, "n=7");
});

test("the first poll runs inside the call; what it spawns or wakes runs from a microtask", async () => {
  const base = x.spawned();
  const p = x.marks(3, false);
  assert.equal(x.mark(), 3, "the body ran before the call returned");
  assert.equal(x.spawned(), base, "the task it spawned has not run yet");
  assert.equal(await p, 3);
  await turn();
  assert.equal(x.spawned(), base + 3, "the spawned task ran with no other call");
  const q = x.marks(4, true);
  assert.equal(x.mark(), 4);
  assert.equal(await q, 4, "woken by its own yield, it finished");
  assert.equal(x.spawned(), base + 7);
});

test("an async export called from JS while a task is polled: queued, then settled", async () => {
  assert.equal(await x.nested(5), "r5");
  assert.equal(await x.nested(6), "r6");
});

test("Ok resolves, Err rejects with a RustError", async () => {
  assert.equal(await x.checked(21), 42);
  await assert.rejects(x.checked(-1), (e) => e instanceof RustError && e.message === "-1 is negative");
});

test("a JS promise awaited in Rust: fulfilled, rejected with an Error (its message), rejected with a value", async () => {
  const p = x.plus_one(1);
  await turn();
  settle(1, 41);
  assert.equal(await p, 42);
  const q = x.plus_one(2);
  await turn();
  fail(2, new Error("no network"));
  await assert.rejects(q, { message: "no network" });
  const r = x.pass_rejection(3);
  await turn();
  const reason = { code: 7 };
  fail(3, reason);
  await assert.rejects(r, (e) => e instanceof RustError && e.value === reason, "the rejection value itself, in a RustError");
});

test("a value of the wrong type is an Err naming the type (numbers convert, as for imports)", async () => {
  const p = x.both(4, 12);
  await turn();
  settle(4, 5);
  // Lowered as a `FuncRef::call` result is: the TypeError's message.
  await assert.rejects(p, { message: /^result must be a string, got number 5$/ });
  assert.ok(!waiting.has(12), "the Err returned early");
});

test("a value that is neither T nor E throws its TypeError into the poll: the export rejects", async () => {
  const p = x.strict(33);
  await turn();
  settle(33, 5);
  await assert.rejects(p, (e) => e instanceof TypeError && e.message === "result must be a string, got number 5");
  const q = x.strict(34);
  await turn();
  settle(34, "four");
  assert.equal(await q, 4, "the instance and its executor go on");
});

test("two awaits in turn, settled out of order", async () => {
  const p = x.both(5, 6);
  await turn();
  assert.ok(waiting.has(5) && !waiting.has(6), "the second promise is asked for after the first settled");
  settle(5, "a");
  await turn();
  settle(6, "b");
  assert.equal(await p, "a+b");
});

test("a promise that never settles leaves its task waiting; others go on", async () => {
  const before = x.live_tasks();
  let done = false;
  x.plus_one(7).then(() => (done = true), () => (done = true));
  await turn();
  assert.equal(x.live_tasks(), before + 1);
  assert.equal(await x.checked(1), 2, "other async exports still run");
  await turn();
  assert.equal(done, false);
  assert.equal(x.live_tasks(), before + 1, "still waiting, nothing spins");
});

test("select drops the losing JsFuture; its promise settling later is ignored", async () => {
  const p = x.first_of(8, 9);
  await turn();
  settle(9, 2);
  assert.equal(await p, "second Ok(2)");
  settle(8, 1); // its reaction was released: nothing throws
  await turn();
});

test("a dropped JsFuture's token is stale: its promise settling later wakes no other wait", async () => {
  const p = x.first_of(30, 31);
  await turn();
  settle(31, 3);
  assert.equal(await p, "second Ok(3)");
  // The loser's host-wait slot is free and reused (a new generation) by the next await.
  const q = x.plus_one(32);
  await turn();
  settle(30, 100); // the dropped future's token: ignored
  await turn();
  let done = false;
  q.then(() => (done = true));
  await turn();
  assert.equal(done, false, "the new wait was not resolved by the stale token");
  settle(32, 1);
  assert.equal(await q, 2, "it takes its own promise's value");
});

test("a panic rejects the export's promise with its message; the instance stays usable", async () => {
  await assert.rejects(x.panics_now(3), { message: /async panic 3/ });
  const p = x.panics_later(10);
  await turn();
  settle(10, 5);
  await assert.rejects(p, { message: /late panic after Ok\(5\)/ });
  assert.equal(await x.checked(2), 4);
  const q = x.plus_one(11);
  await turn();
  settle(11, 1);
  assert.equal(await q, 2);
});

test("exported records, enums and variants: the promise resolves to what a sync export returns", async () => {
  const p = x.point_after(20);
  await turn();
  settle(20, 5);
  assert.deepEqual(await p, { x: 2.5, label: "p5", tags: ["a", "b"] });
  const q = x.point_after(21);
  await turn();
  fail(21, new Error("offline"));
  await assert.rejects(q, (e) => e instanceof RustError && e.message === "offline", "Result<Record, String>: Err rejects");
  assert.equal(await x.color(true), "Red");
  assert.equal(await x.color(false), "Green");
  assert.deepEqual(await x.shape(0), { tag: "Circle", val: 1.5 });
  assert.deepEqual(await x.shape(1), { tag: "Named", val: "shape 1" });
  assert.deepEqual(await x.shape(2), { tag: "Empty" });
  assert.deepEqual(await x.maybe_point(true), { x: 1, label: "one", tags: [] }, "Result<Option<Record>, Enum>");
  await assert.rejects(x.maybe_point(false), (e) => e instanceof RustError && e.value === "Green", "an enum Err");
});

test("a class object: the promise resolves to a live instance of the class", async () => {
  const p = x.counter_after(22);
  await turn();
  settle(22, 9);
  const c = await p;
  assert.ok(c instanceof x.Counter);
  assert.equal(c.get(), 9);
  c.free();
  assert.throws(() => c.get(), /Counter/);
});
