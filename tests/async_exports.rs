//! `#[wasm::export] async fn` and JS promises as Rust futures, fixture `async-exports` in Node,
//! both codegen modes (`tests/e2e/async.test.mjs`).

mod extern_node;

#[test]
fn async_exports_in_node() {
    extern_node::run_in_both_modes("async-exports", "async.test.mjs", 8);
}
