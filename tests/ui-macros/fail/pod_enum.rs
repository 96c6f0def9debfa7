// Enums are not Pod: only declared discriminants are valid values.
#[repr(u8)]
#[derive(Clone, Copy, wasm::Pod)]
enum Mode {
    Read,
    Write,
}

fn main() {}
