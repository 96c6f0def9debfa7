//@compile-flags: --cap-lints allow
// A dependency with `Pod` impls of every kind. Dependencies are compiled with lints capped, so
// its wrong impls are only caught where the using crate shares their types (`--cap-lints allow`
// is how cargo compiles a registry dependency).
use wasm::Pod;

/// Derived: checked by the derive at compile time.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
pub struct Vec2 {
    pub x: f32,
    pub y: f32,
}

/// A wrong manual impl: 3 padding bytes before `value`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Padded {
    pub tag: u8,
    pub value: u32,
}
unsafe impl Pod for Padded {}

/// A wrong manual impl: a pointer.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Node {
    pub next: *const Node,
    pub id: u32,
}
unsafe impl Pod for Node {}

/// A generic manual impl: right for `Pair<u8>`, 3 bytes of padding for `Pair<u32>`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pair<T> {
    pub tag: u8,
    pub value: T,
}
unsafe impl<T: Pod> Pod for Pair<T> {}

/// Plain but padded, with no `Pod` impl at all.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Header {
    pub kind: u16,
    pub len: u32,
}

/// A right manual impl.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}
unsafe impl Pod for Rgba {}
