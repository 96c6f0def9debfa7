//! Every ABI type of `#[wasm::export]` / `#[wasm::import]` / `FuncRef::call` round-trips
//! through a real JS host (Node): fixture `abi`, cases in `tests/e2e/abi.test.mjs`. And each
//! module loads only the parts of `wasmrust.mjs` it needs: fixture `js-parts`, one module per
//! feature, cases in `tests/e2e/parts.test.mjs`.

mod extern_node;

use wasm_tests::WasmBuild;

#[test]
fn every_abi_type_round_trips_in_node() {
    extern_node::run_in_both_modes("abi", "abi.test.mjs", 14);
}

#[test]
fn each_module_loads_only_the_parts_of_the_runtime_it_needs() {
    for feature in ["numbers", "text", "refs", "slices"] {
        // One package, one output file: copy each build before the next replaces it.
        let built = WasmBuild { package: "js-parts", features: &[feature], ..Default::default() }.build();
        let wasm = built.with_file_name(format!("js_parts_{feature}.wasm"));
        std::fs::copy(&built, &wasm).expect("copy the module");
        extern_node::run_module_in_both_modes(&wasm, "parts.test.mjs", &[("FEATURE", feature.as_ref())], 2);
    }
}
