// Closures: their effects belong to the function that makes them, whether it calls them
// itself, hands them to std (`map`, `for_each`), or returns them.
use std::sync::atomic::{AtomicU32, Ordering};

static HITS: AtomicU32 = AtomicU32::new(0);

#[wasm::pure]
fn calls_own_closure() -> u32 {
    let read = || HITS.load(Ordering::Relaxed); //~ wasm_lint::undeclared_effect
    read()
}

#[wasm::effect(atomic_read)]
fn hands_closure_to_std(v: &[u32]) -> u32 {
    v.iter().map(|x| x + HITS.fetch_add(1, Ordering::Relaxed)).sum() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn returns_closure() -> impl Fn() -> u32 {
    || HITS.load(Ordering::Relaxed) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn nested() -> u32 {
    let outer = || {
        let inner = || HITS.swap(0, Ordering::AcqRel); //~ wasm_lint::undeclared_effect
        inner()
    };
    outer()
}

#[wasm::effect(atomic_read, atomic_write)]
fn declared_closures(v: &[u32]) -> u32 {
    v.iter().for_each(|x| HITS.store(*x, Ordering::Release));
    HITS.load(Ordering::Acquire)
}

#[wasm::pure]
fn pure_closures(v: &[u32]) -> Vec<u32> {
    let scale = 3;
    v.iter().map(|x| x * scale).filter(|x| x % 2 == 0).collect()
}

fn main() {
    let _ = calls_own_closure() + hands_closure_to_std(&[1]) + returns_closure()() + nested();
    let _ = declared_closures(&[2]);
    let _ = pure_closures(&[3]);
}
