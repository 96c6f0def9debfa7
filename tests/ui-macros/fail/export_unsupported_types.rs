// Each unsupported type is an error at its own span, naming it and the supported types.
#[wasm::export]
fn f(a: u128, b: Vec<char>, c: &mut String, d: (u8, u8)) -> &'static str {
    let _ = (a, b, c, d);
    ""
}

#[wasm::export]
fn g(_x: Option<Option<u32>>, _y: std::collections::HashMap<u8, u8>) {}

fn main() {}
