//! The JS host in a real browser: the canvas example (the seed's `CanvasContext`, a linear type
//! wrapping a host handle) drawn on real `<canvas>` elements in headless Chromium, loaded through
//! `wasmrust.mjs` as a plain ES module from a static server (`tests/e2e/browser.mjs`), and
//! checked against the same module run in Node with the fake canvas of `host.mjs`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::Value;
use wasm_tests::{cargo, repo_root, run_node, run_ok, target_dir};

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

#[test]
fn canvas_example_draws_the_same_pixels_in_chromium_as_in_node() {
    let wasm = build_example();
    let url_path = wasm
        .strip_prefix(repo_root())
        .expect("the target dir is inside the repository");
    for n in [0, 4, 9] {
        let page = format!(
            "examples/canvas/index.html?n={n}&wasm=/{}",
            url_path.display()
        );
        let out = run_node(
            &repo_root().join("tests/e2e/browser.mjs"),
            &[OsStr::new(&page)],
        );
        let report: Value =
            serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(report["error"], Value::Null, "{report}");
        assert_eq!(report["live"], 0, "every canvas released: {report}");
        let expected = node_checksum(&wasm, n);
        assert_eq!(
            report["checksum"],
            Value::String(expected.clone()),
            "n = {n}"
        );
        // A drawn board differs from an empty one (0 when n = 0: no canvas is read).
        assert_eq!(expected == "0x0", n == 0, "n = {n}: {expected}");
    }
}
