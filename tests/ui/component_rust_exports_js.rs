//@check-pass
// The exports of component_rust_exports.rs in a crate that is not built as a component (plain
// `cargo wasm-lint`): JS-only types are what a JS module exports, so nothing is reported.
#![allow(dead_code)]

pub struct Canvas;

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub struct Sprite {
    pub width: u32,
    pub image: wasm::ExternRef,
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn draw(canvas: &wasm::ExternRef<Canvas>, sprite: Sprite) -> u128 {
    let _ = (canvas, sprite);
    0
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn fill(buf: &mut [u8]) {
    buf.fill(0);
}

fn main() {}
