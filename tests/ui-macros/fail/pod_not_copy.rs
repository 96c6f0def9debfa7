// Pod requires Copy: forgetting `derive(Clone, Copy)` is an error.
#[repr(C)]
#[derive(wasm::Pod)]
struct Sample {
    value: u32,
}

fn main() {}
