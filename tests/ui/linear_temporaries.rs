//@aux-build:canvas.rs
// Values that never get a name, and values handed to something that just drops them.
extern crate canvas;
use canvas::*;

fn temporary_statement() {
    acquire_canvas(); //~ wasm_lint::linear_not_consumed
}

fn let_underscore() {
    let _ = acquire_canvas(); //~ wasm_lint::linear_not_consumed
}

fn explicit_drop() {
    let ctx = acquire_canvas();
    drop(ctx); //~ wasm_lint::linear_not_consumed
}

fn mem_drop() {
    let ctx = acquire_canvas();
    std::mem::drop(ctx); //~ wasm_lint::linear_not_consumed
}

fn drops_anything<T>(_value: T) {}

fn generic_dropper() {
    drops_anything(acquire_canvas()); //~ wasm_lint::linear_not_consumed
}

// Negative: a named binding that is consumed later; `let _ = x` does not move `x`.
fn named_then_consumed() {
    let _ctx = acquire_canvas();
    _ctx.release();
}

fn let_underscore_of_variable() {
    let ctx = acquire_canvas();
    let _ = &ctx;
    ctx.release();
}

fn main() {
    temporary_statement();
    let_underscore();
    explicit_drop();
    mem_drop();
    generic_dropper();
    named_then_consumed();
    let_underscore_of_variable();
}
