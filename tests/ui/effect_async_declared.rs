//@compile-flags: --cfg wasm_host=\"wasi\"
// A declared `async fn` is a contract like a declared `fn`: awaiting it charges the caller
// with its declaration, not with its body, and its own body is still checked against it.
// Under a host profile the same holds (no `unused_effect` for what the declaration covers).
#![allow(unexpected_cfgs)]
use std::sync::atomic::{AtomicU32, Ordering};

static COUNT: AtomicU32 = AtomicU32::new(0);

#[wasm::effect(atomic_read, atomic_write)]
async fn fetch_count() -> u32 {
    COUNT.fetch_add(1, Ordering::Relaxed)
}

/// Declared pure by contract (say the counter is private bookkeeping): callers trust it.
#[wasm::pure]
#[cfg_attr(wasm_lint, allow(wasm_lint::undeclared_effect))]
async fn bookkeeping() -> u32 {
    COUNT.load(Ordering::Relaxed)
}

#[wasm::effect(atomic_read, atomic_write)]
async fn fetch_twice() -> u32 {
    fetch_count().await + fetch_count().await
}

#[wasm::pure]
async fn trusts_the_contract() -> u32 {
    bookkeeping().await
}

#[wasm::effect(atomic_read)]
async fn undeclared_write() -> u32 {
    fetch_count().await //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read)]
async fn own_body_checked() -> u32 {
    COUNT.swap(0, Ordering::Relaxed) //~ wasm_lint::undeclared_effect
}

fn main() {
    let _ = fetch_twice();
    let _ = trusts_the_contract();
    let _ = undeclared_write();
    let _ = own_body_checked();
}
