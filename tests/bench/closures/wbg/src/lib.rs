//! Issue 14's calls with wasm-bindgen 0.2.130 (the anchor): `Closure`, an `async fn` export
//! (wasm-bindgen-futures), `console.log` as the guide declares it and through web-sys.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn log(s: &str);
}

/// A JS function running a Rust `Fn(u32) -> u32`.
#[wasm_bindgen]
pub fn adder() -> JsValue {
    Closure::<dyn Fn(u32) -> u32>::new(|x: u32| x.wrapping_add(1)).into_js_value()
}

/// A JS function running a Rust `Fn(f64) -> f64`.
#[wasm_bindgen]
pub fn halver() -> JsValue {
    Closure::<dyn Fn(f64) -> f64>::new(|x: f64| x * 0.5).into_js_value()
}

/// A promise of its argument.
#[wasm_bindgen]
pub async fn echo(x: u32) -> u32 {
    x
}

/// Its argument, after awaiting a JS promise of it: a task that is pending at first.
#[wasm_bindgen]
pub async fn echo_later(p: js_sys::Promise) -> u32 {
    let v = wasm_bindgen_futures::JsFuture::from(p).await;
    v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32
}

/// `n` calls of `console.log("hello world")`.
#[wasm_bindgen]
pub fn log_loop(n: u32) {
    for _ in 0..n {
        log("hello world");
    }
}

/// The same through web-sys (`console::log_1` takes a `&JsValue`).
#[wasm_bindgen]
pub fn log_loop_web_sys(n: u32) {
    for _ in 0..n {
        web_sys::console::log_1(&JsValue::from_str("hello world"));
    }
}
