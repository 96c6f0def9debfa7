//@check-pass
// Plain data shared correctly: nothing to report.
#![allow(dead_code)]
use std::marker::PhantomData;
use wasm::{Pod, SharedSlice};

// Derived: the derive checked it.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Particle {
    pos: [f32; 3],
    mass: f32,
    id: u32,
}

// Manual and right: explicit padding, nested `Pod`, arrays.
#[repr(C)]
#[derive(Clone, Copy)]
struct Packet {
    tag: u8,
    _pad: [u8; 3],
    len: u32,
    particles: [Particle; 2],
}
unsafe impl Pod for Packet {}

// `packed` with `C`: no padding by construction.
#[repr(C, packed)]
#[derive(Clone, Copy)]
struct Wire {
    tag: u8,
    len: u32,
}
unsafe impl Pod for Wire {}

// A transparent wrapper with a type marker.
#[repr(transparent)]
#[derive(Clone, Copy)]
struct Id<T: 'static> {
    raw: u32,
    _marker: PhantomData<T>,
}
unsafe impl<T: Copy + 'static> Pod for Id<T> {}

// Generic, with every field the same element type: no padding for any `T`.
#[repr(C)]
#[derive(Clone, Copy)]
struct Vec3<T> {
    x: T,
    y: T,
    z: T,
}
unsafe impl<T: Pod> Pod for Vec3<T> {}

// A generic transparent wrapper bounded by `Pod`.
#[repr(transparent)]
#[derive(Clone, Copy)]
struct Meters<T>(T);
unsafe impl<T: Pod> Pod for Meters<T> {}

// Zero-sized.
#[derive(Clone, Copy)]
struct Nothing;
unsafe impl Pod for Nothing {}

// Sharing memory the host filled, typed as what it holds.
fn from_host(ptr: *mut f32, len: usize) -> SharedSlice<'static, f32> {
    unsafe { SharedSlice::from_raw_parts(ptr, len) }
}

// A byte view of `Pod` data through a cast.
fn bytes_of(particles: &mut [Particle]) -> SharedSlice<'_, u8> {
    let len = std::mem::size_of_val(particles);
    unsafe { SharedSlice::from_raw_parts(particles.as_mut_ptr().cast::<u8>(), len) }
}

// Untyped memory (`c_void`, an allocation) given a `Pod` type.
fn from_void(ptr: *mut std::ffi::c_void, len: usize) -> SharedSlice<'static, u32> {
    unsafe { SharedSlice::from_raw_parts(ptr as *mut u32, len) }
}

fn from_alloc(len: usize) -> SharedSlice<'static, u64> {
    let layout = std::alloc::Layout::array::<u64>(len).unwrap();
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    unsafe { SharedSlice::from_raw_parts(ptr.cast(), len) }
}

// A generic function whose `T` is bounded by `Pod`.
fn share<T: Pod>(values: &mut [T]) -> SharedSlice<'_, u8> {
    let len = std::mem::size_of_val(values);
    unsafe { SharedSlice::from_raw_parts(values.as_mut_ptr() as *mut u8, len) }
}

// Methods that make a `SharedSlice` from a `SharedSlice` share nothing new.
fn split(mut shared: SharedSlice<'_, f32>) -> usize {
    let again = shared.reborrow();
    let n = again.len();
    let (left, right) = shared.split_at_mut(n / 2);
    left.len() + right.len()
}

fn main() {
    let mut v = vec![Particle { pos: [0.0; 3], mass: 1.0, id: 1 }; 4];
    let s = SharedSlice::new(&mut v);
    assert_eq!(s.len(), 4);
    let _ = wasm::pod::as_bytes(&[Packet { tag: 1, _pad: [0; 3], len: 2, particles: [v[0]; 2] }]);
    let _ = wasm::pod::zeroed::<Vec3<f64>>();
    let mut ids = [Id::<u64> { raw: 1, _marker: PhantomData }];
    let _ = SharedSlice::new(&mut ids);
    let _ = bytes_of(&mut v);
    let _ = share(&mut [Meters(1.5f32)]);
}
