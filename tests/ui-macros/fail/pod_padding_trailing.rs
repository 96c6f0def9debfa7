// Trailing padding (size rounded up to the alignment) is reported at the struct, exactly,
// also when `align(N)` causes it.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Sample {
    value: u32,
    flags: u8,
}

#[repr(C, align(16))]
#[derive(Clone, Copy, wasm::Pod)]
struct Vec3 {
    xyz: [f32; 3],
}

fn main() {}
