//@rustc-env:WASM_LINT_WIT_DIR=target/ui-wit
//@rustc-env:CARGO_PRIMARY_PACKAGE=1
// `#[wasm::export(name = "..")]` names the WIT function too, converted as a Rust name is
// (`drawAll` is `draw-all`), and so do `#[wasm(getter = "..")]` / `setter` (`set-` and the
// name). In a crate built as a component, a given name with no WIT form, or a WIT name another
// item has, is refused at the name; the JS module build takes them (component_export_names_js.rs).
#![allow(dead_code)]

#[wasm::export(name = "2x")] //~ wasm_lint::invalid_component_abi
pub fn double(x: u32) -> u32 {
    x * 2
}

#[wasm::export(name = "a__b")] //~ wasm_lint::invalid_component_abi
pub fn joined() {}

#[wasm::export(name = "größe")] //~ wasm_lint::invalid_component_abi
pub fn size() -> u32 {
    1
}

// Fine: WIT `draw-all`, and a WIT keyword (the printer writes it `%list`).
#[wasm::export(name = "drawAll")]
pub fn draw() {}

#[wasm::export(name = "list")]
pub fn items() -> Vec<u32> {
    Vec::new()
}

// `draw_all` is WIT `draw-all` too.
#[wasm::export]
pub fn draw_all() {} //~ wasm_lint::invalid_component_abi

#[wasm::export]
pub struct Point {
    pub x: f64,
}

// Named like the record.
#[wasm::export(name = "Point")] //~ wasm_lint::invalid_component_abi
pub fn origin() -> Point {
    Point { x: 0.0 }
}

pub struct Meter(u32);

#[wasm::export]
impl Meter {
    pub fn new() -> Self {
        Meter(0)
    }

    #[wasm(getter = "2d")] //~ wasm_lint::invalid_component_abi
    pub fn flat(&self) -> u32 {
        self.0
    }

    // Fine: WIT `level` and `set-level`.
    #[wasm(getter = "level")]
    pub fn read(&self) -> u32 {
        self.0
    }

    #[wasm(setter = "level")]
    pub fn write(&mut self, v: u32) {
        self.0 = v;
    }

    // WIT `set-level`, as the setter above.
    pub fn set_level(&mut self, v: u32) { //~ wasm_lint::invalid_component_abi
        self.0 = v;
    }

    // A method's given name: WIT `reset-all` is fine; `3d` has no WIT form.
    #[wasm(name = "resetAll")]
    pub fn clear(&mut self) {
        self.0 = 0;
    }

    #[wasm(name = "3d")] //~ wasm_lint::invalid_component_abi
    pub fn depth(&self) -> u32 {
        self.0
    }

    // JS keeps a static apart from the methods, WIT does not: `reset-all`, as the method above.
    #[wasm(name = "reset_all")] //~ wasm_lint::invalid_component_abi
    pub fn fresh() -> u32 {
        0
    }
}

fn main() {}
