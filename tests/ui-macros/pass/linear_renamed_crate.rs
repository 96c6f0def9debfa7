// `crate = path` for users who renamed the dependency.
extern crate wasm as w;

#[w::linear(crate = w)]
pub struct CanvasContext(w::Handle);

fn assert_linear<T: w::Linear>() {}

fn main() {
    assert_linear::<CanvasContext>();
}
