// Without `#[repr(C)]` or `#[repr(transparent)]` the layout is not fixed (also with only
// `packed` or `align`).
#[derive(Clone, Copy, wasm::Pod)]
struct Plain {
    a: u32,
    b: u32,
}

#[repr(packed)]
#[derive(Clone, Copy, wasm::Pod)]
struct Packed {
    a: u32,
}

#[repr(align(8))]
#[derive(Clone, Copy, wasm::Pod)]
struct Aligned {
    a: u64,
}

fn main() {}
