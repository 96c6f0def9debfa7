// `async fn` bodies are coroutines made by the function: their effects are the function's.
use std::sync::atomic::{AtomicU32, Ordering};

static READY: AtomicU32 = AtomicU32::new(0);

async fn wait_ready() -> u32 {
    READY.load(Ordering::Acquire)
}

#[wasm::pure]
async fn awaits() -> u32 {
    wait_ready().await //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read)]
async fn awaits_declared() -> u32 {
    wait_ready().await + async { 1 }.await
}

#[wasm::pure]
fn makes_block() -> impl std::future::Future<Output = ()> {
    async {
        READY.store(1, Ordering::Release); //~ wasm_lint::undeclared_effect
    }
}

fn main() {
    let _ = awaits();
    let _ = awaits_declared();
    let _ = makes_block();
}
