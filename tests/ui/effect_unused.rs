// `wasm_lint::unused_effect`: declared but never performed, reported once per declaration.
use std::sync::atomic::{AtomicU32, Ordering};

static N: AtomicU32 = AtomicU32::new(0);

#[wasm::effect(atomic_read, atomic_write, spawn)] //~ WARN: declares `atomic_write` and `spawn`, but never performs them
fn reads_only() -> u32 {
    N.load(Ordering::Relaxed)
}

#[wasm::effect(io)] //~ WARN: declares `io`, but never performs it
fn pure_body(x: u32) -> u32 {
    x + 1
}

#[wasm::effect(atomic_read)]
fn used_through_callee() -> u32 {
    reads_only() //~ wasm_lint::undeclared_effect
}

// Unknown calls may perform anything: no unused warning.
#[wasm::effect(io)]
fn through_pointer(f: fn() -> u32) -> u32 {
    f()
}

trait Device {
    // A declaration without a body is a contract for impls, never unused.
    #[wasm::effect(io, spawn)]
    fn poll(&self) -> u32;
}

struct Idle;
impl Device for Idle {
    fn poll(&self) -> u32 {
        0
    }
}

#[cfg_attr(wasm_lint, allow(wasm_lint::unused_effect))]
#[wasm::effect(spawn)]
fn reserved_for_later() {}

fn main() {
    let _ = reads_only() + pure_body(1) + used_through_callee() + through_pointer(|| 1) + Idle.poll();
    reserved_for_later();
}
