// `#[wasm::export(start)]`: run once by `instantiate` before it resolves. Fixtures `start` (a
// sync start, WASM) and `start-async` (an async one, WASM_ASYNC); each asks the host
// `start_mode()` what to do: 0 return, 1 panic, 2 `Err`, 3 (async) await `pending()`.
// WASM_RECORDS: fixture `async-exports` (async exports of exported types), for its declarations.
// Run by tests/async_exports.rs, as is and with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { instantiate, instantiateSync, prepare, RustError } from "../../crates/wasm/js/wasmrust.mjs";
import { declarations } from "../../crates/wasm/js/dts.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const sync = await readFile(process.env.WASM), later = await readFile(process.env.WASM_ASYNC);
const options = (mode, pending = () => new Promise(() => {})) => ({ codegen, imports: { host: { start_mode: () => mode, pending } } });

test("a start function runs once before instantiate resolves, and is not an export", async () => {
  const { exports, signatures } = await instantiate(sync, options(0));
  assert.equal(exports.starts(), 1);
  assert.equal(exports.add(2, 3), 5);
  assert.ok(!("__wasmrust_start" in exports));
  assert.ok(signatures.exports.some((s) => s.name === "__wasmrust_start"), "its record is there");
  const again = instantiateSync(await prepare(sync, { codegen }), options(0));
  assert.equal(again.exports.starts(), 1, "instantiateSync runs it too, once per instance");
});

test("a panic or an Err in the start function rejects instantiate (instantiateSync throws)", async () => {
  await assert.rejects(instantiate(sync, options(1)), (e) => e instanceof Error && /start panicked in mode 1/.test(e.message));
  await assert.rejects(instantiate(sync, options(2)), (e) => e instanceof RustError && e.message === "start failed in mode 2");
  const module = await prepare(sync, { codegen });
  assert.throws(() => instantiateSync(module, options(2)), (e) => e instanceof RustError && e.message === "start failed in mode 2");
});

test("an async start function is awaited; its Err or panic rejects instantiate", async () => {
  let settle, asked;
  const askedFor = new Promise((r) => (asked = r));
  const pending = () => new Promise((resolve) => asked((settle = resolve)));
  let done = false;
  const p = instantiate(later, options(3, pending)).then((r) => ((done = true), r));
  assert.equal(await Promise.race([askedFor.then(() => "asked"), p.then(() => "resolved")]), "asked", "the start function awaits the host's promise");
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.equal(done, false, "instantiate waits for the start function");
  settle(40);
  const { exports } = await p;
  assert.equal(exports.starts(), 41, "it ran once and finished before instantiate resolved");
  assert.deepEqual(await exports.status(), { starts: 41, note: "up" });
  await assert.rejects(instantiate(later, options(2)), (e) => e instanceof RustError && e.message === "async start failed");
  await assert.rejects(instantiate(later, options(1)), { message: /async start panicked/ });
  const module = await prepare(later, { codegen });
  assert.throws(() => instantiateSync(module, options(0)), /start function is async; a synchronous instantiation cannot await it/);
});

test("TypeScript: no start function among the exports; async exports are promises of their result", () => {
  for (const bytes of [sync, later]) assert.ok(!declarations(bytes).includes("__wasmrust_start"));
  assert.match(declarations(later), /status\(\): Promise<Status>;/);
  const d = declarations(readFileSync(process.env.WASM_RECORDS));
  assert.match(d, /point_after\(a0: number\): Promise<Point>;/);
  assert.match(d, /counter_after\(a0: number\): Promise<Counter>;/);
  assert.match(d, /shape\(a0: number\): Promise<Shape>;/);
  assert.match(d, /`async fn\(bool\) -> Result<Option<Point>, Color>`; the promise rejects with the `Err`/);
  assert.match(d, /export interface Point \{\n  x: number;\n  label: string;\n  tags: string\[\];\n\}/);
});
