#[wasm::wit(path = "../wit", world = "bench")]
mod bindings {}
use bindings as Bindings;
include!("../../guest-body.rs");
bindings::export!(Guest with_types_in bindings);
