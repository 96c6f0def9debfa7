// A module using one `wasm::web` function (fixture `web-random`) loads the parts for it alone:
// gen.mjs and bind.mjs, not text / refs / more for the records of the declarations it never
// calls. Run by tests/web.rs with WASM=<web_random.wasm>, as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { trackLoads } from "./loaded.mjs";

const runtime = new URL("../../crates/wasm/js/", import.meta.url);
const loaded = trackLoads(runtime);
const codegen = process.env.WASMRUST_CODEGEN !== "0";
const { instantiate } = await import(new URL("wasmrust.mjs", runtime));
const { exports: e, module, signatures } = await instantiate(await readFile(process.env.WASM), { codegen });

test("only gen.mjs and bind.mjs are loaded, though the section records every wasm::web import", () => {
  const imported = WebAssembly.Module.imports(module).filter((i) => i.module === "__wasmrust_js");
  assert.deepEqual(imported.map((i) => i.name.split("#")[0]), ["js:Math.random"]);
  assert.ok(signatures.imports.length >= imported.length, "records of unused declarations may be there");
  const csp = codegen ? [] : ["closures.mjs", "more.mjs"];
  assert.deepEqual(loaded(), [...new Set(["wasmrust.mjs", "gen.mjs", "bind.mjs", ...csp])].sort());
});

test("and the bound import works", () => {
  const rolls = new Set(Array.from({ length: 200 }, () => e.roll()));
  assert.deepEqual([...rolls].sort(), [1, 2, 3, 4, 5, 6]);
});
