// Every ABI type round-trips through an export and through an import (fixture `abi`).
// Run by tests/abi.rs: `node --test tests/e2e/abi.test.mjs` with WASM=<abi.wasm>, once as is and
// once with WASMRUST_CODEGEN=0 (the same cases without `new Function`, as under a strict CSP).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate, instantiateSync, RustError, HandleError } from "../../crates/wasm/js/wasmrust.mjs";

class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const echoed = [];
const echo = new Proxy({}, {
  get(_, name) {
    // A Result travels into the host as { ok } / { err }; the host answers by returning or throwing.
    return (x) => {
      echoed.push(name);
      if (String(name).startsWith("echo_res")) {
        if ("ok" in x) return x.ok;
        throw x.err;
      }
      return x;
    };
  },
});

const { exports: e, table } = await instantiate(await readFile(process.env.WASM), {
  imports: { echo },
  classes: { Point },
  predicates: { odd: (v) => typeof v === "number" && v % 2 === 1 },
  codegen,
});

const both = (name, values, expected = (v) => v) => {
  for (const prefix of ["rt_", "via_"]) {
    for (const v of values) {
      const got = e[prefix + name](v);
      assert.deepEqual(got, expected(v), `${prefix}${name}(${String(v)})`);
    }
  }
};

const pt = new Point(1, 2);
const fn = () => 42;

test("the typed functions are generated, or built from closures without `new Function`", () => {
  assert.equal(e.rt_u8.name, codegen ? "$rt_u8" : "");
  assert.equal(e.new(), 1, "an export may be named like a JS keyword");
});

test("integers keep their width and sign", () => {
  both("u8", [0, 1, 255]);
  both("i8", [-128, -1, 0, 127]);
  both("u16", [0, 65535]);
  both("i16", [-32768, 32767]);
  both("u32", [0, 1, 2 ** 31, 2 ** 32 - 1]);
  both("i32", [-(2 ** 31), -1, 0, 2 ** 31 - 1]);
  both("usize", [0, 2 ** 32 - 1]);
  both("isize", [-(2 ** 31), 2 ** 31 - 1]);
  both("u64", [0n, 2n ** 64n - 1n, 2n ** 63n]);
  both("i64", [-(2n ** 63n), -1n, 2n ** 63n - 1n]);
  assert.equal(e.rt_u64(7), 7n, "integral numbers are accepted for 64-bit integers");
  assert.equal(e.rt_u8(256 + 5), 5, "out-of-range numbers wrap like the wasm JS API");
});

test("floats, bool and char", () => {
  both("f32", [0, 1.5, -2.25, Infinity]);
  assert.ok(Number.isNaN(e.rt_f32(NaN)));
  assert.equal(e.via_f32(0.1), Math.fround(0.1));
  both("f64", [0, -0, 0.1, Number.MAX_VALUE, -Infinity]);
  both("bool", [true, false]);
  assert.equal(e.rt_bool(1), true, "truthiness");
  both("char", ["a", "é", "😀", "\u{10ffff}"]);
  for (const bad of ["", "ab", "\ud800", 65]) {
    assert.throws(() => e.rt_char(bad), /rt_char: argument 1 \(char\) must be a string of one character/);
  }
});

test("strings and bytes, owned and borrowed", () => {
  const strings = ["", "hello world", "héllo wörld", "😀 emoji", "x".repeat(100), "ü".repeat(5000), "\ud800 lone",
    // Every length of the short ASCII path (text.mjs `str`) and past it, and non-ASCII at its edges.
    ...Array.from({ length: 27 }, (_, n) => "abcdefghijklmnopqrstuvwxyz0".slice(0, n)), "abcdefghijké", "é" + "x".repeat(23), "x".repeat(23) + "é"];
  const expected = (s) => s.replace("\ud800", "\ufffd");
  both("string", strings, expected);
  both("str", strings, expected);
  both("opt_str", [...strings, null], (s) => (s === null ? null : expected(s)));
  assert.equal(e.rt_opt_str(undefined), null);
  const arrays = [new Uint8Array(), new Uint8Array([0, 1, 255]), new Uint8Array(10000).fill(7)];
  both("vec", arrays);
  both("bytes", arrays);
  assert.deepEqual(e.rt_vec([1, 2, 3]), new Uint8Array([1, 2, 3]));
  assert.deepEqual(e.rt_bytes(new Uint16Array([0x0201]).buffer), new Uint8Array([1, 2]));
  assert.throws(() => e.rt_string(5), /rt_string: argument 1 \(String\) must be a string, got number 5/);
  // `&str` and `&[u8]` are named as written, not as the owned types they cross as.
  assert.throws(() => e.rt_str(5), /rt_str: argument 1 \(&str\) must be a string, got number 5/);
  assert.throws(() => e.rt_opt_str(5), /rt_opt_str: argument 1 \(Option<&str>\) must be/);
  assert.throws(() => e.mixed(1, "b", null, {}, 1n, { ok: true }, 7, "h"), /mixed: argument 7 \(&\[u8\]\)/);
  assert.throws(() => e.rt_bytes("no"), /must be a Uint8Array/);
});

