// What a checkpoint scope allocates is freed when the scope ends, so it cannot leave it.
fn main() {
    let scratch = wasm::arena::Scratch::new();
    let text = scratch.scope(|inner| inner.alloc_str("temporary"));
    println!("{text}");
}
