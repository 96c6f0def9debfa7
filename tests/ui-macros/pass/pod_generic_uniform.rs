// Generic `#[repr(C)]` structs whose fields all share one element type can never have
// padding, so they derive Pod (bounded on the field types).
use wasm::Pod;

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Vec3<T> {
    pub x: T,
    pub y: T,
    pub z: T,
}

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Matrix<T, const N: usize> {
    pub diagonal: [T; N],
    pub rows: [[T; N]; N],
}

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Block<const N: usize> {
    pub len: u32,
    pub words: [u32; N],
}

fn is_pod<T: Pod>() {}

fn main() {
    is_pod::<Vec3<f32>>();
    is_pod::<Vec3<u8>>();
    is_pod::<Vec3<Vec3<f64>>>();
    is_pod::<Matrix<i16, 3>>();
    is_pod::<Block<0>>();
    is_pod::<Block<7>>();
}
