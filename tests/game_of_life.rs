//! The Game of Life example (`examples/game-of-life`, the rustwasm book's `Universe` as an
//! exported class) runs in Node and in headless Chromium, each generation checked against a
//! plain-JS implementation of the rules (`life.mjs`), and both hosts reach the same board.

use std::ffi::OsStr;

use serde_json::Value;
use wasm_tests::{build_example, repo_root, run_node};

/// `(population, checksum)` that `host.mjs` prints after `n` generations in Node.
fn in_node(wasm: &std::path::Path, n: u32) -> (u64, u64) {
    let out = run_node(&repo_root().join("examples/game-of-life/host.mjs"), &[wasm.as_os_str(), OsStr::new(&n.to_string())]);
    let field = |name: &str| -> u64 {
        let rest = out.split(&format!("{name} ")).nth(1).unwrap_or_else(|| panic!("no {name} in {out}"));
        rest.split(|c: char| !c.is_ascii_digit()).next().and_then(|d| d.parse().ok()).expect("a number")
    };
    (field("population"), field("checksum"))
}

#[test]
fn game_of_life_runs_the_same_in_node_and_chromium() {
    let wasm = build_example("game-of-life", "game_of_life");
    let url_path = wasm.strip_prefix(repo_root()).expect("the target dir is inside the repository");
    let mut seen = Vec::new();
    for n in [1, 30] {
        let (population, checksum) = in_node(&wasm, n);
        let page = format!("examples/game-of-life/index.html?n={n}&wasm=/{}", url_path.display());
        let out = run_node(&repo_root().join("tests/e2e/browser.mjs"), &[OsStr::new(&page)]);
        let report: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert_eq!(report["error"], Value::Null, "{report}");
        assert_eq!(report["drawn"], n, "one frame per generation: {report}");
        assert_eq!(report["population"], population, "n = {n}: {report}");
        assert_eq!(report["checksum"], checksum, "n = {n}: {report}");
        // Each live cell is a 5 x 5 black square on the canvas.
        assert_eq!(report["black"], population * 25, "n = {n}: {report}");
        seen.push(checksum);
    }
    assert_ne!(seen[0], seen[1], "the board changes between generations 1 and 30");
}

/// The runtime path loads of `crates/wasm/js` only what the example's signatures need: the
/// classes, `render`'s `String`, and what those build on; no `more.mjs` (class objects cross
/// in exports only, whose results of two values gen.mjs reads).
#[test]
fn game_of_life_loads_only_the_parts_it_needs() {
    let wasm = build_example("game-of-life", "game_of_life");
    let out = run_node(&repo_root().join("tests/bench/extern/glue-files.mjs"), &[wasm.as_os_str()]);
    let mut files: Vec<&str> = out.lines().map(|l| l.rsplit('/').next().unwrap_or(l)).collect();
    files.sort_unstable();
    assert_eq!(files, ["classes.mjs", "gen.mjs", "text.mjs", "wasmrust.mjs"], "{out}");
}
