//@compile-flags: --cfg wasm_host=\"wasi\" --crate-type=cdylib
// What a `cdylib` exports is what rustc exports: `#[no_mangle]` / `#[export_name]` items (and
// `#[wasm::export]`, `#[wasm_bindgen]` functions), not its public API. Exports reaching a
// removed effect are rejected; public functions that are not exported, and `#[wasm::import]`
// wrappers, are not.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn js_now() -> f64;
}

#[wasm::import(module = "./clock.js")]
unsafe extern "C" {
    pub fn clock_now() -> f64;
}

#[wasm::effect(js_call)]
fn now() -> f64 {
    // SAFETY: no arguments.
    unsafe { js_now() }
}

#[unsafe(no_mangle)]
pub extern "C" fn timestamp() -> f64 { //~ wasm_lint::effect_unavailable
    now()
}

#[unsafe(export_name = "read_clock")]
pub extern "C" fn read() -> f64 { //~ wasm_lint::effect_unavailable
    clock_now()
}

pub struct Clock;

impl Clock {
    pub fn read(&self) -> f64 {
        now()
    }
}

pub fn public_but_not_exported() -> f64 {
    now()
}

#[unsafe(no_mangle)]
pub extern "C" fn pure_export(x: f64) -> f64 {
    x * 2.0
}
