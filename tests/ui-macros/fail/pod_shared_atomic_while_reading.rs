// Plain reads and atomic writes of the same memory never coexist: the atomic view needs the
// `SharedSlice` exclusively, so it cannot be taken while `chunks` are borrowed, nor can
// `chunks` be taken while the view is alive.
use std::sync::atomic::Ordering::Relaxed;
use wasm::SharedSlice;

fn main() {
    let mut v = [0u32; 8];
    let mut data = SharedSlice::new(&mut v);
    let first = data.chunks(4).next().unwrap();
    let cells = data.atomic();
    cells.store(0, 1, Relaxed);
    assert_eq!(first[0], 0);

    let mut w = [0u32; 8];
    let mut data = SharedSlice::new(&mut w);
    let cells = data.atomic();
    let plain = data.get(0);
    cells.store(0, 1, Relaxed);
    let _ = plain;
}
