// A library whose exports are exported by every module linking it (the marks
// `#[wasm::export(always)]` leaves), which the component glue of a crate linking it cannot call.
#![crate_type = "lib"]

mod private {
    // `pub`, in a private module nothing re-exports.
    #[cfg_attr(wasm_lint, wasm_lint::export)]
    pub fn tucked_away() -> u32 {
        1
    }
}

// Not `pub`.
#[cfg_attr(wasm_lint, wasm_lint::export)]
fn crate_only() -> u32 {
    2
}

// A record with a private field: the glue can neither build nor take apart its values.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub struct Sealed {
    pub id: u32,
    secret: u32,
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn seal() -> Sealed {
    Sealed { id: 3, secret: 4 }
}

// A JS-only type: the JS module exports it, a component cannot.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn js_value(value: wasm::ExternRef) -> wasm::ExternRef {
    value
}

// Reachable and of a WIT form: fine.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn fine() -> u32 {
    5
}

pub fn touch() -> u32 {
    private::tucked_away() + crate_only() + Sealed { id: 0, secret: 0 }.secret
}
