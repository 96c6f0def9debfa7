//@aux-build:canvas.rs
// Moving a linear value to a new owner hands the obligation over; the new owner is checked.
extern crate canvas;
use canvas::*;

/// A by-value parameter of a non-generic function: the callee is checked instead.
fn releases(ctx: CanvasContext) {
    ctx.release();
}

fn forgets_to_release(ctx: CanvasContext) -> u32 {
    let _keep = &ctx;
    7
} //~ wasm_lint::linear_not_consumed

fn passes_on() {
    releases(acquire_canvas());
    let _ = forgets_to_release(acquire_canvas());
}

/// Into a container that is itself consumed.
fn push_then_hand_over() {
    let mut all = Vec::new();
    all.push(acquire_canvas());
    all.push(acquire_canvas());
    release_all(all);
}

fn release_all(all: Vec<CanvasContext>) {
    for ctx in all {
        ctx.release();
    }
}

/// Into a struct that is returned.
struct Scene {
    ctx: CanvasContext,
}

fn build_scene() -> Scene {
    let ctx = acquire_canvas();
    Scene { ctx }
}

/// `mem::replace` hands back the old value, which is then consumed.
fn replace_and_release(slot: &mut CanvasContext) {
    let old = std::mem::replace(slot, acquire_canvas());
    old.release();
}

/// The same through `Option::replace`, where the old value is dropped.
fn replace_and_drop(slot: &mut Option<CanvasContext>) {
    let _old = slot.replace(acquire_canvas());
} //~ wasm_lint::linear_not_consumed

fn main() {
    passes_on();
    push_then_hand_over();
    build_scene().ctx.release();
    let mut c = acquire_canvas();
    replace_and_release(&mut c);
    c.release();
    let mut slot = None;
    replace_and_drop(&mut slot);
    if let Some(c) = slot {
        c.release();
    }
}
