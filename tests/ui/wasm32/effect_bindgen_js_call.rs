//@compile-flags: --cfg wasm_host=\"wasi\"
// wasm-bindgen code that does call JavaScript is still caught, on every target, with the chain
// ending at the import; under a host without JavaScript a `#[wasm_bindgen]` export is reported
// once, at the user's function (not at its generated wrapper or descriptor).
#![crate_type = "lib"]
#![allow(unexpected_cfgs)]
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

#[wasm::pure]
pub fn width(canvas: &HtmlCanvasElement) -> u32 {
    canvas.width() //~ wasm_lint::undeclared_effect
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(message: &str);
}

#[wasm::pure]
pub fn logs() {
    log("hello"); //~ wasm_lint::undeclared_effect
}

#[wasm_bindgen]
pub fn exported_logs(x: u32) -> u32 { //~ wasm_lint::effect_unavailable
    log("exported");
    x
}

#[wasm_bindgen]
pub fn exported_pure(x: u32) -> u32 {
    x + 1
}
