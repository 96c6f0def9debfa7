//@aux-build:par_like.rs
//@compile-flags: -W wasm_lint::unknown_effect
// A dependency's trait default method that only calls trait methods on `Self` (rayon's
// `par_iter().sum()`) cannot be judged in its own crate; its side file keeps those open calls,
// and a caller that knows the type resolves them to the impl it picks: `Iter::drive` spawns a
// thread, `Seq::drive` (generic over its element, with a lifetime) does not. A caller whose
// type is still generic leaves the call unknown, never pure.
extern crate par_like;
use par_like::ParIter;

#[wasm::effect(spawn)]
fn total(data: &[u32]) -> u64 {
    par_like::par_iter(data).sum()
}

#[wasm::pure]
fn looks_pure(data: &[u32]) -> u64 {
    par_like::par_iter(data).sum() //~ ERROR: performs `spawn`
}

#[wasm::pure]
fn sequential(data: &[u16]) -> u64 {
    par_like::seq(data).sum()
}

#[wasm::effect(spawn)] //~ WARN: declares `spawn`, but never performs it
fn sequential_declared_spawn(data: &[u8]) -> u64 {
    par_like::seq(data).sum()
}

// Generic in the caller too: left open in `any_sum`, resolved where it is instantiated.
fn any_sum<I: ParIter>(it: I) -> u64 {
    it.sum()
}

#[wasm::pure]
fn pure_through_generic(data: &[u32]) -> u64 {
    any_sum(par_like::par_iter(data)) //~ ERROR: performs `spawn`
}

// Generic over the element only: the dependency's open calls wait for the caller's types.
fn sum_of<T: Copy + Into<u32> + Sync>(data: &[T]) -> u64 {
    par_like::par_of(data).sum()
}

#[wasm::pure]
fn pure_through_element_generic(data: &[u8]) -> u64 {
    sum_of(data) //~ ERROR: performs `spawn`
}

fn main() {
    let _ = total(&[1, 2, 3]);
    let _ = looks_pure(&[1, 2, 3]);
    let _ = sequential(&[1, 2, 3]);
    let _ = sequential_declared_spawn(&[1, 2, 3]);
    let _ = pure_through_generic(&[1, 2, 3]);
    let _ = pure_through_element_generic(&[1, 2, 3]);
}
