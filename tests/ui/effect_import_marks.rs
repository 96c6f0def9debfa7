// Marks written by other macros are honoured: `#[wasm::import]` leaves
// `#[wasm_lint::effect(js_call)]` on the wrappers it generates, and `#[wasm::effect]` may sit
// on a function in an `extern` block to classify that import.
#[link(wasm_import_module = "env")]
unsafe extern "C" {
    #[wasm::effect(js_call)]
    fn draw_rect(x: u32, y: u32);
}

// What `#[wasm::import]` generates, written by hand.
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call))]
fn generated_wrapper(x: u32) {
    // SAFETY: plain values.
    unsafe { draw_rect(x, x) }
}

#[wasm::effect(host_call)]
fn classified_import() {
    // SAFETY: plain values.
    unsafe { draw_rect(1, 2) }; //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn calls_wrapper() {
    generated_wrapper(3); //~ wasm_lint::undeclared_effect
}

macro_rules! make_reader {
    ($name:ident) => {
        #[wasm::effect(atomic_read)]
        fn $name(a: &std::sync::atomic::AtomicU8) -> u8 {
            a.swap(0, std::sync::atomic::Ordering::Relaxed) //~ wasm_lint::undeclared_effect
        }
    };
}
make_reader!(read_it);

fn main() {
    generated_wrapper(1);
    classified_import();
    calls_wrapper();
    let _ = read_it(&std::sync::atomic::AtomicU8::new(1));
}
