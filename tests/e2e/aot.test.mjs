// The ahead-of-time glue (crates/wasm/js/emit.mjs) against the runtime path, on one module
// ($WASM, of kind $KIND: numbers, text, classes, closures, async). Run by tests/aot.rs, which
// also runs the module's own test file against the emitted glue (aot-glue.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { instantiate, linkedSignatures, needs, readSignatures } from "../../crates/wasm/js/wasmrust.mjs";

const emitter = fileURLToPath(new URL("../../crates/wasm/js/emit.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wasmrust-aot-"));
const emit = (...args) => spawnSync(process.execPath, [emitter, ...args], { encoding: "utf8" });
const bytes = readFileSync(process.env.WASM), kind = process.env.KIND;

const out = join(dir, "glue.js"), run = emit(process.env.WASM, "-o", out);
assert.equal(run.status, 0, run.stderr);
const glue = readFileSync(out, "utf8");
const aot = await import(out);

// Host functions the kinds' modules import (the fixtures' `host` modules), recording calls.
const calls = [];
// Other host functions: stubs (the comparison is of the exports; each fixture's own test file
// runs against the glue too).
const shout = (s) => (calls.push(s), s.toUpperCase());
const imports = () => new Proxy({}, { get: (_, m) => new Proxy({}, { get: (_, n) => (m === "host" && n === "shout" ? shout : () => undefined) }) });

