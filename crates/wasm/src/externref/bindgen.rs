//! Interop with wasm-bindgen (feature `wasm-bindgen`): [`ExternRef<T>`] <-> [`JsValue`], so typed
//! references mix with web-sys and other `#[wasm_bindgen]` code.
//!
//! With the feature on, a wasm module is a wasm-bindgen module: `wasm-bindgen` (the CLI) writes
//! its JS, and the reference table lives in `js/table.mjs` (the table part of `wasmrust.mjs`,
//! self-contained), which wasm-bindgen loads as a snippet. `#[wasm::export]` and
//! `#[wasm::import]` are for modules loaded by `wasmrust.mjs` itself; in a wasm-bindgen module use
//! `#[wasm_bindgen]` for exports and imports, and these conversions at the seams.
//!
//! Cost of a conversion: one call from wasm into JS (the snippet reads or fills our table) plus
//! wasm-bindgen's own handling of the `JsValue` (a slot in its externref table). `tests/bench/run
//! extern` measures it next to the other figures in `docs/benchmarks.md`.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use super::{Any, ExternRef, HostType};

#[wasm_bindgen(module = "/js/table.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = "bindgenClone")]
    fn bg_clone(handle: u32) -> u32;
    #[wasm_bindgen(js_name = "bindgenRelease")]
    fn bg_release(handles: &[u32]);
    #[wasm_bindgen(js_name = "bindgenTest")]
    fn bg_test(handle: u32, kind: u32, name: &str) -> bool;
    #[wasm_bindgen(js_name = "bindgenTrap")]
    fn bg_trap(message: &str);
    #[wasm_bindgen(js_name = "bindgenGet")]
    fn bg_get(handle: u32) -> JsValue;
    #[wasm_bindgen(js_name = "bindgenPut")]
    fn bg_put(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = "bindgenPin")]
    fn bg_pin(handle: u32);
}

/// The host functions behind references in a wasm-bindgen module.
#[cfg(target_family = "wasm")]
pub(crate) mod backend {
    use crate::externref::TypeTest;

    pub(crate) fn clone(handle: u32) -> u32 {
        super::bg_clone(handle)
    }
    pub(crate) fn release(handles: &[u32]) {
        super::bg_release(handles)
    }
    pub(crate) fn test(handle: u32, test: TypeTest) -> bool {
        let (kind, name) = crate::externref::host::test_parts(test);
        super::bg_test(handle, kind, name)
    }
    pub(crate) fn trap(message: &str) -> ! {
        super::bg_trap(message);
        core::arch::wasm32::unreachable()
    }
    pub(crate) fn pin(handle: u32) {
        super::bg_pin(handle)
    }
}

impl<T> ExternRef<T> {
    /// The referenced object as a wasm-bindgen `JsValue` (the reference stays owned by `self`).
    pub fn to_js(&self) -> JsValue {
        bg_get(self.as_raw())
    }

    /// The referenced object as a `JsValue`, releasing this reference.
    pub fn into_js(self) -> JsValue {
        self.to_js()
    }
}

impl ExternRef<Any> {
    /// A reference to the object of any `JsValue` (or web-sys type, through `AsRef<JsValue>`).
    pub fn from_js(value: impl AsRef<JsValue>) -> ExternRef<Any> {
        ExternRef::from_host(bg_put(value.as_ref()))
    }
}

impl<T: HostType> ExternRef<T> {
    /// A typed reference to `value`, if the host's type test for `T` accepts it; else the value
    /// back.
    pub fn try_from_js(value: JsValue) -> Result<ExternRef<T>, JsValue> {
        ExternRef::from_js(&value).try_cast::<T>().map_err(|_| value)
    }
}

impl<T> From<ExternRef<T>> for JsValue {
    fn from(r: ExternRef<T>) -> JsValue {
        r.into_js()
    }
}

impl<T> From<&ExternRef<T>> for JsValue {
    fn from(r: &ExternRef<T>) -> JsValue {
        r.to_js()
    }
}

impl From<JsValue> for ExternRef<Any> {
    fn from(value: JsValue) -> ExternRef<Any> {
        ExternRef::from_js(value)
    }
}
