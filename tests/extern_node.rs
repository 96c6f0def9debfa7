//! Shared by `tests/abi.rs` and `tests/extern.rs`: builds a fixture and runs a `node:test` file
//! against it twice, with generated JS wrappers and with the closure-built ones (what a page whose
//! Content Security Policy forbids `new Function` gets).

use std::ffi::OsStr;
use std::path::Path;

use wasm_tests::{build_wasm, repo_root, run_node_tests};

/// Runs `tests/e2e/<script>` on fixture `package` in both modes; each must pass `expected` cases.
pub fn run_in_both_modes(package: &str, script: &str, expected: usize) {
    run_module_in_both_modes(&build_wasm(package), script, &[], expected);
}

/// Runs `tests/e2e/<script>` with `WASM=<wasm>` and `env` in both modes; each must pass
/// `expected` cases.
pub fn run_module_in_both_modes(
    wasm: &Path,
    script: &str,
    env: &[(&str, &OsStr)],
    expected: usize,
) {
    let script = repo_root().join("tests/e2e").join(script);
    for codegen in ["1", "0"] {
        let mut all = vec![
            ("WASM", wasm.as_os_str()),
            ("WASMRUST_CODEGEN", codegen.as_ref()),
        ];
        all.extend_from_slice(env);
        let passed = run_node_tests(&script, &all);
        assert_eq!(
            passed,
            expected,
            "every case of {} ran (codegen={codegen})",
            script.display()
        );
    }
}
