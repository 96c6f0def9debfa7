// A type without `#[wasm::export] impl` is not a class: the compiler says how to export it.
/// Not an exported class: no `#[wasm::export] impl NotExported`.
pub struct NotExported;

#[wasm::export]
fn takes(_x: NotExported) {}

fn main() {}
