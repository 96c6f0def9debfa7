// Boundary types users hit (fixture `boundary`): `Vec<String>`, `Vec<ExternRef<T>>` and
// `Vec<FuncRef>`, `wasm::Clamped` bytes as `Uint8ClampedArray`, and `Debug` of an `ExternRef`.
// Run by tests/boundary.rs with WASM=<wasm>, once with generated wrappers and once with
// WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate, RustError } from "../../crates/wasm/js/wasmrust.mjs";
import { declarations } from "../../crates/wasm/js/dts.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
class Canvas {
  constructor(id) {
    this.id = id;
  }
}
let shown = null;
const host = {
  show: (px) => ((shown = px), px.length),
  pixels: () => new Uint8ClampedArray([1, 2, 300, -5]),
  answer: (words, tag) => (tag === "bad" ? ["ok", 7] : tag === "none" ? "not an array" : [...words].reverse().map((w) => tag + w)),
  maybe_answer: (words) => (words.length ? words : null),
};
const bytes = await readFile(process.env.WASM);
const { exports: e, table } = await instantiate(bytes, { codegen, classes: { Canvas }, imports: { host } });
const live = () => (e.flush_refs(), table.stats().live);

test("Vec<String> parameters and results are arrays of strings", () => {
  assert.equal(e.join(["a", "bé", "🦀"], "-"), "a-bé-🦀");
  assert.equal(e.join([], ","), "");
  assert.deepEqual(e.split("  one two\tthree "), ["one", "two", "three"]);
  assert.deepEqual(e.split(""), []);
  assert.deepEqual(e.shout(["hi", "ünï"]), ["HI!", "ÜNÏ!"]);
  const many = Array.from({ length: 2000 }, (_, i) => "word" + i); // larger than the scratch area
  assert.deepEqual(e.shout(many), many.map((w) => w.toUpperCase() + "!"));
});

test("Vec<String> inside Option and Result", () => {
  assert.equal(e.some_words(0), null);
  assert.deepEqual(e.some_words(3), ["w0", "w1", "w2"]);
  assert.deepEqual(e.words_or_fail(["x", "y"]), ["x", "y"]);
  assert.throws(() => e.words_or_fail(["x", ""]), (err) => err instanceof RustError && err.message === "an empty word");
});

test("a wrong Vec<String> element is a TypeError naming export, argument and index", () => {
  assert.throws(() => e.join(["a", 5, "c"], ","), { name: "TypeError", message: "join: argument 1 (Vec<String>) element 1 must be a string, got number 5" });
  assert.throws(() => e.shout(["a", "b", null]), { name: "TypeError", message: /^shout: argument 1 \(Vec<String>\) element 2 must be a string, got null$/ });
  assert.throws(() => e.join("abc", ","), { name: "TypeError", message: /^join: argument 1 \(Vec<String>\) must be an array, got string abc$/ });
  assert.equal(e.join(["still", "usable"], " "), "still usable");
});

test("Vec<String> through an import: the host gets and returns arrays, checked", () => {
  assert.deepEqual(e.via_host(["a", "b", "ü"], "+"), ["+ü", "+b", "+a", "3 from the host"]);
  assert.deepEqual(e.via_host([], ""), ["0 from the host"]);
  assert.deepEqual(e.maybe_via_host(["x"]), ["x"]);
  assert.equal(e.maybe_via_host([]), null);
  assert.throws(() => e.via_host(["a"], "bad"), { name: "TypeError", message: "result element 1 must be a string, got number 7" });
  assert.throws(() => e.via_host(["a"], "none"), { name: "TypeError", message: "result must be an array, got string not an array" });
  assert.deepEqual(e.via_host(["still"], "ok "), ["ok still", "1 from the host"]);
});

test("Vec<ExternRef<T>> passes host values in and out, typed elements checked", () => {
  const before = live();
  const [a, b, c] = [new Canvas(1), new Canvas(2), new Canvas(3)];
  assert.equal(e.count_refs([a, "x", 3, null, {}]), 5);
  const back = e.reverse_canvases([a, b, c]);
  assert.equal(back.length, 3);
  assert.ok(back[0] === c && back[1] === b && back[2] === a, "the same objects, reversed");
  const two = e.twice([a, b]);
  assert.ok(two[0] === a && two[1] === a && two[2] === b && two[3] === b);
  assert.deepEqual(e.reverse_canvases([]), []);
  assert.throws(() => e.reverse_canvases([a, { id: 9 }]), {
    name: "TypeError",
    message: "reverse_canvases: argument 1 (Vec<ExternRef<Canvas>>) element 1 must be an instance of Canvas, got object Object",
  });
  assert.equal(e.count_funcs([() => 1, Math.max]), 2);
  assert.throws(() => e.count_funcs([() => 1, 2]), { name: "TypeError", message: "count_funcs: argument 1 (Vec<ExternRef<function>>) element 1 must be a value of type function, got number 2" });
  assert.equal(live(), before, "lent elements and results leave nothing in the table, also after a refused call");
});

