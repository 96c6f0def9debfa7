// `#[pod(..)]` accepts only `crate = path`.
#[repr(C)]
#[derive(Clone, Copy, wasm::Pod)]
#[pod(zeroable)]
struct Sample {
    value: u32,
}

fn main() {}
