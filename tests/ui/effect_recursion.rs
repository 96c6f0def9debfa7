// Recursion and mutual recursion settle to a fixpoint; chains never loop.
use std::sync::atomic::{AtomicU32, Ordering};

static DEPTH: AtomicU32 = AtomicU32::new(0);

fn walk(n: u32) -> u32 {
    if n == 0 { DEPTH.load(Ordering::Relaxed) } else { walk(n - 1) }
}

fn even(n: u32) -> bool {
    if n == 0 { true } else { odd(n - 1) }
}

fn odd(n: u32) -> bool {
    if n == 0 {
        DEPTH.store(1, Ordering::Relaxed);
        false
    } else {
        even(n - 1)
    }
}

#[wasm::pure]
fn self_recursive() -> u32 {
    walk(10) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn mutually_recursive() -> bool {
    even(10) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

#[wasm::effect(atomic_read)]
fn declared_recursive(n: u32) -> u32 {
    if n == 0 { DEPTH.load(Ordering::Relaxed) } else { declared_recursive(n - 1) }
}

fn main() {
    let _ = self_recursive() + declared_recursive(3);
    let _ = mutually_recursive();
    let _ = fib(10);
}
