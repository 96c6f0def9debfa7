//! `ExternRef<T>` <-> `JsValue` in a wasm-bindgen module (feature `wasm-bindgen`): checked by
//! `interop.mjs` in Node after `wasm-bindgen --target web`, and the conversion timed.
use wasm::ExternRef;
use wasm_bindgen::prelude::*;

wasm::host_type! {
    pub Point: instanceof "Point";
}

/// JsValue -> ExternRef -> clone -> JsValue: the same object comes back.
#[wasm_bindgen]
pub fn round_trip(value: JsValue) -> JsValue {
    let r = ExternRef::from_js(&value);
    let twin = r.clone();
    drop(r);
    twin.into_js()
}

/// Whether the value passes `Point`'s type test, through `try_from_js`.
#[wasm_bindgen]
pub fn is_point(value: JsValue) -> bool {
    ExternRef::<Point>::try_from_js(value).is_ok()
}

/// Typed reference in, `x` read through wasm-bindgen's reflection, reference out.
#[wasm_bindgen]
pub fn point_x(value: &JsValue) -> f64 {
    let point: ExternRef<Point> = ExternRef::try_from_js(value.clone()).expect("a Point");
    let js: JsValue = (&point).into();
    js_sys_get(&js, "x")
}

#[wasm_bindgen(inline_js = "export function get(o, k) { return o[k]; }")]
extern "C" {
    #[wasm_bindgen(js_name = get)]
    fn js_sys_get(o: &JsValue, k: &str) -> f64;
}

/// `n` conversions JsValue -> ExternRef -> JsValue, for the benchmark.
#[wasm_bindgen]
pub fn convert_loop(value: &JsValue, n: u32) {
    for _ in 0..n {
        core::hint::black_box(ExternRef::from_js(value).into_js());
    }
}

/// Releases queued references so the table's live count is exact.
#[wasm_bindgen]
pub fn flush() {
    wasm::externref::flush();
}
