mod bindings {
    wit_bindgen::generate!({ path: "../wit", world: "bench" });
}
use bindings as Bindings;
include!("../../guest-body.rs");
bindings::export!(Guest with_types_in bindings);
