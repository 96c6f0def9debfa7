//@aux-build:effect_dep.rs
// Unknown calls inside a dependency travel in its side file.
#![cfg_attr(wasm_lint, deny(wasm_lint::unknown_effect))]
extern crate effect_dep;

#[wasm::pure]
fn dependency_calls_pointer() -> u32 {
    effect_dep::call_ptr(|| 1) //~ wasm_lint::unknown_effect
}

#[wasm::pure]
fn dependency_known() -> u32 {
    effect_dep::double(2)
}

fn main() {
    let _ = dependency_calls_pointer() + dependency_known();
}
