// Checks the page's `node:test` and `node:assert/strict` (tests/browser.rs runs it on a page and
// expects exactly the cases named `fails ...` to fail). Not a test of WasmRust.
import { test } from "node:test";
import assert from "node:assert/strict";

class Custom extends Error {}

test("passes equal and deepEqual", () => {
  assert.equal(NaN, NaN);
  assert.deepEqual({ a: [1, 2n, "x"], b: new Uint8Array([1, 2]) }, { a: [1, 2n, "x"], b: new Uint8Array([1, 2]) });
});
test("passes ok, notEqual and match", () => {
  assert.ok(1);
  assert.notEqual(0, -0);
  assert.match("wasmrust: bad", /^wasmrust:/);
});
test("passes throws with a RegExp on String(error)", () => assert.throws(() => { throw new TypeError("bad handle"); }, /TypeError: bad handle/));
test("passes throws with a class", () => assert.throws(() => { throw new Custom("x"); }, Custom));
test("passes throws with an object", () => assert.throws(() => { throw new RangeError("out"); }, { name: "RangeError", message: /ou/ }));
test("passes throws with a validator", () => assert.throws(() => { throw 5; }, (e) => e === 5));
test("passes rejects", async () => assert.rejects(Promise.reject(new Error("late")), /late/));
test("passes rejects with a function", async () => assert.rejects(async () => { throw new Error("late"); }, Error));
test("passes an async case", async () => assert.equal(await Promise.resolve(3), 3));
test("passes deepEqual on a Map", () => assert.deepEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])));

test("fails equal on different values", () => assert.equal(1, "1"));
test("fails equal on 0 and -0", () => assert.equal(0, -0));
test("fails deepEqual on a different prototype", () => assert.deepEqual([1], { 0: 1 }));
test("fails deepEqual on a missing key", () => assert.deepEqual({ a: 1 }, { a: 1, b: undefined }));
test("fails deepEqual on typed arrays", () => assert.deepEqual(new Uint8Array([1]), new Uint8Array([2])));
test("fails ok", () => assert.ok(""));
test("fails match", () => assert.match("x", /y/));
test("fails throws when nothing is thrown", () => assert.throws(() => {}));
test("fails throws on a message mismatch", () => assert.throws(() => { throw new Error("a"); }, /b/));
test("fails throws on the wrong class", () => assert.throws(() => { throw new Error("a"); }, Custom));
test("fails rejects when it resolves", async () => assert.rejects(Promise.resolve(1)));
test("fails an async case", async () => { await null; assert.fail("late failure"); });
