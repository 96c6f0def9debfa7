// Borrowed records: a `&mut` of a copied value, borrows in results and nested options.
#[wasm::export]
pub struct Point {
    pub x: f64,
}

#[wasm::export]
fn in_out(_p: &mut Point) {}

#[wasm::export]
fn maybe_in_out(_p: Option<&mut Point>) {}

#[wasm::export]
fn borrowed_out(p: &Point) -> Option<&Point> {
    Some(p)
}

#[wasm::export]
fn in_result(_p: Result<&Point, String>) {}

fn main() {}
