//@compile-flags: --cfg wasm_host=\"wasmtime\"
// `#[wasm::export]` leaves `#[wasm_lint::export]`: such functions are exports too. Lint levels
// apply on the function.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "./snippets/app.js")]
unsafe extern "C" {
    fn notify();
}

fn notify_js() {
    // SAFETY: no arguments.
    unsafe { notify() }
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn marked_export() { //~ wasm_lint::effect_unavailable
    notify_js();
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
#[cfg_attr(wasm_lint, allow(wasm_lint::effect_unavailable))]
pub fn allowed_export() {
    notify_js();
}

// Public, but this crate is not a cdylib: not an export.
pub fn public_helper() {
    notify_js();
}

fn main() {}
