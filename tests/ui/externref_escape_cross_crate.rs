//@aux-build:externref_aux.rs
//@warn-only
// Types, statics and thread-locals of another crate: what they hold is read from its metadata.
extern crate externref_aux;
use std::cell::RefCell;
use std::mem;

use externref_aux::*;
use wasm::ExternRef;

struct SingleThread<T>(T);
unsafe impl<T> Sync for SingleThread<T> {}

static REGISTRY: SingleThread<RefCell<Registry<ExternRef<Canvas>>>> = SingleThread(RefCell::new(Registry::new()));

fn their_static_mut(canvas: ExternRef<Canvas>) {
    unsafe { LAST_CANVAS = Some(canvas) }; //~ WARN: is stored in `static mut LAST_CANVAS`
}

fn their_thread_local() {
    let scene = scene();
    SCENES.with(|all| all.borrow_mut().push(scene)); //~ WARN: `scene` (`Scene`) is stored in thread-local `SCENES`
}

fn their_method_on_our_static(canvas: ExternRef<Canvas>) {
    REGISTRY.0.borrow_mut().add(canvas); //~ WARN: `canvas` (`ExternRef<Canvas>`) is stored in `static REGISTRY`
}

fn their_generic_type_forgotten(canvas: ExternRef<Canvas>) {
    let mut registry = Registry::new();
    registry.add(canvas);
    mem::forget(registry); //~ WARN: `registry` (`Registry<ExternRef<Canvas>>` holding `canvas`) is leaked by `mem::forget`
}

fn main() {
    their_static_mut(canvas());
    their_thread_local();
    their_method_on_our_static(canvas());
    their_generic_type_forgotten(canvas());
}
