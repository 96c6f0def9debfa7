// `emit.mjs app.wasm -o app.js --wasm app.out.wasm` (strip.mjs): the module written beside the
// glue has no `wasmrust` section, keeps every user export and the runtime exports the glue
// names, and loses the others; bad input is an error with nothing written. $LIFE: the Game of
// Life (no closures: its closure trampoline goes), $CLOSURES: the closures fixture (it stays),
// $START: a start function (a typed `__wasmrust_*` export). Run by tests/aot.rs; the stripped
// modules' behaviour is checked there, by each fixture's own test file against the glue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSignatures } from "../../crates/wasm/js/wasmrust.mjs";
import { strip, stripFor } from "../../crates/wasm/js/strip.mjs";

const emitter = fileURLToPath(new URL("../../crates/wasm/js/emit.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "wasmrust-aot-strip-"));
const emit = (...args) => spawnSync(process.execPath, [emitter, ...args], { encoding: "utf8" });

/** The names of the custom sections of `bytes`, in order (read with the host's parser). */
const customs = (bytes) => {
  const m = new WebAssembly.Module(bytes), names = [];
  // WebAssembly.Module.customSections needs the name; walk the sections for the list.
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at++];
    let size = 0, shift = 0, x;
    do (x = bytes[at++]), (size += (x & 127) * 2 ** shift), (shift += 7);
    while (x & 128);
    if (id === 0) names.push(new TextDecoder().decode(bytes.subarray(at + 1, at + 1 + bytes[at])));
    at += size;
  }
  return names.filter((n) => WebAssembly.Module.customSections(m, n).length > 0);
};

/** `wasm`'s glue and stripped module: `{ original, stripped, glue, removed, kept }`. */
function stripped(wasm, name) {
  const js = join(dir, `${name}.js`), out = join(dir, `${name}.wasm`);
  const r = emit(wasm, "-o", js, "--wasm", out);
  assert.equal(r.status, 0, r.stderr);
  const original = readFileSync(wasm), bytes = readFileSync(out), glue = readFileSync(js, "utf8");
  const exports = (b) => WebAssembly.Module.exports(new WebAssembly.Module(b));
  const kept = exports(bytes), names = new Set(kept.map((e) => e.name));
  return { original, bytes, glue, kept, removed: exports(original).filter((e) => !names.has(e.name)).map((e) => e.name) };
}

for (const [name, wasm] of [["life", process.env.LIFE], ["closures", process.env.CLOSURES], ["start", process.env.START]]) {
  test(`${name}: no wasmrust section, every user export, only unnamed runtime exports gone`, () => {
    const s = stripped(wasm, name), sigs = readSignatures(new WebAssembly.Module(s.original));
    assert.deepEqual(customs(s.bytes), customs(s.original).filter((n) => n !== "wasmrust"), "the other custom sections stay");
    assert.ok(customs(s.original).includes("wasmrust"));
    // Every export the user wrote: not the runtime's, typed, a class member; with its kind.
    const user = WebAssembly.Module.exports(new WebAssembly.Module(s.original)).filter((e) => !e.name.startsWith("__wasmrust") || sigs.exports.some((x) => x.name === e.name) || sigs.members.some((m) => m.raw === e.name));
    assert.ok(user.length > 0);
    for (const e of user) assert.ok(s.kept.some((k) => k.name === e.name && k.kind === e.kind), `${e.name} kept`);
    for (const n of s.removed) {
      assert.match(n, /^__wasmrust/, "only the runtime's exports go");
      assert.ok(!s.glue.includes(n), `the glue never names ${n}`);
    }
    // Imports, code and data are untouched: the module is smaller by the section and the exports.
    assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(s.bytes)), WebAssembly.Module.imports(new WebAssembly.Module(s.original)));
    assert.ok(s.bytes.length < s.original.length);
    if (name === "life") assert.deepEqual(s.removed, ["__wasmrust_fn_call_i32_1"], "a module with no closure loses its trampoline");
    if (name === "closures") assert.ok(s.kept.some((e) => e.name === "__wasmrust_fn_call_i32_1") && s.glue.includes("__wasmrust_fn_call_i32_1"), "the glue calls closures through it");
    if (name === "start") assert.ok(s.kept.some((e) => e.name === "__wasmrust_start"), "a typed runtime-named export stays");
    assert.ok(s.kept.some((e) => e.name === "__wasmrust_fn_call_i32") === s.glue.includes("x.__wasmrust_fn_call_i32"), "the abandon entry where the glue uses it");
  });
}

test("a module without the section or malformed: an error, nothing written", () => {
  const life = stripped(process.env.LIFE, "again");
  const write = (file, bytes) => (writeFileSync(join(dir, file), bytes), join(dir, file));
  const cases = [
    [write("none.wasm", life.bytes), /none\.wasm has no `wasmrust` custom section/], // already stripped
    [write("junk.wasm", life.original.subarray(0, life.original.length - 7)), /junk\.wasm is not a WebAssembly module/],
  ];
  for (const [file, message] of cases) {
    const js = join(dir, "never.js"), out = join(dir, "never.wasm");
    const r = emit(file, "-o", js, "--wasm", out);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp("^emit\\.mjs: " + message.source));
    assert.ok(!existsSync(js) && !existsSync(out), "no file written");
  }
  const usage = emit(process.env.LIFE, "--wasm");
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^emit\.mjs: --wasm needs a file\n/);
  // strip.mjs itself, on bytes no host parsed first: an Error naming the fault, never a crash.
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  for (const [bytes, message] of [
    [[1, 2, 3], /not a WebAssembly module/],
    [[...header, 7, 9, 1], /section 7 at byte 8 runs past the end/],
    [[...header, 7, 3, 1, 5, 0x61], /a name runs past its section/],
    [[...header, 7, 2, 1, 0], /truncated at byte 2/],
    [[...header, 7, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 1], /LEB128 number longer than 5 bytes/],
    [[...header, 7, 6, 1, 1, 0x61, 0, 0, 0], /the export section at byte 8 has 1 bytes after its entries/],
  ])
    assert.throws(() => strip(Uint8Array.from(bytes), () => true), (e) => e instanceof Error && e.message.startsWith("malformed module: ") && message.test(e.message), String(bytes));
  // Glue that read the section when it runs would keep needing it: refused.
  assert.throws(() => stripFor(life.original, "WebAssembly.Module.customSections(m, 'wasmrust')"), /reads the module's custom sections when it runs/);
  // A well-formed section round-trips: the one export kept as it was, or dropped.
  const one = Uint8Array.from([...header, 7, 5, 1, 1, 0x61, 0, 0]);
  assert.deepEqual(strip(one, () => true), { bytes: one, removed: [] });
  assert.deepEqual(strip(one, () => false), { bytes: Uint8Array.from([...header, 7, 1, 0]), removed: ["a"] });
});
