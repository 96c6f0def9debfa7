// A scratch allocation cannot leave the call it was made in.
fn main() {
    let leaked: &mut u32 = wasm::arena::with_scratch(|s| s.alloc(1u32));
    *leaked += 1;
}
