// Panics reach JS as an `Error` with Rust's message and location (fixture `panics`, which calls
// `wasm::report_panics()` in `init`), and the instance keeps working after each one.
// Run by tests/abi.rs: `node --test tests/e2e/panics.test.mjs` with WASM=<panics.wasm>, with and
// without generated wrappers (WASMRUST_CODEGEN=0).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const bytes = await readFile(process.env.WASM);
let e;
const { exports, table } = await instantiate(bytes, {
  codegen,
  imports: {
    host: {
      call_back: (n) => e.divide(n, 0),
      call_and_catch() {
        try {
          e.scratch_len("nested", true);
          return false;
        } catch (err) {
          return /failed on "nested"/.test(err.message);
        }
      },
    },
  },
});
e = exports;

/** Asserts `f` throws a plain `Error` (not the trap) whose message is Rust's panic text. */
function panics(f, message) {
  assert.throws(f, (err) => {
    assert.ok(!(err instanceof WebAssembly.RuntimeError), `still a trap: ${err}`);
    assert.ok(err instanceof Error);
    assert.match(err.message, /^panicked at \S*panics\/src\/lib\.rs:\d+:\d+:\n/);
    assert.match(err.message, message);
    assert.ok(err.cause instanceof WebAssembly.RuntimeError, "the trap is kept as the cause");
    return true;
  });
}

test("before report_panics a panic is the bare trap", async () => {
  const fresh = (await instantiate(bytes, { codegen, imports: { host: { call_back: () => 0, call_and_catch: () => false } } })).exports;
  assert.throws(() => fresh.divide(1, 0), WebAssembly.RuntimeError);
});

test("a panic is an Error with its message and location, again and again", () => {
  e.init();
  e.init(); // installing twice is harmless
  for (let i = 0; i < 3; i++) {
    panics(() => e.divide(7, 0), /divide by zero: 7 \/ 0$/);
    assert.equal(e.divide(7, 2), 3, "the instance still answers");
  }
});

test("the scratch arena is reset after a panic", () => {
  e.init();
  panics(() => e.scratch_len("abc", true), /failed on "abc"/);
  assert.equal(e.scratch_used(), 0);
  assert.equal(e.scratch_len("hello", false), 5);
  assert.equal(e.scratch_used(), 0);
});

test("references stay consistent after a panic", () => {
  e.init();
  const before = table.stats();
  const obj = { name: "kept" };
  panics(() => e.keep_ref(obj, true), /index out of bounds: the len is 0 but the index is 3/);
  assert.equal(table.stats().borrowed, before.borrowed, "the lent reference was let go");
  assert.equal(e.keep_ref(obj, false), obj);
  assert.equal(table.stats().borrowed, before.borrowed);
});

test("a panic in a nested call surfaces through the outer call", () => {
  e.init();
  panics(() => e.outer(5), /divide by zero: 5 \/ 0$/);
  assert.equal(e.divide(9, 3), 3);
});

test("thousands of panics leave the instance usable (the module exports __stack_pointer)", () => {
  e.init();
  for (let i = 0; i < 10000; i++) panics(() => e.scratch_len("abc", true), /failed on "abc"/);
  assert.equal(e.scratch_len("hello", false), 5);
  assert.equal(e.scratch_used(), 0);
});

test("a nested call abandoned under a host catch is ended when the outermost call returns", () => {
  e.init();
  // The outer export holds no call level: the runtime ends the nested one's when it returns.
  assert.equal(e.outer_catches(), true);
  assert.equal(e.depth(), 0, "the abandoned level is over");
  assert.equal(e.scratch_len("hello", false), 5);
  assert.equal(e.scratch_used(), 0, "the next with_scratch is outermost again and resets");
  // Generated wrappers end them when the next call starts (wasmrust.mjs `guardParts`): twice in
  // a row, the second call ends the first one's before its own nested call is abandoned.
  assert.equal(e.outer_catches(), true);
  assert.equal(e.outer_catches(), true);
  assert.equal(e.depth(), 0, "both abandoned levels are over");
  assert.equal(e.scratch_len("hello", false), 5);
});

test("the async executor runs again after a task panicked", () => {
  e.init();
  assert.equal(e.run_task(false), 7);
  panics(() => e.run_task(true), /task failed/);
  assert.equal(e.run_task(false), 7, "the executor is not left marked as running");
});
