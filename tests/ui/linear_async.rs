//@aux-build:canvas.rs
// `async` bodies are checked like any other: a value must be consumed before the body ends.
extern crate canvas;
use canvas::*;

async fn tick() {}

async fn released_after_await() -> ImageData {
    let ctx = acquire_canvas();
    tick().await;
    ctx.into_bitmap()
}

async fn leaked_after_await() {
    let _ctx = acquire_canvas();
    tick().await;
} //~ wasm_lint::linear_not_consumed

fn leaked_in_async_block() -> impl std::future::Future<Output = ()> {
    async {
        let _ctx = acquire_canvas();
    } //~ wasm_lint::linear_not_consumed
}

fn main() {
    let _ = released_after_await();
    let _ = leaked_after_await();
    let _ = leaked_in_async_block();
}
