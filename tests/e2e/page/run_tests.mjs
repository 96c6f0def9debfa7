// The script of node_tests.html: gives the test file its `process.env` (WASM, WASMRUST_CODEGEN),
// imports it, runs its cases in order and posts {pass, fail, failures} to `?report=`.
import { cases } from "./node_test.mjs";

const query = new URLSearchParams(location.search);
globalThis.process = { env: { WASM: query.get("wasm"), WASMRUST_CODEGEN: query.get("codegen") ?? "1" } };
globalThis.setImmediate ??= (fn, ...args) => setTimeout(fn, 0, ...args);

const result = { pass: 0, fail: 0, failures: [] };
try {
  await import(query.get("script"));
  for (const { name, fn, skip } of cases) {
    if (skip) continue;
    try {
      await fn({ name });
      result.pass++;
    } catch (err) {
      result.fail++;
      result.failures.push(`${name}: ${err?.stack ?? err}`);
    }
  }
} catch (err) {
  result.error = `${err}\n${err?.stack}`;
}
await fetch(query.get("report"), { method: "POST", body: JSON.stringify(result) });
