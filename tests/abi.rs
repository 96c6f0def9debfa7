//! Every ABI type of `#[wasm::export]` / `#[wasm::import]` / `FuncRef::call` round-trips
//! through a real JS host (Node): fixture `abi`, cases in `tests/e2e/abi.test.mjs`.

use wasm_tests::{build_wasm, repo_root, run_node_tests};

#[test]
fn every_abi_type_round_trips_in_node() {
    let wasm = build_wasm("abi");
    let passed = run_node_tests(&repo_root().join("tests/e2e/abi.test.mjs"), &[("WASM", wasm.as_os_str())]);
    assert_eq!(passed, 12, "every case of abi.test.mjs ran");
}
