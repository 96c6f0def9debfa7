// `bool` and `char` have invalid bit patterns; the error names the field.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Flags {
    enabled: bool,
    pad: [u8; 3],
    letter: char,
    many: [bool; 4],
}

fn main() {}
