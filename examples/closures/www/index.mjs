// The only JS: instantiate and call `run()`. With `?report=URL` (tests/e2e/browser.mjs) the page
// also clicks the square, waits for the clock to tick, stops, and POSTs what it saw.
const params = new URLSearchParams(location.search);
// `?glue=URL`: the module's glue written ahead of time (`node crates/wasm/js/emit.mjs`) instead.
const { instantiate } = await import(params.get("glue") ?? "../../../crates/wasm/js/wasmrust.mjs");
const wasm = params.get("wasm") ?? "target/wasm32-unknown-unknown/release/closures.wasm";
const report = params.get("report");
const text = (id) => document.getElementById(id).textContent;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let result;
try {
  const { exports } = await instantiate(fetch(new URL(wasm, new URL("..", import.meta.url))));
  exports.run();
  if (report) {
    const square = document.getElementById("green-square");
    for (let i = 0; i < 3; i++) square.click();
    const clicks = text("num-clicks");
    const later = exports.clicks_after(200);
    square.click();
    const countedLater = await later;
    const time = text("current-time");
    await sleep(1500);
    const ticked = text("current-time");
    const stopped = exports.stop();
    square.click();
    await sleep(1200);
    result = {
      forEach: text("for-each"), clicks, countedLater, clicksAfterStop: text("num-clicks"), time, ticked,
      afterStop: text("current-time"), stopped, stoppedAgain: exports.stop(),
      loadingHidden: document.getElementById("loading").hidden,
      scriptHidden: document.getElementById("script").hidden, error: null,
    };
  }
} catch (e) {
  result = { error: String(e?.stack ?? e) };
}
if (report) await fetch(report, { method: "POST", body: JSON.stringify(result) });
