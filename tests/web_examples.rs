//! wasm-bindgen's `closures` and `fetch` examples, ported (`examples/closures`,
//! `examples/fetch`): `wasm::web` and a few one-line bindings, no hand-written JS beyond
//! instantiation, run on real pages in headless Chromium and Firefox ESR.

use serde_json::{Value, json};
use wasm_tests::{build_example, node, repo_root, run_browser_page, run_ok};

/// The page's report; `browser` ending in `+aot`: with the glue emit.mjs writes for the module
/// (`?glue=`) instead of wasmrust.mjs; in `+aot+stripped`: and the module `emit.mjs --wasm`
/// writes beside it (no `wasmrust` section, no runtime export the glue does not use).
fn page_report(browser: &str, example: &str, artifact: &str, query: &str) -> Value {
    let built = build_example(example, artifact);
    let (browser, stripped) = browser.strip_suffix("+stripped").map_or((browser, false), |b| (b, true));
    let (browser, aot) = browser.strip_suffix("+aot").map_or((browser, false), |b| (b, true));
    let served = |p: &std::path::Path| p.strip_prefix(repo_root()).expect("the target dir is inside the repository").display().to_string();
    // Files of their own per mode: the tests run in parallel.
    let mode = if stripped { "stripped" } else { "aot" };
    let (glue, module) = (built.with_extension(format!("{mode}.js")), built.with_extension(format!("{mode}.wasm")));
    let mut page = format!("examples/{example}/index.html?wasm=/{}{query}", served(if stripped { &module } else { &built }));
    if aot {
        run_ok(node().arg(repo_root().join("crates/wasm/js/emit.mjs")).arg(&built).arg("-o").arg(&glue).arg("--wasm").arg(&module));
        page += &format!("&glue=/{}", served(&glue));
    }
    let out = run_browser_page(browser, &page);
    let report: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(report["error"], Value::Null, "{browser}: {report}");
    report
}

/// A stack closure for `forEach`, a clock on `setInterval` (it ticks, and stops once released),
/// a click counter (clicks counted, also while an async export sleeps; none after `stop()`
/// removed and released it).
fn closures(browser: &str) {
    let r = page_report(browser, "closures", "closures", "");
    assert_eq!(r["forEach"], "0:Hello 1:world", "{browser}: {r}");
    assert_eq!(r["clicks"], "3", "{browser}: {r}");
    // `clicks_after(200)` awaits `wasm::web::sleep`: the click made meanwhile is counted.
    assert_eq!(r["countedLater"], 4, "{browser}: {r}");
    assert_eq!(r["clicksAfterStop"], "4", "a click after stop() counted: {browser}: {r}");
    let time = r["time"].as_str().expect("a string");
    assert!(time.len() > 8 && time != "...", "the clock was not set at run(): {browser}: {r}");
    assert_ne!(r["ticked"], r["time"], "the clock did not tick in 1.5 s: {browser}: {r}");
    assert_eq!(r["afterStop"], r["ticked"], "the clock ticked after stop(): {browser}: {r}");
    assert_eq!((r["stopped"].clone(), r["stoppedAgain"].clone()), (json!(true), json!(false)), "{browser}: {r}");
    assert_eq!((r["loadingHidden"].clone(), r["scriptHidden"].clone()), (json!(true), json!(false)), "{browser}: {r}");
}

#[test]
fn closures_example_in_chromium() {
    closures("chromium");
}

/// The same page with the glue written ahead of time: its closures (event listener, timer,
/// `forEach`), web bindings and async export work from the functions emit.mjs wrote.
#[test]
fn closures_example_ahead_of_time_in_chromium() {
    closures("chromium+aot");
}

/// The glue with the module `emit.mjs --wasm` wrote for it: the same page.
#[test]
fn closures_example_stripped_ahead_of_time_in_chromium() {
    closures("chromium+aot+stripped");
}

#[test]
fn closures_example_in_firefox() {
    closures("firefox");
}

/// The branch read from a local copy of the GitHub reply (`examples/fetch/api/...`, served by
/// the test's server) as nested records; a missing branch (HTTP 404) rejects with the status.
fn fetch(browser: &str) {
    let r = page_report(browser, "fetch", "fetch", "&api=/examples/fetch/api");
    let reply: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/fetch/api/repos/rustwasm/wasm-bindgen/branches/main")).unwrap(),
    )
    .unwrap();
    let details = &reply["commit"]["commit"];
    let signature = |who: &Value| json!({ "name": who["name"], "email": who["email"] });
    let expected = json!({
        "name": reply["name"],
        "commit": { "sha": reply["commit"]["sha"], "author": signature(&details["author"]), "committer": signature(&details["committer"]) },
    });
    assert_eq!(r["branch"], expected, "{browser}: {r}");
    let rejected = r["missing"]["rejected"].as_str().unwrap_or_else(|| panic!("a missing branch resolved: {browser}: {r}"));
    assert!(rejected.contains("HTTP 404") && rejected.contains("no-such-branch"), "{browser}: {rejected}");
}

#[test]
fn fetch_example_in_chromium() {
    fetch("chromium");
}

/// With the glue written ahead of time: nested records decoded by codecs made when it loads.
#[test]
fn fetch_example_ahead_of_time_in_chromium() {
    fetch("chromium+aot");
}

/// The glue with the module `emit.mjs --wasm` wrote for it: the same page.
#[test]
fn fetch_example_stripped_ahead_of_time_in_chromium() {
    fetch("chromium+aot+stripped");
}

#[test]
fn fetch_example_in_firefox() {
    fetch("firefox");
}
