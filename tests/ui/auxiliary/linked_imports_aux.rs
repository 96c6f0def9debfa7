// A library importing `host.measure` (the mark `#[wasm::import(module = "host")]` leaves, with the
// symbol its wrapper calls in a component), and a function bound to JS, which has no WIT form
// and stays out of the world of a crate linking this one.
#![crate_type = "lib"]

#[cfg_attr(wasm_lint, wasm_lint::import(module = "host", symbol = "wasmrust_linked_import_686f7374_measure"))]
pub fn measure(label: &str) -> u32 {
    label.len() as u32
}

#[cfg_attr(wasm_lint, wasm_lint::import(js))]
pub fn alert(message: &str) {
    let _ = message;
}
