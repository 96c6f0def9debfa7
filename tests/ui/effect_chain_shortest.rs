// The chain shown is the shortest path to a source, even when a longer one comes first in the
// body (before, the first one found was shown: here five hops instead of one).
use std::sync::atomic::{AtomicU32, Ordering};

static HITS: AtomicU32 = AtomicU32::new(0);

fn a() -> u32 {
    b()
}
fn b() -> u32 {
    c()
}
fn c() -> u32 {
    d()
}
fn d() -> u32 {
    HITS.load(Ordering::Relaxed)
}

#[wasm::pure]
fn both() -> u32 {
    let far = a();
    far + HITS.load(Ordering::Relaxed) //~ wasm_lint::undeclared_effect
}

fn main() {
    let _ = both();
}
