// A typed `FuncRef<fn(A, ...) -> R>` / `Closure<fn(A, ...) -> R>` carries its signature in its
// type: a closure's is its own, a call takes its types, and only signatures of boundary types
// exist.
use wasm::{Closure, FuncRef};

#[wasm::import(module = "host")]
extern "C" {
    fn on_tick(f: &FuncRef<fn(f64) -> bool>);
}

fn pass_another_signature() {
    let c = Closure::typed(|x: f64, n: u32| x > f64::from(n));
    on_tick(c.func());
    c.release();
}

fn name_another_signature() {
    let c: Closure<fn(f64) -> String> = Closure::typed(|x: f64| x > 1.0);
    c.release();
}

fn untyped_is_not_typed(f: FuncRef) {
    on_tick(&f);
}

fn call_with_other_types(f: &FuncRef<fn(f64, u32) -> bool>) -> bool {
    f.call((1.5, "ten"))
}

#[wasm::export]
fn not_a_signature(_f: FuncRef<u32>) {}

fn main() {}
