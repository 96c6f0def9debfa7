//@aux-build:canvas.rs
// Forgetting is not consuming: the host resource is never released (a warning, not an error).
extern crate canvas;
use canvas::*;

fn forget() {
    let ctx = acquire_canvas();
    std::mem::forget(ctx); //~ WARN: forgotten by `forget`
}

fn manually_drop() {
    let _ctx = std::mem::ManuallyDrop::new(acquire_canvas()); //~ WARN: forgotten by `new`
}

fn leak() -> &'static mut CanvasContext {
    Box::leak(Box::new(acquire_canvas())) //~ WARN: forgotten by `leak`
}

/// Forgetting a reference forgets nothing: `ctx` itself still leaks.
fn forget_reference() {
    let ctx = acquire_canvas();
    std::mem::forget(&ctx); //~ WARN: with a reference instead of an owned value
} //~ wasm_lint::linear_not_consumed

#[cfg_attr(wasm_lint, allow(wasm_lint::linear_forgotten))]
fn deliberate_leak() {
    std::mem::forget(acquire_canvas());
}

fn main() {
    forget();
    manually_drop();
    leak().draw();
    forget_reference();
    deliberate_leak();
}
