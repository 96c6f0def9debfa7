// Signature records of functions a module neither imports nor exports (a dependency's, dropped
// by the linker or a tool) load no part of the runtime and add nothing to the ahead-of-time glue.
// Run by tests/aot.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { trackLoads } from "./loaded.mjs";

const runtime = new URL("../../crates/wasm/js/", import.meta.url);
const loaded = trackLoads(runtime);
const { instantiate } = await import(new URL("wasmrust.mjs", runtime));

const text = (s) => [s.length, ...Buffer.from(s)];
// Records (format 4): an export `greet(&str) -> String` and an import `host.shout(&str) -> String`.
const record = (kind, body) => [4, body.length + 1, kind, ...body];
const records = [...record(0, [...text("greet"), 1, 20, 16]), ...record(1, [...text("host"), ...text("shout"), 1, 20, 16])];
const section = [0, 1 + 8 + records.length, ...text("wasmrust").slice(1), ...records];
section.splice(2, 0, 8); // the section name's length
// A module with one function export `add` (i32, i32) -> i32 and neither `greet` nor `shout`.
const type = [1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f], func = [3, 2, 1, 0];
const exp = [7, 7, 1, ...text("add"), 0, 0], code = [10, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b];
const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...func, ...exp, ...code, ...section]);

test("records of functions the module does not have load nothing", async () => {
  const { exports, signatures } = await instantiate(bytes);
  assert.equal(exports.add(2, 3), 5);
  assert.deepEqual(signatures.exports.map((s) => s.name), ["greet"], "the record is there");
  assert.equal(exports.greet, undefined);
  assert.deepEqual(loaded(), ["wasmrust.mjs"], "no gen.mjs, no text.mjs");
});

test("nor go into the ahead-of-time glue", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmrust-unused-")), wasm = join(dir, "m.wasm"), out = join(dir, "m.js");
  writeFileSync(wasm, bytes);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL("emit.mjs", runtime)), wasm, "-o", out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const glue = readFileSync(out, "utf8");
  assert.ok(!/\$gen|\$text|putStr|greet =|shout/.test(glue.replace(/const SIGS = .*/, "")), glue);
});
