//! The extern benchmark with wasm-bindgen 0.2.130 (the anchor): `#[wasm_bindgen]`, `JsValue`.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/host.mjs")]
extern "C" {
    fn host_touch(x: &JsValue);
    fn host_greet(s: &str);
}

macro_rules! exported {
    ($($(#[$m:meta])* fn $name:ident($($args:tt)*) $(-> $r:ty)? $body:block)*) => {
        $($(#[$m])* #[wasm_bindgen] pub fn $name($($args)*) $(-> $r)? $body)*
    };
}
include!("../../bodies.rs");
bodies!(JsValue);
