// A trait method's declaration binds every impl: an impl may not exceed it, whether its body
// (inferred) or its own declaration does.
use std::sync::atomic::{AtomicU32, Ordering};

static STATE: AtomicU32 = AtomicU32::new(0);

trait Renderer {
    #[wasm::effect(atomic_read)]
    fn frame(&self) -> u32;
}

struct Reads;
impl Renderer for Reads {
    fn frame(&self) -> u32 {
        STATE.load(Ordering::Acquire)
    }
}

struct Writes;
impl Renderer for Writes {
    fn frame(&self) -> u32 {
        STATE.fetch_add(1, Ordering::AcqRel) //~ wasm_lint::undeclared_effect
    }
}

struct DeclaresMore;
impl Renderer for DeclaresMore {
    #[wasm::effect(atomic_read, spawn)] //~ wasm_lint::undeclared_effect
    //~^ WARN: never performs it
    fn frame(&self) -> u32 {
        STATE.load(Ordering::Acquire)
    }
}

struct Pure;
impl Renderer for Pure {
    fn frame(&self) -> u32 {
        1
    }
}

// Callers of the trait method through a generic use the trait's declaration.
#[wasm::pure]
fn draw<R: Renderer>(r: &R) -> u32 {
    r.frame() //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read)]
fn draw_declared<R: Renderer>(r: &R) -> u32 {
    r.frame()
}

fn main() {
    let _ = Reads.frame() + Writes.frame() + DeclaresMore.frame() + Pure.frame();
    let _ = draw(&Pure) + draw_declared(&Reads);
}
