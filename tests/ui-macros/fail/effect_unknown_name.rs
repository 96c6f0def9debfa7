#[wasm::effect(jscall, atomic_reed)]
fn f() {}

#[wasm::effect(network)]
fn g() {}

fn main() {
    f();
    g();
}
