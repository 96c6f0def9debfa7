// Raw pointers and function pointers are addresses: not Pod.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct Node {
    next: *const Node,
    data: *mut u8,
    callback: fn(u32) -> u32,
}

fn main() {}
