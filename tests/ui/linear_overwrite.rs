//@aux-build:canvas.rs
// Assigning over a place that still holds a linear value loses it.
extern crate canvas;
use canvas::*;

fn overwrite_variable() {
    let mut ctx = acquire_canvas();
    ctx = acquire_canvas(); //~ wasm_lint::linear_not_consumed
    ctx.release();
}

fn overwrite_some() {
    let mut slot = Some(acquire_canvas());
    slot = None; //~ wasm_lint::linear_not_consumed
    drop(slot);
}

struct Holder {
    ctx: CanvasContext,
}

fn overwrite_field(mut holder: Holder) {
    holder.ctx = acquire_canvas(); //~ wasm_lint::linear_not_consumed
    holder.ctx.release();
}

// Negative: the old value was consumed, or the place held `None`.
fn reassign_after_consume() {
    let mut ctx = acquire_canvas();
    ctx.release();
    ctx = acquire_canvas();
    ctx.release();
}

fn fill_empty_slot(flag: bool) {
    let mut slot: Option<CanvasContext> = None;
    if flag {
        slot = Some(acquire_canvas());
    }
    if let Some(ctx) = slot {
        ctx.release();
    }
}

fn main() {
    overwrite_variable();
    overwrite_some();
    overwrite_field(Holder { ctx: acquire_canvas() });
    reassign_after_consume();
    fill_empty_slot(true);
}
