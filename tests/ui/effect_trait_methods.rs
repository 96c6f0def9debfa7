// Trait methods called on concrete types resolve to their impl, default methods included.
use std::sync::atomic::{AtomicU32, Ordering};

static LEVEL: AtomicU32 = AtomicU32::new(0);

trait Sensor {
    fn read(&self) -> u32;
    fn read_twice(&self) -> u32 {
        self.read() + self.read()
    }
}

struct Shared;
impl Sensor for Shared {
    fn read(&self) -> u32 {
        LEVEL.load(Ordering::Acquire)
    }
}

struct Fixed(u32);
impl Sensor for Fixed {
    fn read(&self) -> u32 {
        self.0
    }
}

#[wasm::pure]
fn reads_shared() -> u32 {
    Shared.read() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn reads_through_default() -> u32 {
    Shared.read_twice() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn reads_fixed() -> u32 {
    Fixed(3).read() + Fixed(4).read_twice()
}

#[wasm::pure]
fn clones(v: &Tracked) -> Tracked {
    v.clone() //~ wasm_lint::undeclared_effect
}

struct Tracked;
impl Clone for Tracked {
    fn clone(&self) -> Self {
        LEVEL.fetch_add(1, Ordering::Relaxed);
        Tracked
    }
}

fn main() {
    let _ = reads_shared() + reads_through_default() + reads_fixed();
    let _ = clones(&Tracked);
}
