// Pod structs nest: fields of derived Pod types, arrays of them, std wrappers.
use core::num::Wrapping;
use wasm::Pod;

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Polygon {
    pub points: [Point; 8],
    pub count: u32,
    pub checksum: Wrapping<u32>,
}

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Scene {
    pub polygons: [Polygon; 2],
    pub frame: u64,
}

fn is_pod<T: Pod>() {}

fn main() {
    is_pod::<Scene>();
    assert_eq!(core::mem::size_of::<Scene>(), 2 * (8 * 8 + 8) + 8);
}
