//@check-pass
//@compile-flags: --cfg wasm_host=\"node\"
// `node` removes nothing, and without a profile nothing is removed either: exports may reach
// every effect.
#![allow(unexpected_cfgs)]

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn js_log(v: u32);
}

#[unsafe(no_mangle)]
pub extern "C" fn everything(v: u32) -> usize {
    // SAFETY: plain value.
    unsafe { js_log(v) };
    std::fs::read("/x").map_or(0, |d| d.len())
}

fn main() {}
