// An app module linking a library of exports (fixtures `linked-app` and `linked-lib`): the app
// exports its own functions and the library's `#[wasm::export(always)]` items, and nothing else
// of the library (no symbol, no `wasmrust` record, no JS entry). Run by tests/linked_exports.rs,
// as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const bytes = await readFile(process.env.WASM);
const { exports: e, signatures } = await instantiate(bytes, { codegen });
const module = new WebAssembly.Module(bytes);
const symbols = WebAssembly.Module.exports(module).map((x) => x.name);
const records = Buffer.concat(WebAssembly.Module.customSections(module, "wasmrust").map((b) => Buffer.from(b))).toString("latin1");
const hidden = ["lib_double", "lib_origin", "Hidden"];

test("the module exports the app's functions and the library's `always` items only", () => {
  for (const name of ["distance", "odd", "tally_of", "lib_version", "Tally.new", "Tally.add"]) {
    assert.ok(symbols.includes(name), `${name} is exported: ${symbols}`);
  }
  for (const name of hidden) {
    assert.ok(!symbols.some((s) => s.includes(name)), `${name} is not exported: ${symbols}`);
    assert.ok(!records.includes(name), `no wasmrust record names ${name}`);
  }
  if (process.env.WASMRUST_GLUE) return; // the emitted glue has no `signatures`
  const exported = signatures.exports.map((s) => s.name);
  assert.ok(exported.includes("distance") && exported.includes("lib_version"), `${exported}`);
  assert.ok(!exported.some((n) => hidden.some((h) => n.includes(h))), `${exported}`);
});

test("the JS exports are the app's and the `always` ones, and they work", () => {
  assert.deepEqual(Object.keys(e).sort(), ["Tally", "distance", "larger", "lib_version", "memory", "odd", "tally_of"]);
  assert.equal(e.distance({ x: 3, y: 4 }), 5, "a library record through an app export");
  assert.equal(e.odd(20), 41, "the app calls the library's function, which is not exported");
  assert.equal(e.lib_version(), "linked-lib 1");
  const t = e.tally_of(2, 3);
  assert.ok(t instanceof e.Tally, "a library class made by the app is the exported class");
  assert.equal(t.total, 5);
  assert.equal(t.add(10), 15);
  t.free();
  const u = new e.Tally(7);
  assert.equal(u.add(1), 8);
  u.free();
});

test("a bindings-only library's imports keep their records in the app's module", () => {
  // Its wrappers stay out of line, so wasm-ld links the object file that holds their records.
  assert.ok(records.includes("Math.max"), "the binding's record is in the section");
  assert.equal(e.larger(2, 5), 5);
  assert.equal(e.larger(-1, -3), -1);
});
