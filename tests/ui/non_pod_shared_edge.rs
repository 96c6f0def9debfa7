//@check-pass
// Shapes the lint must accept without a report and without an internal error: generic impls it
// can only partly judge, associated types, large arrays, impls inside functions and macros.
#![allow(dead_code)]
use std::num::Wrapping;
use wasm::{Pod, SharedSlice};

trait Unit {
    type Raw: Copy + 'static;
}
#[derive(Clone, Copy)]
struct Millis;
impl Unit for Millis {
    type Raw = u64;
}

// A field through an associated type, bounded by the where clause.
#[repr(transparent)]
struct Time<U: Unit> {
    raw: U::Raw,
}
impl<U: Unit> Clone for Time<U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<U: Unit> Copy for Time<U> {}
unsafe impl<U: Unit + 'static> Pod for Time<U> where U::Raw: Pod {}

// Generic and repr(C), with a bound no probe type satisfies: left to the use sites.
trait Lane: Pod {}
impl Lane for f32 {}
#[repr(C)]
#[derive(Clone, Copy)]
struct Quad<T: Lane> {
    lanes: [T; 4],
    w: T,
}
unsafe impl<T: Lane> Pod for Quad<T> {}

// A large array.
#[repr(C)]
#[derive(Clone, Copy)]
struct Page {
    bytes: [u8; 1 << 20],
}
unsafe impl Pod for Page {}

// Std wrappers that are `Pod`.
#[repr(C)]
#[derive(Clone, Copy)]
struct Counter {
    hits: Wrapping<u32>,
    misses: Wrapping<u32>,
}
unsafe impl Pod for Counter {}

// Impls written by a macro.
macro_rules! pod_newtype {
    ($name:ident($inner:ty)) => {
        #[repr(transparent)]
        #[derive(Clone, Copy)]
        struct $name($inner);
        unsafe impl Pod for $name {}
    };
}
pod_newtype!(Meters(f64));

fn nested_impl() -> usize {
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Local {
        a: u32,
        b: u32,
    }
    unsafe impl Pod for Local {}
    wasm::pod::as_bytes(&[Local { a: 1, b: 2 }]).len()
}

// A pointer whose history starts outside the function is not followed.
fn opaque_source(ptr: *mut u8, len: usize) -> SharedSlice<'static, u8> {
    unsafe { SharedSlice::from_raw_parts(ptr, len) }
}

// Sharing through concrete uses of the generic impls above.
fn uses(quads: &mut [Quad<f32>], times: &mut [Time<Millis>]) -> usize {
    SharedSlice::new(quads).len() + SharedSlice::new(times).len()
}

fn main() {
    let _ = nested_impl();
    let _ = wasm::pod::zeroed::<Meters>();
    let _ = wasm::pod::zeroed::<Counter>();
}
