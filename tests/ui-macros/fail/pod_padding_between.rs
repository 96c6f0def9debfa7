// Padding between fields is reported at the field, with the exact byte count.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Packet {
    tag: u8,
    len: u32,
    kind: u16,
    value: u64,
}

fn main() {}
