// Atomic cells exist for 32-bit elements only.
use wasm::SharedSlice;

fn main() {
    let mut v = [0u64; 4];
    let mut data = SharedSlice::new(&mut v);
    let _ = data.atomic();
}
