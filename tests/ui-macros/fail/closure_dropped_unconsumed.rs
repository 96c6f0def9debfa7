// A `wasm::Closure` is `#[wasm::linear]`: dropping one unconsumed (neither `release`d nor
// handed over with `into_js_forever`) is reported; `cargo wasm-lint` (`linear_not_consumed`)
// also rejects `let _ = ...` and paths that drop it.
#![deny(unused_must_use)]

use wasm::Closure;

fn main() {
    Closure::new(|x: u32| x + 1);
    let kept = Closure::new_mut(|| ());
    kept.release();
    let _forever = Closure::once(|s: String| s).into_js_forever();
}
