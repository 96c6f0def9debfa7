// Generic structs whose padding depends on the parameters are rejected at the definition.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Tagged<T> {
    tag: u8,
    value: T,
}

#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Bytes<const N: usize> {
    len: u32,
    data: [u8; N],
}

#[repr(C, align(16))]
#[derive(Clone, Copy, wasm::Pod)]
struct Lane<T> {
    x: T,
}

fn main() {}
