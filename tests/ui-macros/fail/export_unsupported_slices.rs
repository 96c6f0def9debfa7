// Slices of elements without a TypedArray, slices nested in Option / Result or returned, and
// typed slices as import parameters are errors at their own span.
use wasm::SharedSlice;

#[wasm::export]
fn f(a: &[bool], b: &mut [String], c: SharedSlice<'_, usize>, d: &[char]) {
    let _ = (a, b, c, d);
}

#[wasm::export]
fn g(_a: Option<&[f32]>, _b: Result<&mut [u8], u8>) -> SharedSlice<'static, f32> {
    SharedSlice::default()
}

#[wasm::export]
fn v(_a: Vec<bool>, _b: Option<Vec<f32>>) -> Vec<usize> {
    Vec::new()
}

#[wasm::import(module = "host")]
extern "C" {
    fn h(x: &[f32], y: &mut [u8]);
    fn k(x: Vec<u8>) -> Vec<f64>;
}

fn main() {}
