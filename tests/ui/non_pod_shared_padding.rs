// Manual `unsafe impl Pod` for types with padding, found in rustc's computed layout.
#![allow(dead_code)]
use wasm::Pod;

// Between fields.
#[repr(C)]
#[derive(Clone, Copy)]
struct Packet {
    tag: u8,
    len: u32,
}
unsafe impl Pod for Packet {} //~ wasm_lint::non_pod_shared

// At the end: the size rounds up to the alignment.
#[repr(C)]
#[derive(Clone, Copy)]
struct Sample {
    value: u32,
    channel: u8,
}
unsafe impl Pod for Sample {} //~ wasm_lint::non_pod_shared

// `align(N)` adds trailing padding too.
#[repr(C, align(8))]
#[derive(Clone, Copy)]
struct Aligned {
    value: u32,
}
unsafe impl Pod for Aligned {} //~ wasm_lint::non_pod_shared

// Nested: `Inner`'s own impl is wrong, and so is every impl that embeds it.
#[repr(C)]
#[derive(Clone, Copy)]
struct Inner {
    a: u8,
    b: u16,
}
unsafe impl Pod for Inner {} //~ wasm_lint::non_pod_shared

#[repr(C)]
#[derive(Clone, Copy)]
struct Outer {
    id: u32,
    inner: Inner,
    more: u16,
}
unsafe impl Pod for Outer {} //~ wasm_lint::non_pod_shared

// Padding inside every element of an array field.
#[repr(C)]
#[derive(Clone, Copy)]
struct Table {
    rows: [Inner; 4],
}
unsafe impl Pod for Table {} //~ wasm_lint::non_pod_shared

// Several gaps: all are labelled.
#[repr(C)]
#[derive(Clone, Copy)]
struct Sparse {
    a: u8,
    b: u64,
    c: u8,
    d: u32,
}
unsafe impl Pod for Sparse {} //~ wasm_lint::non_pod_shared

fn main() {}
