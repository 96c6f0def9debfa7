//! Every ABI type of `#[wasm::export]` / `#[wasm::import]` / `FuncRef::call` round-trips
//! through a real JS host (Node): fixture `abi`, cases in `tests/e2e/abi.test.mjs`.

mod extern_node;

#[test]
fn every_abi_type_round_trips_in_node() {
    extern_node::run_in_both_modes("abi", "abi.test.mjs", 14);
}
