// Padding caused by a nested field's alignment is found too; a nested type with padding of
// its own is not Pod in the first place.
#[repr(C, align(8))]
#[derive(Clone, Copy, wasm::Pod)]
struct Aligned8 {
    bytes: [u8; 8],
}

#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Outer {
    id: u32,
    inner: Aligned8,
}

#[repr(C)]
#[derive(Clone, Copy)]
struct HasPadding {
    a: u8,
    b: u16,
}

#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Holder {
    items: [HasPadding; 2],
}

fn main() {}
