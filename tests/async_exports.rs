//! `#[wasm::export] async fn` and JS promises as Rust futures, fixture `async-exports` in Node,
//! both codegen modes (`tests/e2e/async.test.mjs`); start functions (`tests/e2e/start.test.mjs`).

mod extern_node;

#[test]
fn async_exports_in_node() {
    extern_node::run_in_both_modes("async-exports", "async.test.mjs", 14);
}

/// `#[wasm::export(start)]`: fixture `start` (sync) and `start-async`, both codegen
/// modes (`tests/e2e/start.test.mjs`).
#[test]
fn start_functions_in_node() {
    let later = wasm_tests::build_wasm("start-async");
    let records = wasm_tests::build_wasm("async-exports");
    extern_node::run_module_in_both_modes(
        &wasm_tests::build_wasm("start"),
        "start.test.mjs",
        &[("WASM_ASYNC", later.as_os_str()), ("WASM_RECORDS", records.as_os_str())],
        4,
    );
}
