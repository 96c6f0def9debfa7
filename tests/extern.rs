//! Host references in a real JS host (Node): a million create/clone/drop cycles, stale and
//! forged handles, and the CanvasContext example on a fake canvas (fixture `extern-refs`, cases
//! in `tests/e2e/extern.test.mjs`).

use wasm_tests::{build_wasm, repo_root, run_node_tests};

#[test]
fn host_references_in_node() {
    let wasm = build_wasm("extern-refs");
    let script = repo_root().join("tests/e2e/extern.test.mjs");
    for codegen in ["1", "0"] {
        let env = [("WASM", wasm.as_os_str()), ("WASMRUST_CODEGEN", codegen.as_ref())];
        assert_eq!(run_node_tests(&script, &env), 6, "every case of extern.test.mjs ran (codegen={codegen})");
    }
}
