// Manual `unsafe impl Pod` for types whose fields are not plain data, whatever the padding.
#![allow(dead_code)]
use std::num::NonZeroU32;
use wasm::Pod;

#[repr(C)]
#[derive(Clone, Copy)]
struct Flags {
    bits: [u8; 3],
    on: bool,
}
unsafe impl Pod for Flags {} //~ wasm_lint::non_pod_shared

#[repr(C)]
#[derive(Clone, Copy)]
struct Glyph {
    code: char,
}
unsafe impl Pod for Glyph {} //~ wasm_lint::non_pod_shared

#[repr(C)]
#[derive(Clone, Copy)]
struct Borrowed {
    value: &'static u32,
}
unsafe impl Pod for Borrowed {} //~ wasm_lint::non_pod_shared

// Raw pointers are `Copy` and `'static`, and still mean nothing on the other side.
#[repr(C)]
#[derive(Clone, Copy)]
struct Buffer {
    ptr: *const u8,
    len: usize,
}
unsafe impl Pod for Buffer {} //~ wasm_lint::non_pod_shared

#[repr(C)]
#[derive(Clone, Copy)]
struct Callback {
    f: fn(u32) -> u32,
}
unsafe impl Pod for Callback {} //~ wasm_lint::non_pod_shared

// Enums and types with a niche: not every bit pattern is a value.
#[repr(C)]
#[derive(Clone, Copy)]
struct Maybe {
    value: Option<u32>,
    id: NonZeroU32,
}
unsafe impl Pod for Maybe {} //~ wasm_lint::non_pod_shared

// A tuple has Rust's default layout.
#[repr(C)]
#[derive(Clone, Copy)]
struct Pairs {
    pair: (u32, u32),
}
unsafe impl Pod for Pairs {} //~ wasm_lint::non_pod_shared

// A field of a type with no `Pod` impl: the message says what inside it is not plain data.
#[repr(C)]
#[derive(Clone, Copy)]
struct State {
    ready: bool,
    count: [u8; 3],
}

#[repr(C)]
#[derive(Clone, Copy)]
struct Frame {
    state: State,
    time: u32,
}
unsafe impl Pod for Frame {} //~ wasm_lint::non_pod_shared

// An enum itself.
#[repr(u32)]
#[derive(Clone, Copy)]
enum Mode {
    Off = 0,
    On = 1,
}
unsafe impl Pod for Mode {} //~ wasm_lint::non_pod_shared

// A union whose smaller field leaves bytes uninitialized.
#[repr(C)]
#[derive(Clone, Copy)]
union Word {
    byte: u8,
    word: u32,
}
unsafe impl Pod for Word {} //~ wasm_lint::non_pod_shared

// `&'static T` is a local type for the orphan rules (references are fundamental).
unsafe impl Pod for &'static Glyph {} //~ wasm_lint::non_pod_shared

fn main() {}
