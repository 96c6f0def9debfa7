//! Issue 14's calls with WasmRust: a Rust closure called from JS (`wasm::Closure`), an async
//! export (`wasm::task`), and `console.log` bound by name (`wasm::web::log`).
use wasm::task::{JsFuture, Promise};
use wasm::{Closure, ExternRef, FuncRef};

/// A JS function running a Rust `Fn(u32) -> u32`.
#[wasm::export]
fn adder() -> FuncRef {
    Closure::new(|x: u32| x.wrapping_add(1)).into_js_forever()
}

/// A JS function running a Rust `Fn(f64) -> f64` (a typed entry: the number as a parameter).
#[wasm::export]
fn halver() -> FuncRef {
    Closure::new(|x: f64| x * 0.5).into_js_forever()
}

/// A promise of its argument.
#[wasm::export]
async fn echo(x: u32) -> u32 {
    x
}

/// Its argument, after awaiting a JS promise of it: a task that is pending at first.
#[wasm::export]
async fn echo_later(p: ExternRef<Promise>) -> u32 {
    JsFuture::<u32, String>::new(&p).await.unwrap_or(0)
}

/// `n` calls of `console.log("hello world")`.
#[wasm::export]
fn log_loop(n: u32) {
    for _ in 0..n {
        wasm::web::log("hello world");
    }
}
