// References (and the lifetimes they need) are never Pod.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
struct View<'a> {
    data: &'a u32,
    name: &'static str,
}

fn main() {}
