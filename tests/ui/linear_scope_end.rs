//@aux-build:canvas.rs
// A linear value that reaches the end of its scope unconsumed.
extern crate canvas;
use canvas::*;

fn end_of_function() {
    let mut ctx = acquire_canvas();
    ctx.draw();
} //~ wasm_lint::linear_not_consumed

fn end_of_inner_block() -> ImageData {
    {
        let _inner = acquire_canvas();
    } //~ wasm_lint::linear_not_consumed
    acquire_canvas().into_bitmap()
}

fn shadowed() {
    let ctx = acquire_canvas();
    let ctx = acquire_canvas();
    ctx.release();
} //~ wasm_lint::linear_not_consumed

fn parameter_ignored(_ctx: CanvasContext) {} //~ wasm_lint::linear_not_consumed

// Negative: consumed by a `self`-taking method, or returned.
fn consumed() -> ImageData {
    let mut ctx = acquire_canvas();
    ctx.draw();
    ctx.into_bitmap()
}

fn returned() -> CanvasContext {
    let ctx = acquire_canvas();
    ctx
}

fn main() {
    end_of_function();
    let _ = end_of_inner_block();
    shadowed();
    parameter_ignored(acquire_canvas());
    let _ = consumed();
    returned().release();
}
