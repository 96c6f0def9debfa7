//@check-pass
//@compile-flags: --cfg wasm_host=\"browser\"
// Ordinary wasm-bindgen / web-sys code is judged by what it does: wasm-bindgen's crates are
// inferred from their bodies (their imports are the `js_call` sources), so an upcast is pure;
// `#[wasm_bindgen]`'s generated export and descriptor functions are not the user's body, so a
// declaration on a `#[wasm_bindgen]` function (either attribute order) is about that function.
#![crate_type = "lib"]
#![allow(unexpected_cfgs)]
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlCanvasElement, HtmlElement};

#[wasm::pure]
pub fn upcast(canvas: &HtmlCanvasElement) -> &HtmlElement {
    canvas
}

#[wasm::pure]
pub fn as_element(canvas: &HtmlCanvasElement) -> &Element {
    canvas.unchecked_ref()
}

#[wasm::pure]
pub fn to_value(canvas: HtmlCanvasElement) -> JsValue {
    canvas.into()
}

#[wasm::effect(js_call)]
pub fn width(canvas: &HtmlCanvasElement) -> u32 {
    canvas.width()
}

#[wasm::effect(js_call)]
pub fn body_width() -> Option<u32> {
    let document = web_sys::window()?.document()?;
    let canvas = document.get_element_by_id("canvas")?.dyn_into::<HtmlCanvasElement>().ok()?;
    Some(canvas.width())
}

#[wasm_bindgen]
#[wasm::pure]
pub fn double(x: u32) -> u32 {
    x * 2
}

#[wasm::pure]
#[wasm_bindgen]
pub fn triple(x: u32) -> u32 {
    x * 3
}

#[wasm_bindgen]
#[wasm::effect(js_call)]
pub fn resize(canvas: &HtmlCanvasElement, by: u32) {
    canvas.set_width(canvas.width() * by);
}
