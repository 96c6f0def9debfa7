// The message shows the whole chain, through methods, closures and generic code.
use std::sync::atomic::{AtomicU64, Ordering};

static SEQ: AtomicU64 = AtomicU64::new(0);

struct Ids;
impl Ids {
    fn next(&self) -> u64 {
        allocate(|| SEQ.fetch_add(1, Ordering::Relaxed))
    }
}

fn allocate<F: FnOnce() -> u64>(f: F) -> u64 {
    f()
}

fn make_request() -> u64 {
    Ids.next()
}

fn handle_event() -> u64 {
    make_request() + 1
}

#[wasm::effect(atomic_read)]
fn on_click() -> u64 {
    handle_event() //~ wasm_lint::undeclared_effect
}

fn main() {
    let _ = on_click();
}