test("references come back as the same object", () => {
  for (const v of [pt, fn, {}, "a string", 7, null, undefined]) {
    assert.equal(e.rt_ref(v), v);
    assert.equal(e.via_ref(v), v);
  }
  both("point", [pt]);
  both("lent", [pt]);
  both("func", [fn]);
  assert.equal(e.via_lent_func(fn), fn);
  assert.throws(() => e.rt_point({}), /rt_point: argument 1 \(ExternRef<Point>\) must be an instance of Point, got object Object/);
  assert.throws(() => e.rt_func(pt), /must be a value of type function/);
  assert.throws(() => e.rt_lent(null), /must be an instance of Point, got null/);
});

test("Option: null and undefined are None", () => {
  both("opt_u32", [null, 0, 7]);
  both("opt_f64", [null, 0, -1.5]);
  both("opt_i64", [null, 0n, -5n]);
  both("opt_string", [null, "", "abc"]);
  both("opt_vec", [null, new Uint8Array([9])]);
  both("opt_ref", [null, pt, fn]);
  both("opt_point", [null, pt]);
  assert.equal(e.rt_opt_u32(undefined), null);
});

test("Result: a returned Err throws, a thrown value is Err", () => {
  both("res", [{ ok: 5 }], (v) => v.ok);
  both("res_ref", [{ ok: "fine" }], (v) => v.ok);
  both("res_unit", [{ ok: undefined }], () => undefined);
  both("res_opt", [{ ok: "c" }, { ok: null }], (v) => v.ok);
  for (const prefix of ["rt_", "via_"]) {
    assert.throws(() => e[prefix + "res"]({ err: "bad" }), (x) => x instanceof RustError && x.value === "bad" && x.message === "bad");
    assert.throws(() => e[prefix + "res_ref"]({ err: pt }), (x) => x instanceof RustError && x.value === pt);
    const err = new RangeError("range");
    assert.throws(() => e[prefix + "res_ref"]({ err }), (x) => x === err, "an Error is thrown as itself");
    assert.throws(() => e[prefix + "res_unit"]({ err: "no" }), /^RustError: no$/);
    assert.throws(() => e[prefix + "res_opt"]({ err: 200 }), (x) => x.value === 200);
  }
  assert.throws(() => e.rt_res(5), /must be \{ ok: value \} or \{ err: value \}/);
  // Nested Results are { ok } / { err } objects in both directions.
  both("opt_res", [null, { ok: -3n }, { err: true }]);
});

test("calls mixing many kinds of parameters", () => {
  const got = e.mixed(3, "bé", null, pt, -9n, { err: "e" }, new Uint8Array([4, 5]), "z");
  assert.equal(got, '3|bé|None|true|-9|Err("e")|[4, 5]|z');
  assert.equal(e.mixed(255, "", 2.5, {}, 0n, { ok: true }, [], "😀"), "255||Some(2.5)|true|0|Ok(true)|[]|😀");
});

test("FuncRef calls with the ABI types", () => {
  assert.deepEqual(e.call_with((n, s, p) => `${n}:${s}:${p.x}`, 7, "seven", pt), "7:seven:1");
  assert.throws(() => e.call_with(() => 1, 1, "", pt), /must be a string, got number 1/, "a wrong result type is a TypeError");
  assert.throws(() => e.call_with((n) => { throw new Error(`boom ${n}`); }, 2, "", pt), (x) => x instanceof RustError && x.message === "boom 2");
  let seen;
  const out = e.call_many((...args) => ((seen = args), "done"));
  assert.equal(out, "done");
  assert.deepEqual(seen, [true, "ß", -5, 2n ** 64n - 1n, 1.5, new Uint8Array([1, 2]), null, { ok: 7 }]);
  assert.equal(e.call_for_point(() => pt), pt);
  assert.equal(e.call_for_point(() => null), null);
  assert.throws(() => e.call_for_point(() => { throw "nope"; }), (x) => x.value === "nope");
  assert.throws(() => e.call_for_point(() => ({})), /must be an instance of Point/);
});

