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

// `name` renames a function; a type keeps its Rust name (the JS class, the WIT type).
#[wasm::export(name = "Other")]
struct Renamed {
    x: u32,
}

fn main() {}
