//@aux-build:par_like.rs
//@compile-flags: -W wasm_lint::unknown_effect
//@warn-only
// A dependency's trait default method that only calls trait methods on `Self` (rayon's
// `par_iter().sum()`) cannot be judged in its own crate: it is unknown, never pure. So a
// declaration of the effect it hides is not "unused", and strict mode asks for a declaration.
// (Before, it was missing from the side file, which reads as pure: `unused_effect` fired on
// `total` and strict mode said nothing.)
extern crate par_like;
use par_like::ParIter;

#[wasm::effect(spawn)]
fn total(data: &[u32]) -> u64 {
    par_like::par_iter(data).sum() //~ WARN: cannot be fully known
}

#[wasm::pure]
fn looks_pure(data: &[u32]) -> u64 {
    par_like::par_iter(data).sum() //~ WARN: cannot be fully known
}

fn main() {
    let _ = total(&[1, 2, 3]);
    let _ = looks_pure(&[1, 2, 3]);
}
