// A `Vec` of references is an export type only, an import's `Vec<String>` parameter a top-level
// one; lists hold owned items; `Clamped`
// holds a `Vec<u8>` (or, as a top-level parameter, a `&[u8]`). Each refusal is at its type.
use wasm::{Clamped, ExternRef};

#[wasm::export]
fn f(_a: Vec<&str>, _b: Vec<Option<String>>, _c: Vec<&ExternRef>) {}

#[wasm::export]
fn g(_a: Clamped<&mut [u8]>, _b: Option<Clamped<&[u8]>>) -> Clamped<&'static [u8]> {
    Clamped(&[])
}

#[wasm::export]
fn h(_a: Clamped<Vec<u16>>) {}

#[wasm::import(module = "host")]
extern "C" {
    fn words(w: Vec<String>) -> Vec<ExternRef>;
    fn maybe(w: Option<Vec<String>>);
}

fn main() {}
