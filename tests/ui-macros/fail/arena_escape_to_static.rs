// Nor can it be stashed somewhere that lives longer (here a thread-local).
use std::cell::Cell;

thread_local! {
    static KEEP: Cell<Option<&'static str>> = const { Cell::new(None) };
}

fn main() {
    wasm::arena::with_scratch(|s| KEEP.with(|k| k.set(Some(s.alloc_str("kept")))));
}
