#[wasm::effect(io)]
struct S;

#[wasm::pure]
impl S {}

#[wasm::effect(js_call)]
trait T {}

fn main() {}
