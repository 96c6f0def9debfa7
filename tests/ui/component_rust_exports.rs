//@rustc-env:WASM_LINT_WIT_DIR=target/ui-wit
//@rustc-env:CARGO_PRIMARY_PACKAGE=1
// A crate built as a component from its Rust exports (`cargo wasm-lint wit` / `component`, which
// set these variables): every export, exported type and import needs a WIT form. The same crate
// built as a JS module is fine (component_rust_exports_js.rs).
#![allow(dead_code)]

pub struct Canvas;

/// A record: fine.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// A record with a field only the JS host has.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub struct Sprite {
    pub size: Size,
    pub image: wasm::ExternRef, //~ wasm_lint::invalid_component_abi
}

// Not exported: has no WIT name.
pub struct Hidden {
    pub x: u32,
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn draw(canvas: &wasm::ExternRef<Canvas>, size: Size) {
    //~^ wasm_lint::invalid_component_abi
    let _ = (canvas, size);
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn paint(sprite: Sprite) -> u32 {
    sprite.size.width
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn reveal(h: Hidden) -> u128 {
    //~^ wasm_lint::invalid_component_abi
    //~| wasm_lint::invalid_component_abi
    h.x as u128
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn name() -> &'static str {
    //~^ wasm_lint::invalid_component_abi
    "x"
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn fill(buf: &mut [u8]) {
    //~^ wasm_lint::invalid_component_abi
    buf.fill(0);
}

pub struct Dial(u32);

impl Dial {
    // A constructor returns `Self` or `Result<Self, E>` (WIT `result<own<dial>, e>`).
    #[cfg_attr(wasm_lint, wasm_lint::export(constructor))]
    pub fn make(n: u32) -> Option<Self> {
        //~^ wasm_lint::invalid_component_abi
        Some(Dial(n))
    }

    // Fine: a fallible constructor.
    #[cfg_attr(wasm_lint, wasm_lint::export(constructor))]
    pub fn new(n: u32) -> Result<Self, String> {
        if n > 0 { Ok(Dial(n)) } else { Err("zero".into()) }
    }
}

// Fine: what WIT has.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn area(size: &Size, scale: Option<f32>, tags: Vec<String>) -> Result<(u64, bool), String> {
    let _ = tags;
    Ok(((size.width * size.height) as u64, scale.is_some()))
}

#[cfg_attr(wasm_lint, allow(wasm_lint::invalid_component_abi))]
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn allowed(canvas: wasm::ExternRef<Canvas>) {
    let _ = canvas;
}

fn main() {}