test("references of a Vec<ExternRef> kept by wasm outlive the call", () => {
  const before = live();
  const objs = [new Canvas(7), "text", [1, 2]];
  e.keep(objs);
  assert.equal(live(), before + 3, "wasm holds the three it kept");
  e.join(["other", "call"], " "); // later calls do not end them
  const back = e.take_kept();
  assert.equal(back.length, 3);
  assert.ok(back.every((v, i) => v === objs[i]));
  assert.equal(live(), before, "handed back, nothing left");
});

test("Clamped<Vec<u8>> is a Uint8ClampedArray; Clamped<&[u8]> takes one", () => {
  const px = e.gradient(3, 2);
  assert.ok(px instanceof Uint8ClampedArray);
  assert.deepEqual([...px], [0, 0, 0, 255, 1, 0, 0, 255, 2, 0, 0, 255, 3, 0, 0, 255, 4, 0, 0, 255, 5, 0, 0, 255]);
  if (typeof ImageData === "function") assert.equal(new ImageData(px, 3, 2).width, 3);
  const bright = e.brighten(new Uint8ClampedArray([0, 100, 250, 255]));
  assert.ok(bright instanceof Uint8ClampedArray);
  assert.deepEqual([...bright], [10, 110, 255, 255]);
  assert.equal(e.clamped_sum(new Uint8ClampedArray([1, 2, 3, 250])), 256);
  assert.deepEqual([...e.brighten(new Uint8ClampedArray(0))], []);
  assert.throws(() => e.brighten("abc"), { name: "TypeError", message: /^brighten: argument 1 \(Clamped<&\[u8\]>\) must be/ });
});

test("Clamped through an import: the host gets a Uint8ClampedArray and returns one", () => {
  assert.equal(e.through_host(), 4);
  assert.ok(shown instanceof Uint8ClampedArray);
  assert.deepEqual([...shown], [1, 2, 255, 0]);
});

test("Debug of an ExternRef or a FuncRef names the host value's kind", () => {
  const d = (v) => e.debug_ref(v);
  assert.match(d(new Canvas(1)), /^ExternRef<Any>\(0x[0-9a-f]{8} Canvas\)$/);
  assert.match(d("abc"), /^ExternRef<Any>\(0x[0-9a-f]{8} string "abc"\)$/);
  assert.match(d("x".repeat(100)), new RegExp(`^ExternRef<Any>\\(0x[0-9a-f]{8} string "${"x".repeat(32)}"…\\)$`));
  assert.match(d(42), / number 42\)$/);
  assert.match(d(10n), / bigint 10n\)$/);
  assert.match(d(null), / null\)$/);
  assert.match(d([1, 2, 3]), / Array\(3\)\)$/);
  assert.match(d(Object.create(null)), / Object \(null prototype\)\)$/);
  assert.match(d(function named() {}), / function named\)$/);
  assert.match(d("é".repeat(200)), /…\)$/, "a long multi-byte string is cut at a character");
  assert.match(e.debug_canvas(new Canvas(2)), /^ExternRef<Canvas>\(0x[0-9a-f]{8} Canvas\)$/);
  assert.match(e.debug_func(function onTick() {}), /^FuncRef\(0x[0-9a-f]{8} function onTick\)$/);
  assert.match(e.debug_func(() => 1), /^FuncRef\(0x[0-9a-f]{8} function \(anonymous\)\)$/);
});

test("TypeScript declarations: string[], T[] of references, Uint8ClampedArray", () => {
  const d = declarations(bytes), line = (name) => d.split("\n").find((l) => l.trim().startsWith(name + "("))?.trim();
  assert.match(line("join"), /^join\(\w+: string\[\], \w+: string\): string;$/);
  assert.match(line("some_words"), /^some_words\(\w+: number\): string\[\] \| null;$/);
  assert.match(line("reverse_canvases"), /^reverse_canvases\(\w+: Canvas\[\]\): Canvas\[\];$/);
  assert.match(line("count_refs"), /^count_refs\(\w+: unknown\[\]\): number;$/);
  assert.match(line("brighten"), /^brighten\(\w+: Uint8ClampedArray\): Uint8ClampedArray;$/);
  assert.match(line("pixels"), /^pixels\(\): Uint8ClampedArray;$/);
});
