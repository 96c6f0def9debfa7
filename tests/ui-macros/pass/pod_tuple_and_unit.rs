// Tuple structs and field-less structs derive Pod too.
use wasm::Pod;

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Marker;

#[repr(C)]
#[derive(Clone, Copy, Pod)]
pub struct Empty {}

fn is_pod<T: Pod>() {}

fn main() {
    is_pod::<Rgba>();
    is_pod::<Marker>();
    is_pod::<Empty>();
    assert_eq!(core::mem::size_of::<Rgba>(), 4);
}
