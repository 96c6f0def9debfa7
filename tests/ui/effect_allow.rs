// Lint levels apply per site: `allow` on the function or on the statement that performs the
// effect; `warn` downgrades.
#![cfg_attr(wasm_lint, warn(wasm_lint::undeclared_effect))]
use std::sync::atomic::{AtomicU32, Ordering};

static V: AtomicU32 = AtomicU32::new(0);

#[cfg_attr(wasm_lint, allow(wasm_lint::undeclared_effect))]
#[wasm::pure]
fn allowed_on_fn() -> u32 {
    V.load(Ordering::Relaxed)
}

#[wasm::pure]
fn allowed_on_statement() -> u32 {
    #[cfg_attr(wasm_lint, allow(wasm_lint::undeclared_effect))]
    let v = V.load(Ordering::Relaxed);
    v + 1
}

#[wasm::pure]
fn warned() -> u32 {
    V.load(Ordering::Relaxed) //~ WARN: performs `atomic_read`
}

#[cfg_attr(wasm_lint, deny(wasm_lint::undeclared_effect))]
#[wasm::pure]
fn denied() {
    V.store(1, Ordering::Relaxed); //~ ERROR: performs `atomic_write`
}

fn main() {
    let _ = allowed_on_fn() + allowed_on_statement() + warned();
    denied();
}
