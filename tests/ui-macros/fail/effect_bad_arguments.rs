#[wasm::effect(io, io)]
fn twice() {}

#[wasm::pure(io)]
fn pure_with_effects() {}

#[wasm::effect(io = 1)]
fn assignment() {}

#[wasm::effect(io)]
const fn effectful_const() {}

fn main() {
    twice();
    pure_with_effects();
    assignment();
    effectful_const();
}
