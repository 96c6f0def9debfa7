// Rust closures as JS functions (fixture `closures`): release, re-entrancy, self-release, FnOnce,
// stack closures, wrong types, panics. Run by tests/closures.rs with WASM=<closures.wasm>, as is
// and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate, RustError } from "../../crates/wasm/js/wasmrust.mjs";

let current; // the function `host.again` calls
let kept; // the last function `host.for_each` got
const imports = {
  host: {
    again: (depth) => current(depth),
    for_each: (f) => {
      kept = f;
      [1, 2, 3, 4].forEach((x) => f(x));
    },
    call_twice_catching: (f) => [13, 1].map((v) => {
      try {
        f(v);
        return "ok";
      } catch (e) {
        return e.message;
      }
    }).join(" | "),
    // The typed ones (tests/e2e/dts/closures.mts calls them).
    typed_twice: (f, x) => f(f(x)),
    typed_from_host: () => (n) => `#${n}`,
  },
};
const codegen = process.env.WASMRUST_CODEGEN !== "0";
const { exports: x } = await instantiate(await readFile(process.env.WASM), { imports, codegen });
x.init();

test("an FnMut keeps its state between calls until released; then it throws", () => {
  const f = x.counter(10);
  assert.equal(typeof f, "function");
  assert.equal(f(1), 11);
  assert.equal(f(5), 16);
  assert.equal(x.release("counter"), true);
  assert.throws(() => f(1), { name: "Error", message: "this Rust closure was released" });
  assert.equal(x.release("counter"), false);
});

test("a result of 2^31 is a result, not a refusal (the value a refused i32 call returns)", () => {
  const f = x.counter(0x7fffffff);
  assert.equal(f(1), 0x80000000);
  assert.equal(f(0), 0x80000000);
  assert.equal(f(1), 0x80000001);
  x.release("counter");
  assert.throws(() => f(0), { name: "Error", message: "this Rust closure was released" });
});

test("text arguments and results; a function handed over for good stays callable", () => {
  const hi = x.greeter("Hello");
  assert.equal(hi("Ada", 2), "Hello, Ada!!");
  assert.equal(hi("Bob", 0), "Hello, Bob");
  const hey = x.greeter("Hey"); // another closure, its own state
  assert.equal(hey("Eve", 1), "Hey, Eve!");
  assert.equal(hi("Ada", 1), "Hello, Ada!");
});

test("a Result result: Err throws", () => {
  const half = x.halver();
  assert.equal(half(8), 4);
  assert.throws(() => half(7), (e) => e instanceof RustError && e.message === "7 is odd");
});

test("wrong argument types are TypeErrors naming the argument (numbers convert, as for exports)", () => {
  const f = x.counter(0);
  assert.throws(() => f(1n), { name: "TypeError" }); // BigInt to a number, by the JS API
  assert.throws(() => x.greeter("a")(5, 1), { name: "TypeError", message: /argument 1 \(String\)/ });
  assert.equal(f(2), 2, "the closure still works");
  x.release("counter");
});

test("an Fn may be called re-entrantly", () => {
  current = x.recursive(true);
  assert.equal(current(4), 5, "five levels ran");
  assert.equal(x.last_error(), "");
  x.release("recursive");
});

