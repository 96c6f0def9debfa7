// Generic manual impls: the layout depends on the parameters, so the lint checks the repr and
// the fields under the impl's bounds, and tries small `Pod` types for the parameters.
#![allow(dead_code)]
use wasm::Pod;

// A field whose type parameter the impl does not bound by `Pod`.
#[repr(transparent)]
#[derive(Clone, Copy)]
struct Wrapper<T>(T);
unsafe impl<T: Copy + 'static> Pod for Wrapper<T> {} //~ wasm_lint::non_pod_shared

// Padding that appears for some parameters: `Tagged<u16>` has 1 padding byte.
#[repr(C)]
#[derive(Clone, Copy)]
struct Tagged<T> {
    tag: u8,
    value: T,
}
unsafe impl<T: Pod> Pod for Tagged<T> {} //~ wasm_lint::non_pod_shared

// Const generics: `Buf<1>` has 3 trailing padding bytes.
#[repr(C)]
#[derive(Clone, Copy)]
struct Buf<const N: usize> {
    len: u32,
    data: [u8; N],
}
unsafe impl<const N: usize> Pod for Buf<N> {} //~ wasm_lint::non_pod_shared

// Non-C layout is wrong whatever the parameters.
#[derive(Clone, Copy)]
struct Loose<T> {
    a: T,
    b: T,
}
unsafe impl<T: Pod> Pod for Loose<T> {} //~ wasm_lint::non_pod_shared

// A non-`Pod` field next to a generic one.
#[repr(C)]
#[derive(Clone, Copy)]
struct Flagged<T> {
    value: T,
    on: bool,
}
unsafe impl<T: Pod> Pod for Flagged<T> {} //~ wasm_lint::non_pod_shared

// The padding the probe cannot rule out is checked again where a concrete type is shared:
// `Tagged<u32>` has 3 padding bytes, `Tagged<u8>` none.
fn share_tagged(values: &mut [Tagged<u32>]) -> usize {
    wasm::SharedSlice::new(values).len() //~ wasm_lint::non_pod_shared
}
fn share_tagged_bytes(values: &mut [Tagged<u8>]) -> usize {
    wasm::SharedSlice::new(values).len()
}

fn main() {}
