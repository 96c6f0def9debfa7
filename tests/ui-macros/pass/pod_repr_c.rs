// A `#[repr(C)]` struct of integers, floats and arrays, with no padding, is Pod and can be
// shared; its byte view has exactly its size.
use core::mem::size_of;
use wasm::{Pod, SharedSlice};

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Pod)]
pub struct Vertex {
    pub pos: [f32; 3],
    pub normal: [f32; 3],
    pub color: u32,
    pub flags: u16,
    pub layer: i8,
    pub lod: u8,
    pub id: u64,
}

fn share<T: Pod>(v: &mut [T]) -> usize {
    SharedSlice::new(v).as_bytes().len()
}

fn main() {
    let mut v = [Vertex { pos: [0.0; 3], normal: [0.0; 3], color: 0, flags: 0, layer: 0, lod: 0, id: 1 }; 4];
    assert_eq!(size_of::<Vertex>(), 40);
    assert_eq!(share(&mut v), 4 * 40);
    assert_eq!(wasm::pod::zeroed::<Vertex>().id, 0);
}
