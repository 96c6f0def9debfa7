//@compile-flags: --cfg wasm_host=\"wasi\" --crate-type=cdylib
// The public API of a `cdylib` is exported: public functions and inherent methods reaching a
// removed effect are rejected; private ones are not.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn js_now() -> f64;
}

#[wasm::effect(js_call)]
fn now() -> f64 {
    // SAFETY: no arguments.
    unsafe { js_now() }
}

pub fn timestamp() -> f64 { //~ wasm_lint::effect_unavailable
    now()
}

pub struct Clock;

impl Clock {
    pub fn read(&self) -> f64 { //~ wasm_lint::effect_unavailable
        now()
    }
}

fn private_use() -> f64 {
    now()
}

pub fn pure_api(x: f64) -> f64 {
    x * 2.0
}

pub fn uses_private() -> f64 { //~ wasm_lint::effect_unavailable
    private_use()
}
