//@aux-build:externref_aux.rs
//@warn-only
// wasm-bindgen closures handed to the host with no way to release them: the references they
// capture live as long as the JS function does.
extern crate externref_aux;
use externref_aux::*;
use wasm::ExternRef;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

fn on_click(canvas: ExternRef<Canvas>) {
    let handler = Closure::<dyn FnMut()>::new(move || {
        let _ = canvas.as_raw();
    });
    handler.forget(); //~ WARN: `handler` (a closure holding `canvas`) is handed to the host by `Closure::forget`
}

fn wrapped(canvas: ExternRef<Canvas>) -> JsValue {
    let boxed: Box<dyn FnMut()> = Box::new(move || {
        let _ = canvas.as_raw();
    });
    Closure::wrap(boxed).into_js_value() //~ WARN: a closure holding `canvas` is handed to the host by `Closure::into_js_value`
}

fn once(scene: Scene) {
    Closure::once(move || drop(scene)).forget(); //~ WARN: a closure holding `scene` is handed to the host by `Closure::forget`
}

/// Kept in a value the caller drops when the callback is done: fine.
struct Listener {
    _handler: Closure<dyn FnMut()>,
}

fn kept(canvas: ExternRef<Canvas>) -> Listener {
    Listener { _handler: Closure::new(move || { let _ = canvas.as_raw(); }) }
}

/// A forgotten closure that captures no host reference is wasm-bindgen's business, not ours.
fn no_reference(count: u32) {
    Closure::<dyn FnMut()>::new(move || { let _ = count; }).forget();
}

fn main() {
    on_click(canvas());
    let _ = wrapped(canvas());
    once(scene());
    drop(kept(canvas()));
    no_reference(1);
}
