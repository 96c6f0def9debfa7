//@compile-flags: --cfg wasm_host=\"browser\"
// Under the `browser` profile `io` is removed; `js_call` stays.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn js_log(v: u32);
}

#[unsafe(no_mangle)]
pub extern "C" fn reads_file() -> usize { //~ wasm_lint::effect_unavailable
    std::fs::read("/data").map_or(0, |d| d.len())
}

#[unsafe(no_mangle)]
pub extern "C" fn logs(v: u32) {
    // SAFETY: plain value.
    unsafe { js_log(v) }
}

fn main() {}
