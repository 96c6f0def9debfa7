// Arguments other than `crate = path` are rejected with a spanned error.
#[wasm::linear(consume = "close")]
pub struct A(wasm::Handle);

#[wasm::linear(crate)]
pub struct B(wasm::Handle);

#[wasm::linear(crate = wasm, extra)]
pub struct C(wasm::Handle);

fn main() {}
