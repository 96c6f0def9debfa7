// Unions are not Pod: bytes the active field does not cover are uninitialized.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
union Word {
    int: u32,
    byte: u8,
}

fn main() {}
