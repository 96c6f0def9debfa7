// A field whose type is not Pod (a type without the derive, `Option`, a tuple) is named.
#[repr(C)]
#[derive(Clone, Copy)]
struct NotPod {
    x: u32,
}

#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Record {
    inner: NotPod,
    maybe: Option<u32>,
    pair: (u16, u16),
}

#[repr(transparent)]
#[derive(Clone, Copy, wasm::Pod)]
struct Wrapper(core::num::NonZeroU32);

fn main() {}
