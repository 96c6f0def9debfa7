// Only structs and enums can be linear.
#[wasm::linear]
fn acquire() {}

#[wasm::linear]
union Raw {
    a: u32,
}

#[wasm::linear]
trait Resource {}

#[wasm::linear]
type Alias = u32;

fn main() {}
