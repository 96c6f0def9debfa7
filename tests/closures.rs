//! Rust closures as JS functions (`wasm::Closure`), fixture `closures` in Node, both codegen
//! modes (`tests/e2e/closures.test.mjs`).

mod extern_node;

#[test]
fn closures_in_node() {
    extern_node::run_in_both_modes("closures", "closures.test.mjs", 15);
}