test("the emitted file holds of the parts the runtime path would load what it uses, and no others", () => {
  const module = new WebAssembly.Module(bytes), want = needs(module, readSignatures(module), true);
  const parts = [...glue.matchAll(/^\/\/ ---- from (\w+)\.mjs$/gm)].map((m) => m[1]).sort(); // each part's code, top-level
  const expected = [...want, ...(want.includes("refs") ? ["table"] : [])]; // refs.mjs imports table.mjs
  // Nothing is generated when the module loads: the functions of closures, FuncRef::call and
  // promise values are written ahead of time, from the marked signatures in the module's data
  // (wasm::abi::desc::Marked), and the codecs of exported records and enums are made from their
  // types when the file loads. (emit.mjs keeps the generator as a fallback for a value with no
  // expression in the file: none of these modules has one.)
  assert.ok(!/\bclass Gen\b|new Function/.test(glue), "no generator in the file");
  if (kind === "async") assert.match(glue, /\bdecode\(rt, \{"c":31,"name":"Point"/, "a record's codec made when the file loads");
  // A record holding a class object: its codec takes classes.mjs's conversions from `rt.api`.
  if (kind === "classes") assert.match(glue, /runtime\(null, true, \{ .*parts: \{ classes: \$classes \} \}\)/);
  // A part whose setup then sets nothing used goes.
  assert.ok(parts.every((p) => expected.includes(p)), `scopes ${parts} of ${expected}`);
  if (kind === "text") assert.deepEqual(parts, ["gen", "text"]);
  if (kind === "classes") assert.ok(parts.includes("classes"));
  if (kind === "closures") assert.match(glue, /^"F1,7,7": /m, "the maker of an Fn(u32) -> u32 closure");
  assert.ok(!/import\(/.test(glue), "nothing loaded on demand");
  if (kind === "numbers") assert.ok(!/putStr|TextDecoder|HandleTable|describe/.test(glue), "no strings, references or argument checks");
  // Strings into wasm through the queue only: no scratch-area writer, no ASCII fast paths.
  if (kind === "text") assert.ok(/take_str/.test(glue) && !/putStr|fromCharCode|HandleTable|charIn|\$more|wf64/.test(glue), "strings, nothing else");
  if (kind === "classes") assert.ok(/ = entry\(rt, "Counter"\)/.test(glue), "class records made by classes.mjs");
});

test("same exports as the runtime path", async () => {
  const a = await aot.instantiate(bytes, { imports: imports() }), r = await instantiate(bytes, { imports: imports() });
  assert.deepEqual(Object.keys(a.exports).sort(), Object.keys(r.exports).sort());
  for (const k of Object.keys(r.exports)) assert.equal(typeof a.exports[k], typeof r.exports[k], k);
  // The signatures stay in the module's section (readSignatures in wasmrust.mjs reads them).
  assert.ok(!("signatures" in a) && r.signatures.exports.length + r.signatures.members.length > 0);
  assert.equal(typeof a.table, typeof r.table);
  // instantiateSync and prepare, as on the runtime path.
  const s = aot.instantiateSync(await aot.prepare(bytes), { imports: imports() });
  assert.deepEqual(Object.keys(s.exports).sort(), Object.keys(r.exports).sort());
});

test("same results as the runtime path", { skip: !["numbers", "text"].includes(kind) }, async () => {
  const a = (await aot.instantiate(bytes, { imports: imports() })).exports, r = (await instantiate(bytes, { imports: imports() })).exports;
  const same = (f) => {
    let x, y;
    try { x = { ok: f(a) }; } catch (e) { x = { err: `${e.constructor.name}: ${e.message}` }; }
    try { y = { ok: f(r) }; } catch (e) { y = { err: `${e.constructor.name}: ${e.message}` }; }
    assert.deepEqual(x, y);
    return x;
  };
  if (kind === "numbers") {
    assert.deepEqual(same((e) => e.add(2 ** 32 - 1, 2)), { ok: 1 });
    same((e) => e.add(2 ** 31, 0));
    assert.deepEqual(same((e) => e.scale(1.5, -2, true)), { ok: 3 });
    same((e) => e.scale(1.5, 255, false));
    assert.deepEqual(same((e) => [e.is_even(4), e.is_even(3)]), { ok: [true, false] });
  } else {
    assert.deepEqual(same((e) => e.greet("Ada")), { ok: "HELLO, ADA!" });
    // Strings go through the queue in the emitted file (TextEncoder), the scratch area here.
    assert.deepEqual(same((e) => e.greet("héllo ✓")), { ok: "HELLO, HÉLLO ✓!" });
    same((e) => e.greet(""));
    same((e) => e.greet("é".repeat(3000)));
    same((e) => e.greet("x".repeat(100000)));
    assert.match(same((e) => e.greet(5)).err, /^TypeError: greet: argument 1 \(&str\) must be a string, got number 5$/);
    assert.deepEqual(same((e) => e.reversed(new Uint8Array([1, 2, 3]))), { ok: new Uint8Array([3, 2, 1]) });
    same((e) => e.reversed([1, 2, 300]));
    assert.match(same((e) => e.reversed("no")).err, /^TypeError: reversed/);
    const missing = await aot.instantiate(bytes, { imports: {} }).then(() => "no error", (e) => e.message);
    assert.equal(missing, await instantiate(bytes, { imports: {} }).then(() => "no error", (e) => e.message));
  }
});

test("a module emit.mjs cannot read is a clear error with exit code 1", () => {
  const write = (name, b) => (writeFileSync(join(dir, name), Buffer.from(b)), join(dir, name));
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  const section = (payload) => [...header, 0, 1 + 8 + payload.length, 8, ..."wasmrust".split("").map((c) => c.charCodeAt(0)), ...payload];
  const cases = [
    [write("none.wasm", header), /none\.wasm has no `wasmrust` custom section/],
    [write("v5.wasm", section([5, 1, 0])), /v5\.wasm: the module's signature records use format 5, but this emit\.mjs reads format 4/],
    [write("cut.wasm", section([4, 5, 0, 3])), /cut\.wasm: truncated signature record/],
    [write("junk.wasm", [1, 2, 3]), /junk\.wasm is not a WebAssembly module/],
    [join(dir, "absent.wasm"), /cannot read .*absent\.wasm/],
  ];
  for (const [file, message] of cases) {
    const r = emit(file, "-o", join(dir, "never.js"));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp("^emit\\.mjs: " + message.source));
    assert.equal(r.stdout, "");
  }
  const usage = emit();
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: node emit\.mjs app\.wasm \[-o app\.js\]/);
  // Without -o the glue goes to stdout.
  assert.equal(emit(process.env.WASM).stdout, glue);
});

// A file whose module lends no references has a table without the borrow stack (shake.mjs
// `NO_BORROWS`): it refuses what table.mjs's refuses, with the same texts.
test("the file's reference table refuses what table.mjs's does", { skip: !/\bclass HandleTable\b/.test(glue) }, async () => {
  const { HandleTable } = await import("../../crates/wasm/js/table.mjs");
  const t = (await aot.instantiate(bytes, { imports: imports() })).table, r = new HandleTable(t.tag);
  if (kind === "async") assert.ok(!/\bpopTo\(/.test(glue), "no borrow stack in a file whose module lends nothing");
  const outcome = (f) => { try { return { value: f() }; } catch (e) { return { name: e.name, message: e.message }; } };
  const same = (f, what) => assert.deepEqual(outcome(() => f(t)), outcome(() => f(r)), what);
  const [a, b] = [{}, {}], ha = t.insert(a), hb = t.insert(b);
  assert.equal(r.insert(a), ha);
  assert.equal(r.insert(b), hb);
  same((x) => x.get(ha) === a, "a live handle");
  same((x) => x.release(ha) === a, "released");
  same((x) => x.get(ha), "stale");
  same((x) => x.release(ha), "released twice");
  same((x) => x.get(0), "the null handle");
  same((x) => x.get(ha ^ (1 << 18)), "another table's tag");
  same((x) => x.get((hb & ~0x3ffff) | 4000), "a slot never allocated");
  for (const h of [0x80000000 | (t.tag << 12) | (1 << 16), 0x80000000 | (((t.tag + 1) & 15) << 12) | (1 << 16), -1]) {
    same((x) => x.get(h), `borrowed handle ${h}`);
    same((x) => x.release(h), `release of borrowed handle ${h}`);
  }
  same((x) => x.insert(a), "the freed slot reused");
  same((x) => [Object.keys(x.stats()), x.stats().borrowed], "stats");
});

test("a signature the module uses that the file has no function for is a clear Error", { skip: kind !== "closures" }, async () => {
  // As if emit.mjs had not found the closure signatures in the module's data.
  const other = join(dir, "unmarked.js");
  writeFileSync(other, glue.replace(/^"F/gm, '"X'));
  const { instantiate } = await import(other);
  const { exports: x } = await instantiate(bytes, { imports: imports() });
  x.init();
  assert.throws(() => x.counter(10), { name: "Error", message: /^wasmrust: this glue file has no function for signature F\d[\d,]*, which the module uses: emit it again for this build of the module, or load the module with wasmrust\.mjs$/ });
});
