// Imports bound to JS by name (fixture `web-bindings`): no host functions in `imports` for them,
// only the globals and objects the bindings name (one block mixes in a host function). Run by
// tests/web.rs with WASM=<web_bindings.wasm>, as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const bytes = await readFile(process.env.WASM);
let made = new Map([["x", 1]]);
globalThis.webTest = { makeMap: () => made, NotAClass: 7 }; // `webTest.NoSuchClass` stays undefined
const imports = { host: { offset: () => 0.5 } };
const { exports: e, module } = await instantiate(bytes, { codegen, imports });

test("bound functions need no host function; a block mixes them with host ones", () => {
  const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  assert.deepEqual([...modules].filter((m) => m !== "__wasmrust").sort(), ["__wasmrust_js", "host"]);
  assert.deepEqual(WebAssembly.Module.imports(module).filter((i) => i.module === "host").map((i) => i.name), ["offset"]);
  assert.equal(e.smaller_plus_offset(3, 2), 2.5);
});

test("globals, static methods and global functions", () => {
  assert.equal(e.larger(3, 7.5), 7.5);
  assert.equal(e.larger(-1, -2), -1);
  assert.equal(e.char_of(0x41), "A");
  assert.equal(e.char_of(0x263a), "\u263a");
  assert.equal(e.parse_hex("ff"), 255);
});

test("console.log is called on console, read at each call", () => {
  const seen = [], original = console.log;
  console.log = function (...args) {
    seen.push([this, ...args]);
  };
  try {
    e.say("hello from Rust");
  } finally {
    console.log = original;
  }
  assert.deepEqual(seen, [[console, "hello from Rust"]]);
});

test("constructors, methods (this = the first parameter) and getters", () => {
  const m = e.map_of("a,b,c");
  assert.ok(m instanceof Map);
  assert.deepEqual([...m], [["a", 1], ["b", 2], ["c", 3]]);
  assert.equal(e.lookup(m, "b"), 2);
  assert.equal(e.lookup(m, "zzz"), null, "undefined from `get` is None");
  assert.equal(e.size(m), 3);
  const b = e.filled(4, 9);
  assert.ok(b instanceof Uint8Array);
  assert.deepEqual([...b], [9, 9, 9, 9]);
});

test("setters write the property; methods see `this`", () => {
  const o = {
    name: "old",
    greet(who) {
      return `${this.name} greets ${who}`;
    },
  };
  assert.equal(e.rename(o, "new", "you"), "old|new greets you");
  assert.equal(o.name, "new");
  class Named {
    #n = "private";
    get name() {
      return this.#n;
    }
    set name(v) {
      this.#n = v.toUpperCase();
    }
    greet(who) {
      return `${this.#n}, ${who}`;
    }
  }
  const n = new Named();
  assert.equal(e.rename(n, "b", "c"), "private|B, c", "accessors run with the object as `this`");
});

test("a wrong result type is a TypeError naming the binding and the type", () => {
  assert.throws(() => e.rename({ name: 42, greet: () => "" }, "x", "y"), (err) => {
    assert.ok(err instanceof TypeError);
    assert.match(err.message, /^get \.name: result \(String\) must be a string, got number 42$/);
    return true;
  });
  made = { size: 1 };
  assert.throws(() => e.made_map_size(), /^TypeError: webTest\.makeMap: result \(ExternRef<Map>\) must be an instance of Map, got object Object$/);
  made = new Map([["x", 1], ["y", 2]]);
  assert.equal(e.made_map_size(), 2, "the instance still works");
  assert.throws(() => e.rename({ name: "n", greet: () => 7 }, "x", "y"), /^TypeError: \.greet\(\): result \(String\) must be a string, got number 7$/);
  assert.throws(() => e.rename({ name: "n" }, "x", "y"), TypeError, "a missing method is JS's own TypeError");
});

test("a path missing from globalThis does not stop instantiation; a call throws naming it", () => {
  assert.throws(() => e.element("div"), (err) => {
    assert.ok(err instanceof ReferenceError);
    assert.equal(err.message, "wasmrust: document.createElement (a #[wasm::import] binding) is not defined in this host: globalThis.document is undefined");
    return true;
  });
  assert.throws(() => e.construct_missing(), /^ReferenceError: wasmrust: new webTest\.NoSuchClass .* globalThis\.webTest\.NoSuchClass is undefined$/);
  assert.throws(() => e.construct_number(), /^ReferenceError: wasmrust: new webTest\.NotAClass .* globalThis\.webTest\.NotAClass is number, not a function$/);
  assert.equal(e.larger(1, 2), 2, "the instance still works");
});

test("a global defined before instantiation is bound", async () => {
  globalThis.document = { createElement: function (tag) {
    return { tag, owner: this };
  } };
  try {
    const { exports } = await instantiate(bytes, { codegen, imports });
    const el = exports.element("canvas");
    assert.equal(el.tag, "canvas");
    assert.equal(el.owner, globalThis.document, "called on document");
  } finally {
    delete globalThis.document;
  }
});

test("TypeScript declarations ask for no host functions for bound imports", async () => {
  const { declarations } = await import("../../crates/wasm/js/dts.mjs");
  // (Declarations come from the module as built: tests/aot.rs also runs this file on the module
  // emit.mjs --wasm stripped of its `wasmrust` section, and names the built one `WASM_BUILT`.)
  const d = declarations(process.env.WASM_BUILT ? new WebAssembly.Module(await readFile(process.env.WASM_BUILT)) : module);
  assert.match(d, /export interface Imports \{\n  host: \{\n[^}]*offset\(\): number;\n  \};\n\}/, "only the host function to pass");
  assert.match(d, /Bound from JS at instantiation, not passed: .*\bMath\.max\b.*\bnew Map\b/);
  assert.match(d, /\.greet\b/);
  assert.match(d, /larger\(a0: number, a1: number\): number;/);
});
