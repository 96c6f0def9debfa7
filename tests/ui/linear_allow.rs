//@aux-build:canvas.rs
// `#[cfg_attr(wasm_lint, allow(wasm_lint::linear_not_consumed))]` silences one site; normal
// builds never see the attribute.
#![cfg_attr(wasm_lint, warn(wasm_lint::linear_not_consumed))]
extern crate canvas;
use canvas::*;

fn allowed_on_let() {
    #[cfg_attr(wasm_lint, allow(wasm_lint::linear_not_consumed))]
    let _ctx = acquire_canvas();
}

#[cfg_attr(wasm_lint, allow(wasm_lint::linear_not_consumed))]
fn allowed_on_fn() {
    let _ctx = acquire_canvas();
    let _ = acquire_canvas();
}

#[cfg_attr(wasm_lint, deny(wasm_lint::linear_not_consumed))]
fn denied_again() {
    let _ctx = acquire_canvas();
} //~ wasm_lint::linear_not_consumed

fn only_warned_here() {
    let _ctx = acquire_canvas();
} //~ WARN: dropped without being consumed

fn main() {
    allowed_on_let();
    allowed_on_fn();
    denied_again();
    only_warned_here();
}
