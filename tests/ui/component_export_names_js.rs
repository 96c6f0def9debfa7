//@check-pass
// The names component_export_names.rs refuses, in a crate that is not built as a component
// (plain `cargo wasm-lint`): the JS host takes any non-empty name, so nothing is reported.
#![allow(dead_code)]

#[wasm::export(name = "2x")]
pub fn double(x: u32) -> u32 {
    x * 2
}

#[wasm::export(name = "drawAll")]
pub fn draw() {}

#[wasm::export]
pub fn draw_all() {}

pub struct Meter(u32);

#[wasm::export]
impl Meter {
    #[wasm(getter = "2d")]
    pub fn flat(&self) -> u32 {
        self.0
    }
}

fn main() {}
