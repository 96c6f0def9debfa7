//! Boundary types users hit, in a real JS host (Node): `Vec<String>`, `Vec<ExternRef<T>>`,
//! `Vec<FuncRef>`, `wasm::Clamped` (`Uint8ClampedArray`) and `Debug` of an `ExternRef`. Fixture
//! `boundary`, cases in `tests/e2e/boundary.test.mjs`: on the runtime path in both wrapper modes,
//! and against the glue `emit.mjs` writes ahead of time (as `tests/aot.rs` runs the others).

mod extern_node;

use wasm_tests::{build_wasm, node, repo_root, run_node_tests, run_ok, target_dir};

const CASES: usize = 10;

#[test]
fn boundary_types_cross_in_node() {
    extern_node::run_in_both_modes("boundary", "boundary.test.mjs", CASES);
}

#[test]
fn boundary_types_cross_with_ahead_of_time_glue() {
    let wasm = build_wasm("boundary");
    let dir = target_dir().join("aot");
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let glue = dir.join("boundary.js");
    run_ok(node().arg(repo_root().join("crates/wasm/js/emit.mjs")).arg(&wasm).arg("-o").arg(&glue));
    let hook = format!("--import={}", repo_root().join("tests/e2e/aot-glue.mjs").display());
    let script = repo_root().join("tests/e2e/boundary.test.mjs");
    let env = [("WASM", wasm.as_os_str()), ("WASMRUST_GLUE", glue.as_os_str()), ("NODE_OPTIONS", hook.as_ref())];
    assert_eq!(run_node_tests(&script, &env), CASES, "every case ran against the emitted glue");
}
