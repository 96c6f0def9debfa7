//@compile-flags: --cfg wasm_host=\"wasi\"
// Under the `wasi` profile `js_call` is removed: functions declaring it compile to a trap, and
// an exported function that reaches one is rejected.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn js_log(v: u32);
}

#[wasm::effect(js_call)]
fn log(v: u32) {
    // SAFETY: plain value.
    unsafe { js_log(v) }
}

fn handle(v: u32) -> u32 {
    log(v);
    v * 2
}

#[unsafe(no_mangle)]
pub extern "C" fn exported_handler(v: u32) -> u32 { //~ wasm_lint::effect_unavailable
    handle(v) + 1
}

#[unsafe(export_name = "render")]
#[wasm::effect(js_call)] //~ wasm_lint::effect_unavailable
pub extern "C" fn exported_and_declared() {
    log(1);
}

#[unsafe(no_mangle)]
pub extern "C" fn exported_pure(n: u32) -> u32 {
    (1..=n).product()
}

// Not exported: it may keep its JS call (and traps under this profile).
pub fn browser_only() {
    log(2);
}

fn main() {}
