//@aux-build:canvas.rs
// The seed example: a canvas context must be consumed exactly once (its type, with `draw` and
// the consuming `into_bitmap`, is in the aux crate). Using it after `into_bitmap` is rustc's
// E0382 (tests/ui-macros/fail/linear_use_after_consume.rs); never consuming it is this lint.
extern crate canvas;
use canvas::*;

pub fn seed() -> ImageData {
    let mut ctx = acquire_canvas();
    ctx.draw();
    let img = ctx.into_bitmap();
    let _other = acquire_canvas();
    img
} //~ wasm_lint::linear_not_consumed

fn main() {
    let _ = seed();
}
