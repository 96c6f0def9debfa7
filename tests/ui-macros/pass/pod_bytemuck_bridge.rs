// With the `bytemuck` feature, derived types are `bytemuck::Pod` too, and `bytemuck::Pod`
// types enter `wasm::Pod` through `FromBytemuck`.
use wasm::pod::FromBytemuck;
use wasm::{Pod, SharedSlice};

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Pod)]
struct Pixel {
    rgb: [u8; 3],
    alpha: u8,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct Foreign {
    a: u32,
    b: f32,
}
// SAFETY: two 4-byte fields, no padding, every bit pattern valid.
unsafe impl bytemuck::Zeroable for Foreign {}
// SAFETY: as above.
unsafe impl bytemuck::Pod for Foreign {}

#[repr(C)]
#[derive(Clone, Copy, Pod)]
struct Holder {
    foreign: FromBytemuck<Foreign>,
    extra: u32,
}

fn main() {
    let px = [Pixel { rgb: [1, 2, 3], alpha: 4 }; 2];
    let bytes: &[u8] = bytemuck::cast_slice(&px);
    assert_eq!(bytes, [1, 2, 3, 4, 1, 2, 3, 4]);
    let back: &[Pixel] = bytemuck::cast_slice(bytes);
    assert_eq!(back, px);

    let mut hs = [Holder { foreign: FromBytemuck(Foreign { a: 7, b: 0.5 }), extra: 1 }; 3];
    let shared = SharedSlice::new(&mut hs);
    assert_eq!(shared.as_bytes().len(), 36);
    assert_eq!(shared[2].foreign.0.a, 7);
}
