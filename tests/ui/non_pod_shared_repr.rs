// Manual `unsafe impl Pod` for types whose layout is not fixed by a `repr`.
#![allow(dead_code)]
use wasm::Pod;

// Rust's default layout, even though rustc happens to leave no padding today.
#[derive(Clone, Copy)]
struct Point {
    x: f32,
    y: f32,
}
unsafe impl Pod for Point {} //~ wasm_lint::non_pod_shared

// `packed` alone does not fix the order of the fields.
#[repr(packed)]
#[derive(Clone, Copy)]
struct Wire {
    tag: u8,
    len: u32,
}
unsafe impl Pod for Wire {} //~ wasm_lint::non_pod_shared

// Default layout and padding: both are reported.
#[derive(Clone, Copy)]
struct Loose {
    a: u64,
    b: u8,
}
unsafe impl Pod for Loose {} //~ wasm_lint::non_pod_shared

fn main() {}
