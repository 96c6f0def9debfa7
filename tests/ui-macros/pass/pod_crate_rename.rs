// `#[pod(crate = path)]` finds a renamed `wasm` crate.
extern crate wasm as w;

mod inner {
    #[repr(C)]
    #[derive(Clone, Copy, w::Pod)]
    #[pod(crate = w)]
    pub struct Sample(pub i16, pub i16);
}

fn is_pod<T: w::Pod>() {}

fn main() {
    is_pod::<inner::Sample>();
}
