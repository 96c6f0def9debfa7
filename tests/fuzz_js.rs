//! Runs the fuzz harness of the JS decoder of the `wasmrust` section, tests/fuzz/wasmrust.mjs
//! (how it works and what it accepts: its header), on the `abi` fixture (every ABI type in its
//! signatures) and the corpus in tests/fuzz/corpus/wasmrust/. Fails on a decoder error that is
//! not a clear `Error`, a crash, or a case that hangs.

use wasm_tests::{build_wasm, node, repo_root, run_ok};

#[test]
fn wasmrust_mjs_decoder_fails_clearly() {
    let fixture = build_wasm("abi");
    let script = repo_root().join("tests/fuzz/wasmrust.mjs");
    let out = run_ok(node().arg(&script).arg(&fixture));
    let report = String::from_utf8_lossy(&out.stdout);
    print!("{report}");
    let summary = report
        .lines()
        .find(|l| l.contains("cases run"))
        .unwrap_or_else(|| panic!("no summary line from {}:\n{report}", script.display()));
    let cases: usize = summary
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("a case count");
    assert!(cases > 1000, "the fixed seeds all ran: {summary}");
    assert!(summary.ends_with(" 0 failed"), "{summary}");
}
