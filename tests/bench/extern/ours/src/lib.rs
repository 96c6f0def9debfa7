//! The extern benchmark with WasmRust: `#[wasm::export]`, `ExternRef`, `#[wasm::import]`.
use wasm::ExternRef;

#[wasm::import(module = "host")]
extern "C" {
    fn host_touch(x: &ExternRef);
    fn host_greet(s: &str);
}

macro_rules! exported {
    ($($(#[$m:meta])* fn $name:ident($($args:tt)*) $(-> $r:ty)? $body:block)*) => {
        $($(#[$m])* #[wasm::export] fn $name($($args)*) $(-> $r)? $body)*
    };
}
include!("../../bodies.rs");
bodies!(ExternRef);
