//! Imports bound to JS by name (`#[wasm(js = ...)]`, `method`, `getter`, `setter`,
//! `constructor`) in Node, with no host functions passed in: fixture `web-bindings` (cases in
//! `tests/e2e/web.test.mjs`), and `wasm::web` on a fake DOM (fixture `web-dom`,
//! `tests/e2e/web_dom.test.mjs`).

mod extern_node;

#[test]
fn js_bindings_in_node() {
    extern_node::run_in_both_modes("web-bindings", "web.test.mjs", 9);
}

#[test]
fn web_module_in_node_on_a_fake_dom() {
    extern_node::run_in_both_modes("web-dom", "web_dom.test.mjs", 5);
}

/// The same `web-dom` module on a real page in headless Chromium (`tests/e2e/web.html`, run by
/// `tests/e2e/browser.mjs`), with generated and closure-built wrappers.
#[test]
fn web_module_on_a_real_page_in_chromium() {
    web_module_on_a_real_page("chromium");
}

/// The same page in headless Firefox ESR.
#[test]
fn web_module_on_a_real_page_in_firefox() {
    web_module_on_a_real_page("firefox");
}

fn web_module_on_a_real_page(browser: &str) {
    use serde_json::{Value, json};
    use wasm_tests::{build_wasm, repo_root, run_browser_page};
    let wasm = build_wasm("web-dom");
    let wasm = wasm
        .strip_prefix(repo_root())
        .expect("the target dir is inside the repository");
    for codegen in ["1", "0"] {
        let page = format!(
            "tests/e2e/web.html?codegen={codegen}&wasm=/{}",
            wasm.display()
        );
        let out = run_browser_page(browser, &page);
        let report: Value =
            serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(report["error"], Value::Null, "{browser}: {report}");
        assert_eq!(report["count"], 3, "{browser}: {report}");
        assert_eq!(
            report["items"],
            json!([["one", "one"], ["two", "two"], ["three", "three"]])
        );
        assert_eq!(report["missing"], u32::MAX);
        assert_eq!(report["first"], "one");
        assert_eq!(
            (report["removed"].clone(), report["left"].clone()),
            (json!(true), json!(2))
        );
        assert_eq!(report["size"], 40 * 10000 + 40);
        assert_eq!(report["logs"], json!(["drew art"]));
        assert_eq!(report["inStage"], "stage");
        let pixels = &report["pixels"];
        assert_eq!(
            pixels["cleared"],
            json!([0, 0, 0, 0]),
            "clearRect: {report}"
        );
        assert_eq!(
            pixels["red"],
            json!([255, 0, 0, 255]),
            "fillRect in fillStyle: {report}"
        );
        assert_eq!(
            pixels["right"],
            json!([0, 0, 0, 0]),
            "right half untouched: {report}"
        );
        let line = pixels["line"].as_array().expect("pixel");
        assert!(
            line[2].as_u64() > Some(100),
            "the blue line at x = 20: {report}"
        );
        assert_eq!(report["clocks"], true);
        assert_eq!(
            report["wrongType"],
            "TypeError: document.getElementById: result (Option<ExternRef<Element>>) must be an instance of Element, got object Object"
        );
    }
}

/// A module using one `wasm::web` function loads only `gen.mjs` and `bind.mjs` (fixture
/// `web-random`, `tests/e2e/web_parts.test.mjs`).
#[test]
fn unused_web_declarations_load_no_parts() {
    extern_node::run_in_both_modes("web-random", "web_parts.test.mjs", 2);
}
