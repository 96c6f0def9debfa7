//@rustc-env:WASM_LINT_WIT_DIR=target/ui-wit
//@rustc-env:CARGO_PRIMARY_PACKAGE=1
// In a crate built as a component, imports pass exported records, enums, variants and flags
// (and lists, options, results and tuples of them), but not the handles of resources the crate
// exports: the host can neither receive the guest's own resource nor make one for it.
#![allow(dead_code)]

pub struct Counter {
    n: u32,
}

impl Counter {
    #[cfg_attr(wasm_lint, wasm_lint::export)]
    pub fn count(&self) -> u32 {
        self.n
    }
}

/// A record holding a resource handle.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub struct Slot {
    pub id: u32,
    pub counter: Counter,
}

/// A record of scalars.
#[cfg_attr(wasm_lint, wasm_lint::export)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[cfg_attr(wasm_lint, wasm_lint::import(module = "host"))]
pub fn watch(counter: &Counter) {
    //~^ wasm_lint::invalid_component_abi
    let _ = counter;
}

#[cfg_attr(wasm_lint, wasm_lint::import(module = "host"))]
pub fn fill(slots: Vec<Slot>, at: Point) -> Option<Counter> {
    //~^ wasm_lint::invalid_component_abi
    //~| wasm_lint::invalid_component_abi
    let _ = (slots, at);
    None
}

// Fine: exported types without resources, lent, in lists and in tuples.
#[cfg_attr(wasm_lint, wasm_lint::import(module = "host"))]
pub fn nearest(at: &Point, all: Vec<(Point, u32)>) -> Result<Option<Point>, String> {
    let _ = (at, all);
    Ok(None)
}

fn main() {}
