// A function named without being called (handed to `map`, turned into a fn pointer) is
// charged where it is named: the pointer's later call cannot be followed.
use std::sync::atomic::{AtomicU32, Ordering};

static LAST: AtomicU32 = AtomicU32::new(0);

fn record(x: &u32) -> u32 {
    LAST.store(*x, Ordering::Relaxed);
    *x
}

fn apply(f: fn(&u32) -> u32, x: u32) -> u32 {
    f(&x)
}

#[wasm::pure]
fn maps_with_fn_item(v: &[u32]) -> Vec<u32> {
    v.iter().map(record).collect() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn makes_fn_pointer() -> u32 {
    let f: fn(&u32) -> u32 = record; //~ wasm_lint::undeclared_effect
    apply(f, 4)
}

#[wasm::effect(atomic_write)]
fn declared(v: &[u32]) -> u32 {
    apply(record, v.len() as u32)
}

fn double(x: &u32) -> u32 {
    x * 2
}

#[wasm::pure]
fn pure_pointer() -> u32 {
    apply(double, 2)
}

fn main() {
    let _ = maps_with_fn_item(&[1]).len() as u32 + makes_fn_pointer() + declared(&[]) + pure_pointer();
}
