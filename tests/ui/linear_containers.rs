//@aux-build:canvas.rs
// Values that hold a linear value are linear obligations too.
extern crate canvas;
use canvas::*;

fn in_option() {
    let _slot = Some(acquire_canvas());
} //~ wasm_lint::linear_not_consumed

fn in_result(ok: bool) {
    let _res = try_acquire(ok);
} //~ wasm_lint::linear_not_consumed

fn in_vec() {
    let mut all = Vec::new();
    all.push(acquire_canvas());
} //~ wasm_lint::linear_not_consumed

fn in_box() {
    let _boxed = Box::new(acquire_canvas());
} //~ wasm_lint::linear_not_consumed

fn in_tuple() {
    let _pair = (acquire_canvas(), 7u32);
} //~ wasm_lint::linear_not_consumed

fn in_array() {
    let _both = [acquire_canvas(), acquire_canvas()];
} //~ wasm_lint::linear_not_consumed

struct Scene {
    _ctx: CanvasContext,
    _frames: u32,
}

fn in_struct_field() {
    let _scene = Scene { _ctx: acquire_canvas(), _frames: 0 };
} //~ wasm_lint::linear_not_consumed

fn captured_by_closure() {
    let ctx = acquire_canvas();
    let _later = move || ctx.release();
} //~ wasm_lint::linear_not_consumed

fn part_of_tuple_left(pair: (CanvasContext, CanvasContext)) {
    let (a, _b) = pair;
    a.release();
} //~ wasm_lint::linear_not_consumed

fn part_of_array_left(both: [CanvasContext; 2]) {
    let [a, _b] = both;
    a.release();
} //~ wasm_lint::linear_not_consumed

fn main() {
    in_option();
    in_result(true);
    in_vec();
    in_box();
    in_tuple();
    in_array();
    in_struct_field();
    captured_by_closure();
    part_of_tuple_left((acquire_canvas(), acquire_canvas()));
    part_of_array_left([acquire_canvas(), acquire_canvas()]);
}

// std collections own what their type arguments hold, however deep their fields go.
pub fn std_collections_dropped(
    q: std::collections::VecDeque<CanvasContext>,
    m: std::collections::HashMap<u32, Option<CanvasContext>>,
) {
    let _keep = (q, m);
} //~ wasm_lint::linear_not_consumed