test("casts ask the host's type tests", () => {
  assert.equal(e.classify(pt), "point");
  assert.equal(e.classify("s"), "text");
  assert.equal(e.classify(3), "odd");
  assert.equal(e.classify(4), "");
  assert.equal(e.classify(fn), "function");
  assert.equal(e.cast_point(pt), pt);
  assert.throws(() => e.cast_point({ not: "a point" }), (x) => x instanceof RustError && x.value.not === "a point");
});

// Glue emitted ahead of time (tests/aot.rs) reads no section when loading: emit.mjs checks it.
test("a record format this wasmrust.mjs does not know is a clear error", { skip: process.env.WASMRUST_GLUE && "emitted glue" }, async () => {
  const name = [..."wasmrust"].map((c) => c.charCodeAt(0));
  const section = (payload) => [0, name.length + 1 + payload.length, name.length, ...name, ...payload];
  const module = (payload) => new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...section(payload)]);
  await assert.rejects(instantiate(module([5, 1, 0])), /the module's signature records use format 5, but this wasmrust.mjs reads format 4/);
  // Unknown record kinds of a known version are skipped.
  const { exports } = await instantiate(module([4, 2, 9, 9]));
  assert.deepEqual(Object.keys(exports), []);
  // Formats 1 and 2 (a record per class member; never released) are refused by version, not
  // read as if they were format 4; so is format 3, whose class records name exports
  // `__wasmrust:C.get` that a format 4 reader would not find (the classes would be lost without
  // a word). A class as format 4 writes it (one record; the receiver in the role byte, `&self`
  // 0x20 | getter 3; the constructor's result and `free` implied):
  const s = (t) => [t.length, ...[...t].map((c) => c.charCodeAt(0))], rec = (v, body) => [v, body.length, ...body];
  await assert.rejects(instantiate(module(rec(2, [3, ...s(""), ...s("C"), ...s("free"), 5, 0, 0]))), /the module's signature records use format 2, but this wasmrust.mjs reads format 4: .* or rebuild the module with this one$/);
  const four = rec(4, [4, ...s("C"), 2, ...s(""), ...s("get"), 0x23, 0, 7, ...s("new"), ...s(""), 1, 1, 7]);
  await assert.rejects(instantiate(module(rec(3, four.slice(2)))), /the module's signature records use format 3, but this wasmrust.mjs reads format 4/);
  const { readSignatures } = await import("../../crates/wasm/js/wasmrust.mjs"); // the runtime's reader (not in emitted glue)
  const members = (payload) => readSignatures(new WebAssembly.Module(module(payload))).members;
  assert.deepEqual(members(four).map((m) => [m.raw, m.name, m.role, m.params.map((t) => t.cls)]), [
    ["C.get", "get", 3, ["C"]],
    ["C.new", "constructor", 1, [undefined]],
    ["C.free", "free", 5, []],
  ]);
});

test("sources: a Response, bytes synchronously, a compiled module; classes not given are named", async () => {
  const bytes = await readFile(process.env.WASM);
  const fromResponse = await instantiate(new Response(bytes, { headers: { "Content-Type": "application/wasm" } }), { imports: { echo }, codegen });
  assert.equal(fromResponse.exports.rt_u32(7), 7);
  const sync = instantiateSync(bytes, { imports: { echo }, codegen });
  assert.equal(sync.exports.via_string("s"), "s");
  const module = await WebAssembly.compile(bytes);
  const { exports: noClasses } = instantiateSync(module, { imports: { echo }, codegen });
  assert.throws(() => noClasses.rt_point(pt), /class Point is not defined here; pass it as instantiate\(\.\., \{ classes: \{ Point \} \}\)/);
  assert.notEqual(sync.table, fromResponse.table, "one table per instance");
});

test("a missing host function is named", async () => {
  await assert.rejects(instantiate(await readFile(process.env.WASM), { imports: {} }), /missing host import echo\.echo_\w+: pass it as instantiate/);
});

test("no reference is left behind", () => {
  e.flush();
  assert.deepEqual(table.stats(), { live: 0, length: table.stats().length, borrowed: 0 });
  assert.ok(table.stats().length <= 40, JSON.stringify(table.stats()));
  assert.ok(echoed.length > 100);
  assert.ok(HandleError);
});
