//! The test harness itself: a fixture builds for wasm32 and runs in Node.

use std::ffi::OsStr;
use wasm_tests::{build_wasm, repo_root, run_node};

#[test]
fn fixture_builds_and_runs_in_node() {
    let wasm = build_wasm("smoke");
    let script = repo_root().join("tests/e2e/smoke.mjs");
    let out = run_node(&script, &[wasm.as_os_str(), OsStr::new("7"), OsStr::new("0")]);
    assert_eq!(out.trim(), "7 0");
}
