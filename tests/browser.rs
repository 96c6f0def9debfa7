//! The JS host in real browsers, headless Chromium and Firefox ESR (`tests/e2e/browser.mjs`
//! serves the repository and starts either on a page): the canvas example (the seed's
//! `CanvasContext`, a linear type wrapping a host handle) drawn on real `<canvas>` elements,
//! loaded through `wasmrust.mjs` as a plain ES module and checked against the same module run in
//! Node with the fake canvas of `host.mjs`; and the JS-host `node:test` files that need no Node
//! API beyond reading their module, run on a page (`tests/e2e/node_tests.html`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::Value;
use wasm_tests::{
    BROWSERS, build_wasm, cargo, repo_root, run_browser_page, run_node, run_ok, target_dir,
};

/// Builds `examples/canvas` for wasm32 (release) into a target dir of the test suite's own.
fn build_example() -> PathBuf {
    let target = target_dir().join("e2e-canvas");
    run_ok(
        cargo()
            .args([
                "build",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "--manifest-path",
            ])
            .arg(repo_root().join("examples/canvas/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target),
    );
    target.join("wasm32-unknown-unknown/release/canvas_demo.wasm")
}

/// The checksum `host.mjs` (Node, fake canvas) prints for an `n` x `n` board.
fn node_checksum(wasm: &Path, n: u32) -> String {
    let out = run_node(
        &repo_root().join("examples/canvas/host.mjs"),
        &[wasm.as_os_str(), OsStr::new(&n.to_string())],
    );
    let line = out.trim();
    assert!(line.ends_with("live canvases: 0"), "{line}");
    line.split("checksum ")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("a checksum")
        .to_string()
}

/// The JSON report of `page` loaded in `browser`.
fn page_report(browser: &str, page: &str) -> Value {
    let out = run_browser_page(browser, page);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{browser}: {e}: {out}"))
}

fn canvas_example_draws_the_same_pixels_as_in_node(browser: &str) {
    let wasm = build_example();
    let url_path = wasm
        .strip_prefix(repo_root())
        .expect("the target dir is inside the repository");
    for n in [0, 4, 9] {
        let page = format!(
            "examples/canvas/index.html?n={n}&wasm=/{}",
            url_path.display()
        );
        let report = page_report(browser, &page);
        assert_eq!(report["error"], Value::Null, "{browser}: {report}");
        assert_eq!(
            report["live"], 0,
            "{browser}: every canvas released: {report}"
        );
        let expected = node_checksum(&wasm, n);
        assert_eq!(
            report["checksum"],
            Value::String(expected.clone()),
            "{browser}: n = {n}"
        );
        // A drawn board differs from an empty one (0 when n = 0: no canvas is read).
        assert_eq!(expected == "0x0", n == 0, "n = {n}: {expected}");
    }
}

#[test]
fn canvas_example_draws_the_same_pixels_in_chromium_as_in_node() {
    canvas_example_draws_the_same_pixels_as_in_node(BROWSERS[0]);
}

#[test]
fn canvas_example_draws_the_same_pixels_in_firefox_as_in_node() {
    canvas_example_draws_the_same_pixels_as_in_node(BROWSERS[1]);
}

/// The JS-host test files that make sense on a page (fixture, file, cases), the same counts
/// their Node runs pass (tests/extern.rs, closures.rs, slices.rs, abi.rs, async_exports.rs).
/// Not here: the `wasm::web` files (a fake DOM; the real one is tests/web.rs's page) and the
/// `parts` files (they watch Node's module loader).
const PAGE_TESTS: [(&str, &str, u64); 7] = [
    ("extern-refs", "extern.test.mjs", 11),
    ("closures", "closures.test.mjs", 15),
    ("slices", "slices.test.mjs", 13),
    ("abi", "abi.test.mjs", 14),
    ("panics", "panics.test.mjs", 8),
    ("async-exports", "async.test.mjs", 14),
    ("boundary", "boundary.test.mjs", 10),
];

fn js_host_tests_pass_on_a_page(browser: &str) {
    let mut total = 0;
    for (fixture, script, cases) in PAGE_TESTS {
        let wasm = build_wasm(fixture);
        let wasm = wasm
            .strip_prefix(repo_root())
            .expect("the target dir is inside the repository");
        for codegen in ["1", "0"] {
            let page = format!(
                "tests/e2e/node_tests.html?script=/tests/e2e/{script}&codegen={codegen}&wasm=/{}",
                wasm.display()
            );
            let report = page_report(browser, &page);
            assert_eq!(report["error"], Value::Null, "{browser} {script}: {report}");
            assert_eq!(
                report["fail"], 0,
                "{browser} {script} (codegen={codegen}): {report}"
            );
            assert_eq!(
                report["pass"], cases,
                "{browser} {script} (codegen={codegen}): {report}"
            );
            total += cases;
        }
    }
    println!("{browser}: {total} node:test cases passed on a page");
}

#[test]
fn js_host_tests_pass_on_a_page_in_chromium() {
    js_host_tests_pass_on_a_page(BROWSERS[0]);
}

#[test]
fn js_host_tests_pass_on_a_page_in_firefox() {
    js_host_tests_pass_on_a_page(BROWSERS[1]);
}

/// The page's stand-ins for `node:test` and `node:assert/strict` fail where Node's do: every case
/// of `page/self_check.test.mjs` named `fails:` fails, every other passes.
#[test]
fn the_page_test_runner_reports_failures() {
    let report = page_report(
        BROWSERS[0],
        "tests/e2e/node_tests.html?script=/tests/e2e/page/self_check.test.mjs",
    );
    assert_eq!(report["error"], Value::Null, "{report}");
    let failures: Vec<&str> = report["failures"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| {
            f.as_str()
                .expect("a string")
                .split(':')
                .next()
                .expect("a name")
        })
        .collect();
    assert!(failures.iter().all(|f| f.starts_with("fails ")), "{report}");
    assert_eq!(report["fail"], 12, "{report}");
    assert_eq!(report["pass"], 10, "{report}");
    // Node's own test runner and assert module agree.
    let out = wasm_tests::node()
        .args(["--test", "--test-reporter=tap"])
        .arg(repo_root().join("tests/e2e/page/self_check.test.mjs"))
        .output()
        .expect("node runs");
    let tap = String::from_utf8_lossy(&out.stdout);
    let failed_in_node: Vec<&str> = tap
        .lines()
        .filter_map(|l| l.strip_prefix("not ok ")?.split_once(" - ").map(|(_, name)| name))
        .collect();
    assert_eq!(failed_in_node, failures, "{tap}");
    assert!(tap.contains("# pass 10"), "{tap}");
}
