// A scratch arena belongs to one thread.
fn main() {
    let scratch = wasm::arena::Scratch::new();
    std::thread::scope(|t| {
        t.spawn(|| *scratch.alloc(1u8));
    });
}
