//@aux-build:pod_aux.rs
// Types and impls from another crate. Dependencies are not linted, so a wrong `unsafe impl Pod`
// there is caught where this crate uses the type as `Pod`, checked byte by byte.
#![allow(dead_code)]
extern crate pod_aux;
use pod_aux::*;
use wasm::{Pod, SharedSlice};

// A wrong impl in the dependency (padding), reached through `SharedSlice::new`.
fn share_padded(values: &mut [Padded]) -> usize {
    let shared = SharedSlice::new(values); //~ wasm_lint::non_pod_shared
    shared.len()
}

// A wrong impl in the dependency (a pointer), reached through `wasm::pod::as_bytes`.
fn node_bytes(nodes: &[Node]) -> usize {
    wasm::pod::as_bytes(nodes).len() //~ wasm_lint::non_pod_shared
}

// The dependency's generic impl is wrong for `Pair<u32>`...
fn pairs(values: &mut [Pair<u32>]) -> usize {
    SharedSlice::new(values).len() //~ wasm_lint::non_pod_shared
}

// ...and right for `Pair<u8>`, so that use passes.
fn byte_pairs(values: &mut [Pair<u8>]) -> usize {
    SharedSlice::new(values).len()
}

// A user function with a `Pod` bound counts as sharing too.
fn send<T: Pod>(value: T) -> T {
    value
}
fn send_padded(value: Padded) -> Padded {
    send(value) //~ wasm_lint::non_pod_shared
}

// Derived and right manual impls from the dependency pass.
fn fine(points: &mut [Vec2], colors: &mut [Rgba]) -> usize {
    SharedSlice::new(points).len() + wasm::pod::as_bytes(colors).len()
}

// A local impl embedding the dependency's types: `Header` has no `Pod` impl, and `Padded`'s
// impl is wrong, so its padding is found inside the field.
#[repr(C)]
#[derive(Clone, Copy)]
struct Message {
    header: Header,
    body: Padded,
}
unsafe impl Pod for Message {} //~ wasm_lint::non_pod_shared

// A local impl whose fields are the dependency's good `Pod` types passes.
#[repr(C)]
#[derive(Clone, Copy)]
struct Sprite {
    pos: Vec2,
    color: Rgba,
}
unsafe impl Pod for Sprite {}

fn main() {}
