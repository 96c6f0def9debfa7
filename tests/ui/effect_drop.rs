// A `Drop` impl runs where its value is dropped: its effects are charged there, for the value
// itself and for values it holds (fields, `Vec`, `Option`, ...).
use std::sync::atomic::{AtomicU32, Ordering};

static LIVE: AtomicU32 = AtomicU32::new(0);

struct Guard;
impl Drop for Guard {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::Release);
    }
}

struct Holder {
    _guards: Vec<Guard>,
}

#[wasm::pure]
fn drops_guard() {
    let _g = Guard;
} //~ wasm_lint::undeclared_effect

#[wasm::pure]
fn drops_holder(h: Holder) {
    let _ = h.len();
} //~ wasm_lint::undeclared_effect

impl Holder {
    fn len(&self) -> usize {
        self._guards.len()
    }
}

#[wasm::pure]
fn keeps_guard(g: Guard) -> Guard {
    g
}

fn main() {
    drops_guard();
    drops_holder(Holder { _guards: vec![Guard] });
    let _g = keeps_guard(Guard);
}
