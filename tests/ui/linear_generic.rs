// Generic linear types, and generic code bounded by `wasm::Linear`.
use std::marker::PhantomData;
use wasm::{Handle, Linear};

#[wasm::linear]
pub struct Resource<T> {
    handle: Handle,
    kind: PhantomData<T>,
}

impl<T> Resource<T> {
    pub fn open() -> Self {
        Resource { handle: Handle::from_raw(9).unwrap(), kind: PhantomData }
    }
    pub fn close(self) -> u32 {
        self.handle.to_raw()
    }
}

pub struct Texture;

fn generic_leak() {
    let _tex = Resource::<Texture>::open();
} //~ wasm_lint::linear_not_consumed

fn bounded_param_leak<R: Linear>(_r: R) {} //~ wasm_lint::linear_not_consumed

/// Holds any `T`; holding a linear `T` makes it an obligation.
pub struct Holder<T> {
    pub inner: T,
}

fn holder_leak() {
    let _h = Holder { inner: Resource::<u8>::open() };
} //~ wasm_lint::linear_not_consumed

// Negative: consumed; an unbounded generic parameter is not known to be linear.
fn generic_consumed() -> u32 {
    Resource::<Texture>::open().close()
}

fn unbounded_param<T>(_t: T) {}

fn holder_of_plain_data() {
    let _h = Holder { inner: 5u8 };
}

fn main() {
    generic_leak();
    bounded_param_leak(Resource::<u16>::open());
    holder_leak();
    let _ = generic_consumed();
    unbounded_param(3u8);
    holder_of_plain_data();
}
