//! Every ABI type of `#[wasm::export]` / `#[wasm::import]` / `FuncRef::call` round-trips
//! through a real JS host (Node): fixture `abi`, cases in `tests/e2e/abi.test.mjs`.

use wasm_tests::{build_wasm, repo_root, run_node_tests};

#[test]
fn every_abi_type_round_trips_in_node() {
    let wasm = build_wasm("abi");
    let script = repo_root().join("tests/e2e/abi.test.mjs");
    // As generated JS functions, and as closures (what a page that forbids `new Function` gets).
    for codegen in ["1", "0"] {
        let env = [("WASM", wasm.as_os_str()), ("WASMRUST_CODEGEN", codegen.as_ref())];
        assert_eq!(run_node_tests(&script, &env), 13, "every case of abi.test.mjs ran (codegen={codegen})");
    }
}
