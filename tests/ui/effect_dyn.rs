// Trait objects: a call through `dyn` cannot see the impl, so the impl's methods are charged
// where the concrete value becomes a `dyn Trait`; a declared trait method is its own contract.
use std::sync::atomic::{AtomicU32, Ordering};

static SEEN: AtomicU32 = AtomicU32::new(0);

trait Handler {
    fn handle(&self, x: u32) -> u32;
}

struct Counting;
impl Handler for Counting {
    fn handle(&self, x: u32) -> u32 {
        SEEN.fetch_add(x, Ordering::Relaxed)
    }
}

struct Doubling;
impl Handler for Doubling {
    fn handle(&self, x: u32) -> u32 {
        x * 2
    }
}

fn dispatch(h: &dyn Handler, x: u32) -> u32 {
    h.handle(x)
}

#[wasm::pure]
fn makes_counting_object() -> u32 {
    let h: Box<dyn Handler> = Box::new(Counting); //~ wasm_lint::undeclared_effect
    dispatch(&*h, 1)
}

#[wasm::pure]
fn makes_doubling_object() -> u32 {
    let h: &dyn Handler = &Doubling;
    dispatch(h, 1)
}

trait Sink {
    #[wasm::effect(io)]
    fn write(&self, data: &[u8]);
}

#[wasm::pure]
fn writes_to_sink(s: &dyn Sink) {
    s.write(b"x"); //~ wasm_lint::undeclared_effect
}

fn main() {
    let _ = makes_counting_object() + makes_doubling_object();
    struct Null;
    impl Sink for Null {
        fn write(&self, _: &[u8]) {}
    }
    writes_to_sink(&Null);
}
