// `wasm::Closure` is `#[wasm::linear]`: a closure dropped unreleased (a temporary, `let _`, a
// binding left on one path) or `mem::forget`-ed is an error. Released, handed to JS for good
// with `into_js_forever`, or returned to the caller is clean, and so is `with_closure`'s
// borrowed closure, which needs no handle.
use wasm::{Closure, FuncRef, with_closure};

fn temporary() {
    Closure::new(|x: u32| x + 1); //~ wasm_lint::linear_not_consumed
    //~^ WARN: unused `wasm::Closure` that must be used
}

fn let_underscore() {
    let _ = Closure::new_mut(move |x: u32| x); //~ wasm_lint::linear_not_consumed
}

fn released_on_one_path_only(done: bool) {
    let on_click = Closure::once(move || ());
    if done {
        on_click.release();
    }
} //~ wasm_lint::linear_not_consumed

fn typed_dropped() {
    let _ = Closure::typed(|x: u32| x); //~ wasm_lint::linear_not_consumed
}

fn forgotten() {
    let handler = Closure::new(|| ());
    std::mem::forget(handler); //~ WARN: forgotten by `forget`
}

// Negative cases.
fn released() {
    let double = Closure::new(|x: u32| x * 2);
    let _func: &FuncRef = double.func();
    double.release();
}

fn typed_released_after_erasing() -> FuncRef<fn(u32) -> u32> {
    let typed = Closure::typed(|x: u32| x * 2);
    let func = typed.func().clone();
    typed.into_untyped().release();
    func
}

fn handed_to_js_for_good() -> FuncRef {
    Closure::new(|| ()).into_js_forever()
}

fn returned() -> Closure {
    Closure::new_mut(|| ())
}

fn borrowed_for_one_call() -> u32 {
    let mut sum = 0;
    with_closure(|x: u32| sum += x, |f| {
        let _ = f;
    });
    sum
}

fn main() {
    temporary();
    let_underscore();
    released_on_one_path_only(true);
    typed_dropped();
    forgotten();
    released();
    let _typed = typed_released_after_erasing();
    let _forever = handed_to_js_for_good();
    returned().release();
    let _ = borrowed_for_one_call();
}
