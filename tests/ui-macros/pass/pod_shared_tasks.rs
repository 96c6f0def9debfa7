// Non-`move` task closures over `chunks_mut` pieces and over the atomic view compile: both
// are references, so the closures borrow the data for the scope, not the loop variable.
use std::sync::atomic::Ordering::Relaxed;
use wasm::SharedSlice;
use wasm::thread::scope;

fn scale(chunk: &mut [f32]) {
    chunk.iter_mut().for_each(|x| *x *= 2.0);
}

fn main() {
    let mut v = vec![1.0f32; 5000];
    let mut data = SharedSlice::new(&mut v);
    scope(|s| {
        for chunk in data.chunks_mut(1000) {
            s.spawn(|| scale(chunk));
        }
    })
    .unwrap();

    let mut counts = [0u32; 4];
    let mut shared = SharedSlice::new(&mut counts);
    let cells = shared.atomic();
    scope(|s| {
        for i in 0..100 {
            s.spawn(move || {
                cells.fetch_add(i % 4, 1, Relaxed);
            });
        }
        for piece in cells.chunks(2) {
            s.spawn(|| assert_eq!(piece.len(), 2));
        }
    })
    .unwrap();
    assert_eq!(counts, [25; 4]);
    assert!(v.iter().all(|&x| x == 2.0));
}
