// `#[wasm::export(start)]`: a function without parameters, with no export name.
#[wasm::export(start)]
fn with_params(n: u32) {}

#[wasm::export(start, name = "boot")]
fn named() {}

#[wasm::export(start)]
struct NotAFunction {
    x: u32,
}

#[wasm::export(strat)]
fn misspelt() {}

fn main() {}
