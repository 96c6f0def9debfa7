// No padding by construction: `repr(C, packed)`, or padding spelled out as fields (also
// where `align(N)` rounds the size up).
use core::mem::size_of;
use wasm::Pod;

#[repr(C, packed)]
#[derive(Clone, Copy, Pod)]
pub struct Header {
    pub tag: u8,
    pub len: u32,
    pub crc: u16,
}

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Padded {
    pub tag: u8,
    pub _pad: [u8; 3],
    pub len: u32,
}

#[repr(C, align(16))]
#[derive(Clone, Copy, Pod)]
pub struct Aligned {
    pub xyz: [f32; 3],
    pub _pad: f32,
}

fn is_pod<T: Pod>() {}

fn main() {
    is_pod::<Header>();
    is_pod::<Padded>();
    is_pod::<Aligned>();
    assert_eq!((size_of::<Header>(), size_of::<Padded>(), size_of::<Aligned>()), (7, 8, 16));
}
