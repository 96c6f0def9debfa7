// `#[repr(transparent)]` wrappers are Pod when their field is, including generic ones with
// zero-sized markers, whose marker type need not be Pod.
use core::marker::PhantomData;
use wasm::Pod;

#[repr(transparent)]
#[derive(Clone, Copy, Pod)]
pub struct Meters(pub f64);

#[repr(transparent)]
#[derive(Clone, Copy, Pod)]
pub struct Id<T: 'static> {
    raw: u32,
    _kind: PhantomData<T>,
}

#[repr(transparent)]
#[derive(Clone, Copy, Pod)]
pub struct Wrapper<T>(pub T);

fn is_pod<T: Pod>() {}

fn main() {
    is_pod::<Meters>();
    is_pod::<Id<bool>>(); // `bool` only appears in a `PhantomData`
    is_pod::<Id<&'static str>>();
    is_pod::<Wrapper<[u16; 8]>>();
    is_pod::<Wrapper<Meters>>();
    let _ = Id::<bool> { raw: 1, _kind: PhantomData }.raw;
}
