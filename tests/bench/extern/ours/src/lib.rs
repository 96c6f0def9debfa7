//! The extern benchmark with WasmRust: `#[wasm::export]`, `ExternRef`, `#[wasm::import]`.
#[allow(unused_imports)] // used by the imports and bodies of some feature sets
use wasm::ExternRef;

// Each module declares only the imports it calls: a declared import's signature record stays in
// the module even when the import is unused (wasm-bindgen's CLI removes unused ones).
#[cfg(feature = "calls")]
#[wasm::import(module = "host")]
extern "C" {
    fn host_touch(x: &ExternRef);
}
#[cfg(feature = "greet")]
#[wasm::import(module = "host")]
extern "C" {
    fn host_greet(s: &str);
}

macro_rules! exported {
    ($($(#[$m:meta])* fn $name:ident($($args:tt)*) $(-> $r:ty)? $body:block)*) => {
        $($(#[$m])* #[wasm::export] fn $name($($args)*) $(-> $r)? $body)*
    };
}
include!("../../bodies.rs");
bodies!(ExternRef);
