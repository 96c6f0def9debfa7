//@aux-build:canvas.rs
// Consumed in some branches but not all.
extern crate canvas;
use canvas::*;

fn one_if_branch(flag: bool) {
    let ctx = acquire_canvas();
    if flag {
        ctx.release();
    }
} //~ wasm_lint::linear_not_consumed

fn one_match_arm(n: u8) {
    let ctx = acquire_canvas();
    match n {
        0 => ctx.release(),
        1 => drop(ctx.into_bitmap()),
        _ => {}
    }
} //~ wasm_lint::linear_not_consumed

// Negative: every branch consumes, by different methods.
fn every_branch(n: u8) -> Option<ImageData> {
    let ctx = acquire_canvas();
    match n {
        0 => {
            ctx.release();
            None
        }
        _ => Some(ctx.into_bitmap()),
    }
}

fn if_else(flag: bool) {
    let ctx = acquire_canvas();
    if flag { ctx.release() } else { drop(ctx.into_bitmap()) }
}

fn main() {
    one_if_branch(true);
    one_match_arm(2);
    let _ = every_branch(1);
    if_else(false);
}
