// A linear type cannot derive Clone or Copy: a copy would be a second obligation.
#[wasm::linear]
#[derive(Debug, Clone)]
pub struct CanvasContext(wasm::Handle);

#[wasm::linear]
#[derive(Clone, Copy)]
pub enum Token {
    A(wasm::Handle),
}

fn main() {}
