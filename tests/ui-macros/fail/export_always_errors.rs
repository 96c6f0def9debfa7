// `#[wasm::export(always)]`: on a function or an `impl` block, once.
#[wasm::export(always)]
struct Record {
    x: u32,
}

#[wasm::export(always)]
enum Kind {
    A,
}

#[wasm::export(always, always)]
fn twice() {}

#[wasm::export(always, name = "fine")]
fn fine() {}

fn main() {}
