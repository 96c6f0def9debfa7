// A `SharedSlice` of non-Pod data does not compile.
use wasm::SharedSlice;

fn main() {
    let mut flags = [true, false];
    let _ = SharedSlice::new(&mut flags);
    let mut refs = [&0u32];
    let _ = SharedSlice::new(&mut refs);
}
