// Resetting needs every allocation to be dead.
fn main() {
    let mut scratch = wasm::arena::Scratch::new();
    let x = scratch.alloc(5u64);
    scratch.reset();
    println!("{x}");
}
