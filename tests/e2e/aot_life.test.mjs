// The Game of Life's emitted glue ($WASM: examples/game-of-life) against the runtime path. The
// module imports only `__wasmrust.class_error`, so emit.mjs cuts its guards to what it can meet
// (no nested calls, no panic messages, no "in use" refusal): the class checks and their errors,
// and the instance after an exception thrown through the module, must be the runtime path's.
// Run by tests/aot.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as runtime from "../../crates/wasm/js/wasmrust.mjs";
import { renamed } from "../../crates/wasm/js/shake.mjs";

const emitter = fileURLToPath(new URL("../../crates/wasm/js/emit.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wasmrust-aot-life-")), out = join(dir, "life.js"), outWasm = join(dir, "life.wasm");
const run = spawnSync(process.execPath, [emitter, process.env.WASM, "-o", out, "--wasm", outWasm], { encoding: "utf8" });
assert.equal(run.status, 0, run.stderr);
// `stripped`: the module as --wasm writes it, for this glue only (strip.mjs).
const glue = readFileSync(out, "utf8"), bytes = readFileSync(process.env.WASM), stripped = readFileSync(outWasm);
const aot = await import(out);

/** What a use of the class gives: its result, or the name and message of what it threw. */
const outcome = (f) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${e.constructor.name}: ${e.message}` };
  }
};

/** The same uses of `Universe` through glue `m`: results, errors, and the instance after them. */
async function uses(m, module = bytes) {
  const { exports } = await m.instantiate(module), { Universe } = exports, P = Universe.prototype;
  const u = new Universe(), seen = [];
  const see = (f) => seen.push(outcome(f));
  see(() => [u.width(), u.height(), u.population, u.render().length]);
  see(() => (u.tick(), u.population));
  see(() => P.width.call({})); // wrong type
  see(() => P.tick.call(null));
  see(() => P.width.call(new (m.instantiateSync(module).exports.Universe)())); // another instance's (parts loaded above)
  const forged = new Universe();
  const slot = Object.getOwnPropertySymbols(forged).find((s) => s.description === "Universe.slot");
  forged[slot] = 9; // a handle wasm refuses: an Error thrown through the module's frames
  see(() => forged.width());
  see(() => forged.tick());
  // The module ended the abandoned calls: the instance goes on.
  see(() => { const v = new Universe(); v.tick(); v.tick(); return [v.population, u.population, u.width()]; });
  u.free();
  see(() => u.width()); // use after free
  see(() => u.free()); // freed twice: nothing to do
  return seen;
}

test("the emitted glue's class checks and errors are the runtime path's", async () => {
  const [ahead, loaded] = [await uses(aot), await uses(runtime)];
  assert.deepEqual(ahead, loaded);
  assert.deepEqual(await uses(aot, stripped), loaded, "the stripped module with the glue: the same");
  assert.match(ahead[2].error, /^TypeError: Universe\.width: this must be a live Universe object, got object Object$/);
  assert.match(ahead[4].error, /of this instance, got a Universe object of another instance$/);
  assert.match(ahead[5].error, /^Error: Universe\.width: this Universe handle is freed, consumed or forged$/);
  assert.match(ahead[8].error, /^Error: Universe\.width: this Universe object is gone \(freed\)$/);
  assert.equal(ahead[7].value[2], 64);
});

test("the file holds no guard step the module cannot reach", () => {
  assert.doesNotMatch(glue, /H\.x|H\.n|\bthrown\(|\bP\(e\)/, "no nested-call bookkeeping, no panic-message step");
  assert.doesNotMatch(glue, /in use by a call in progress/, "no refusal of a handle in use");
  assert.match(glue, /catch \(e\) \{ rt_ab\(\); throw e; \}/, "each call still ends what an exception abandoned");
  assert.match(glue, /poisoned by a panic/, "the refusals the module can meet keep their text");
  // One scope: the parts' code at the top level, and what only `link` uses of the runtime object
  // its variables (names a minifier shortens).
  assert.doesNotMatch(glue, /^const \$\w+ = \(\(\) => \{$/m, "no object per part");
  assert.doesNotMatch(glue, /\brt\.(str|view|r32|memory)\b|Object\.assign\(rt\b/, "no runtime member only link uses");
  // Of the setups written in `link`, the members set once are its constants; the names the file
  // gave them are those constants.
  assert.match(glue, /^const rt_str = /m);
  assert.doesNotMatch(glue, /= rt_(str|r32|ab)[,;]/, "no second name for a variable");
  // Memory read without a DataView (only `r32` would use one), each class's record made once, by
  // `record`, with no map of them; `prepare` is the loader itself.
  assert.doesNotMatch(glue, /DataView|getInt32|\brt\.classes\b|new Map\(/);
  assert.match(glue, /= record\("Universe"\)/);
  assert.match(glue, /^export async function prepare\(source\) \{$/m);
});

test("a part's name is renamed where it is code, not where it is a property, key, member or text", () => {
  const source = [
    "const a = { setup, b: setup, setup() {}, [setup]: 1 };",
    "function setup(rt) { if (x) { setup(rt); } return { setup }; }",
    "const s = \"setup\" + `setup ${setup} ${`${setup}`}` + /setup/.source; // setup",
    "o.setup(...setup); const { setup: q, setup } = o; f(a, setup); x = y / setup / 2; z = c ? setup : d;",
    "class A extends setup { setup(x) { return setup(x); } static setup = 1; get setup() { return { get setup() { return setup; } }; } }",
  ].join("\n");
  assert.equal(renamed(source, new Map([["setup", "S"]])), [
    "const a = { setup: S, b: S, setup() {}, [S]: 1 };",
    "function S(rt) { if (x) { S(rt); } return { setup: S }; }",
    "const s = \"setup\" + `setup ${S} ${`${S}`}` + /setup/.source; // setup",
    "o.setup(...S); const { setup: q, setup: S } = o; f(a, S); x = y / S / 2; z = c ? S : d;",
    "class A extends S { setup(x) { return S(x); } static setup = 1; get setup() { return { get setup() { return S; } }; } }",
  ].join("\n"));
});

test("the file's loader takes what wasmrust.mjs takes and returns what it returns", async () => {
  const wasm = { "Content-Type": "application/wasm" };
  const width = (r) => new r.exports.Universe().width();
  // A Response served as wasm (streamed), one served otherwise (read), a promise of one, bytes, a module.
  for (const source of [new Response(bytes, { headers: wasm }), new Response(bytes), Promise.resolve(new Response(bytes, { headers: wasm })), bytes, new WebAssembly.Module(bytes)]) {
    const r = await aot.instantiate(source);
    assert.deepEqual(Object.keys(r), ["instance", "module", "exports", "table"]);
    assert.ok(r.instance instanceof WebAssembly.Instance && r.module instanceof WebAssembly.Module);
    assert.equal(r.table, undefined);
    assert.equal(width(r), 64);
  }
  const module = await aot.prepare(new Response(bytes, { headers: wasm }));
  assert.ok(module instanceof WebAssembly.Module);
  assert.equal(await aot.prepare(module), module, "a module is taken as it is");
  assert.equal(aot.instantiateSync(module).module, module);
  assert.equal(width(aot.instantiateSync(bytes)), 64);
  assert.ok(!(aot.instantiateSync(bytes) instanceof Promise), "instantiateSync returns the result itself");
  assert.equal(aot.FORMAT_VERSION, runtime.FORMAT_VERSION);
  await assert.rejects(aot.instantiate(new Response(new Uint8Array([0, 97, 115, 109]), { headers: wasm })), WebAssembly.CompileError);
  assert.throws(() => aot.instantiateSync(new Uint8Array([1, 2, 3])), WebAssembly.CompileError);
});