test("an FnMut called re-entrantly throws inside, and stays callable", () => {
  current = x.recursive(false);
  assert.equal(current(3), 1, "the nested call was refused");
  assert.match(x.last_error(), /already running \(a re-entrant call/);
  assert.equal(current(0), 1, "callable again after");
  x.release("recursive");
  assert.throws(() => current(0), /released/);
});

test("a closure releasing itself during its call finishes the call, later calls throw", () => {
  const f = x.self_releasing(7);
  assert.equal(f(), 21);
  assert.throws(() => f(), { message: "this Rust closure was released" });
  assert.equal(x.release("self"), false, "already gone");
});

test("an Fn releasing itself during its call keeps its state until the call returns", () => {
  const f = x.self_releasing_fn(5);
  assert.equal(x.dropped(), 0);
  assert.equal(f(), 15);
  assert.equal(x.dropped(), 1, "dropped once, when its call returned");
  assert.throws(() => f(), { message: "this Rust closure was released" });
  assert.equal(x.release("self"), false, "already gone");
  // The same through an f64 closure's typed entry, and through a slot entry (an i64 too).
  const g = x.self_releasing_f64(5, false);
  assert.equal(g(0.5), 7.5);
  assert.equal(x.dropped(), 2, "dropped once, when its call returned");
  assert.throws(() => g(1), { message: "this Rust closure was released" });
  const h = x.self_releasing_f64(5, true);
  assert.equal(h(0.5, 0n), 7.5);
  assert.equal(x.dropped(), 3, "dropped once, when its call returned");
  assert.throws(() => h(1, 0n), { message: "this Rust closure was released" });
});

test("an FnOnce runs once", () => {
  const f = x.once("only");
  assert.equal(f(), "only");
  assert.throws(() => f(), { message: "this Rust FnOnce closure was already called" });
  assert.equal(x.release("once"), true);
});

test("four number arguments; an FnOnce of a number runs once", () => {
  const mix = x.mixer();
  assert.equal(mix(1, -5, false, 255), 251);
  assert.equal(mix(7, 2, true, 1), -10);
  assert.throws(() => mix(1, 2, true, 1n), { name: "TypeError" }); // BigInt to a number, by the JS API
  const wide = x.wide(); // i64, f32, u32, f64 through the slots
  assert.equal(wide(-5n, 1.5, 0xffffffff, 2), -5n + 3n + 4294967295n);
  assert.equal(wide(-(2n ** 63n), 0.25, 0, 4), -(2n ** 63n) + 1n);
  const triple = x.tripler();
  assert.equal(triple(14), 42);
  assert.throws(() => triple(1), { message: "this Rust FnOnce closure was already called" });
  assert.equal(x.release("tripler"), true);
  assert.throws(() => triple(1), { message: "this Rust closure was released" });
});

test("f64 and f32 closures take and return the number; a NaN result is a result; i32s convert as parameters do", () => {
  const scale = x.scale(0.5);
  assert.equal(scale(3), 1.5);
  assert.equal(scale(1e300), 5e299);
  assert.ok(Number.isNaN(scale(NaN)), "a NaN result, not a refusal");
  assert.ok(Object.is(scale(-0), -0));
  assert.equal(x.release("scale"), true);
  assert.throws(() => scale(1), { message: "this Rust closure was released" });
  const [same, negate] = x.floats();
  assert.equal(same(0.1), Math.fround(0.1), "rounded to f32 as an f32 parameter is");
  assert.equal(negate(2.5), -2.5);
  assert.throws(() => negate(1), { message: "this Rust FnOnce closure was already called" });
  // The first of several i32s crosses as a number: converted as an i32 parameter would be.
  const mix = x.mixer();
  assert.equal(mix(2 ** 32 + 1, 0, false, 0), 1);
  assert.equal(mix(-1, 0, false, 0), -1);
  assert.equal(mix(Infinity, 2, false, 0), 2);
  assert.equal(mix(7.9, 0, false, 0), 7);
  assert.equal(mix(-(2 ** 31), 0, false, 0), -(2 ** 31), "0x80000000: a result");
});

test("a stack closure for a synchronous callback; after its scope it throws", () => {
  assert.equal(x.sum_for_each(), 10);
  assert.throws(() => kept(5), { message: "this Rust closure was released" });
  assert.equal(x.sum_for_each(), 10, "again, with a new closure");
});

test("a panic in an FnMut rejects its call with the message; the FnMut is poisoned, the instance fine", () => {
  const f = x.panicking();
  assert.equal(f(1), 1);
  assert.throws(() => f(13), { message: /unlucky 13/ });
  assert.throws(() => f(1), { message: "this Rust FnMut closure panicked in an earlier call" });
  x.release("panicking");
  assert.equal(x.counter(1)(1), 2, "the instance is usable");
  x.release("counter");
});

test("a stack closure's panic caught by JS inside the import: later calls are refused until the call ends", () => {
  const out = x.scoped_panic();
  const [first, second, sum] = out.split(" | ");
  assert.match(first, /scoped unlucky 13/);
  assert.equal(second, "this Rust closure's scope was abandoned by a panic");
  assert.equal(sum, "sum=0");
  assert.equal(x.sum_for_each(), 10, "stack closures work again once the call ended");
});
