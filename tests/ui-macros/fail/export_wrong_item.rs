#[wasm::export]
struct NotAFunction;

#[wasm::export]
fn not_generic<T: Copy>(t: T) -> T {
    t
}

#[wasm::export]
unsafe fn not_unsafe() {}

#[wasm::export(nmae = "x")]
fn misspelled_argument() {}

fn main() {}
