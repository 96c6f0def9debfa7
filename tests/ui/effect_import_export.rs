//@compile-flags: --cfg wasm_host=\"wasi\"
// `#[wasm::import]` wrappers carry `#[wasm_lint::effect(js_call)]` (or what `effect = ..` says)
// and `#[wasm::export]` marks its function as an export: the effect lints honour both.
#![allow(unexpected_cfgs)]

#[wasm::import(module = "console")]
unsafe extern "C" {
    fn log(message: &str);
    fn now() -> f64;
}

#[wasm::import(module = "wasi:clocks/monotonic-clock", effect = host_call)]
unsafe extern "C" {
    fn tick() -> u64;
}

#[wasm::pure]
fn pure_but_logs(x: u32) -> u32 {
    log("x"); //~ wasm_lint::undeclared_effect
    x
}

#[wasm::effect(js_call)]
fn logs(x: u32) -> f64 {
    log("x");
    now() + f64::from(x)
}

#[wasm::effect(host_call)]
fn ticks() -> u64 {
    tick()
}

#[wasm::export]
fn exported_pure(x: u32) -> u32 {
    x * 2
}

#[wasm::export]
fn exported_logs(x: u32) -> u32 { //~ wasm_lint::effect_unavailable
    logs(x) as u32
}

#[wasm::export]
fn exported_ticks() -> u64 {
    ticks()
}

fn main() {
    let _ = pure_but_logs(1) + exported_pure(2) + exported_logs(3);
    let _ = exported_ticks();
}
