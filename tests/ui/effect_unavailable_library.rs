//@compile-flags: --cfg wasm_host=\"wasmtime\" --crate-type=lib
// A crate built only as a library exports nothing of its own: its `#[wasm::export]` functions
// are exported by no module that links it (unless `always`), so the host profile does not judge
// them here; the `always` one is an export of every such module, and is judged.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "./snippets/app.js")]
unsafe extern "C" {
    fn notify();
}

fn notify_js() {
    // SAFETY: no arguments.
    unsafe { notify() }
}

#[wasm::export]
pub fn exported_by_its_own_module_only() {
    notify_js();
}

#[wasm::export(always)]
pub fn exported_wherever_linked() { //~ wasm_lint::effect_unavailable
    notify_js();
}
