// The only JS: instantiate, await `run(...)` (the branch, a plain object) and show it. With `?report=URL`
// (tests/e2e/browser.mjs) POSTs the branch, and what a missing branch rejects with.
const params = new URLSearchParams(location.search);
// `?glue=URL`: the module's glue written ahead of time (`node crates/wasm/js/emit.mjs`) instead.
const { instantiate } = await import(params.get("glue") ?? "../../../crates/wasm/js/wasmrust.mjs");
const wasm = params.get("wasm") ?? "target/wasm32-unknown-unknown/release/fetch.wasm";
const api = params.get("api") ?? "https://api.github.com";
const report = params.get("report");

let result;
try {
  const { exports } = await instantiate(fetch(new URL(wasm, new URL("..", import.meta.url))));
  const branch = await exports.run(api, "rustwasm/wasm-bindgen", "main");
  const missing = await exports.run(api, "rustwasm/wasm-bindgen", "no-such-branch").then(
    (value) => ({ resolved: value }), (error) => ({ rejected: String(error?.message ?? error) }));
  result = { branch, missing, error: null };
  document.getElementById("status").textContent = JSON.stringify(branch, null, 2);
} catch (e) {
  result = { error: String(e?.stack ?? e) };
  document.getElementById("status").textContent = result.error;
}
if (report) await fetch(report, { method: "POST", body: JSON.stringify(result) });
