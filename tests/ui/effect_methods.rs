// Inherent methods, generic impls and `Self::` calls; a declared method is its callers' contract.
use std::sync::atomic::{AtomicI32, Ordering};

struct Meter<T> {
    value: AtomicI32,
    tag: T,
}

impl<T: Copy> Meter<T> {
    #[wasm::effect(atomic_read)]
    fn get(&self) -> i32 {
        self.value.load(Ordering::Acquire)
    }

    #[wasm::effect(atomic_write)]
    fn set(&self, v: i32) {
        self.value.store(v, Ordering::Release);
        let _ = Self::get(self); //~ wasm_lint::undeclared_effect
    }

    fn tag(&self) -> T {
        self.tag
    }

    #[wasm::pure]
    fn tagged(&self) -> T {
        self.tag()
    }
}

#[wasm::effect(atomic_read)]
fn uses_meter(m: &Meter<u8>) -> i32 {
    m.set(1); //~ wasm_lint::undeclared_effect
    m.get() + m.tagged() as i32
}

fn main() {
    let m = Meter { value: AtomicI32::new(0), tag: 1u8 };
    let _ = uses_meter(&m);
}
