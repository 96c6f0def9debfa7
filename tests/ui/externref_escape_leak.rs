//@aux-build:externref_aux.rs
//@aux-build:canvas.rs
//@warn-only
// Host references leaked: nothing will ever release their host objects.
extern crate canvas;
extern crate externref_aux;
use std::mem::{self, ManuallyDrop};
use std::rc::Rc;

use externref_aux::*;
use wasm::{ExternRef, FuncRef};

fn forget(canvas: ExternRef<Canvas>) {
    mem::forget(canvas); //~ WARN: `canvas` (`ExternRef<Canvas>`) is leaked by `mem::forget`
}

fn forget_struct() {
    let scene = scene();
    mem::forget(scene); //~ WARN: `scene` (`Scene`) is leaked by `mem::forget`
}

fn forget_closure(callback: FuncRef) {
    let on_click: Box<dyn Fn()> = Box::new(move || {
        let _ = callback.as_extern();
    });
    mem::forget(on_click); //~ WARN: `on_click` (a closure holding `callback`) is leaked by `mem::forget`
}

fn box_leak() -> &'static ExternRef<Canvas> {
    Box::leak(Box::new(canvas())) //~ WARN: is leaked by `Box::leak`
}

fn vec_leak(all: Vec<ExternRef>) -> &'static mut [ExternRef] {
    all.leak() //~ WARN: `all` (`Vec<ExternRef>`) is leaked by `Vec::leak`
}

fn manually_drop_never_taken_back() -> u32 {
    let kept = ManuallyDrop::new(canvas()); //~ WARN: is put in a `ManuallyDrop` that is never taken back
    kept.as_raw()
}

fn manually_drop_discarded(canvas: ExternRef<Canvas>) {
    let _ = ManuallyDrop::new(canvas); //~ WARN: `canvas` (`ExternRef<Canvas>`) is put in a `ManuallyDrop`
}

fn into_raw_unused(canvas: ExternRef<Canvas>) -> bool {
    let handle = canvas.into_raw(); //~ WARN: is turned into a raw handle that never reaches `ExternRef::from_raw`
    println!("handle {handle}");
    handle != 0
}

fn box_into_raw(canvas: ExternRef<Canvas>) {
    let _ = Box::into_raw(Box::new(canvas)); //~ WARN: is turned into a raw pointer that never reaches `from_raw`
}

fn rc_into_raw(shared: Rc<ExternRef>) {
    let _ = Rc::into_raw(shared); //~ WARN: `shared` (`Rc<ExternRef>`) is turned into a raw pointer
}

fn after_question_mark(canvas: Option<ExternRef<Canvas>>) -> Option<u32> {
    let canvas = canvas?;
    let handle = canvas.as_raw();
    mem::forget(canvas); //~ WARN: `canvas` (`ExternRef<Canvas>`) is leaked by `mem::forget`
    Some(handle)
}

fn in_a_loop(all: Vec<ExternRef<Canvas>>) {
    for canvas in all {
        if canvas.as_raw() > 3 {
            mem::forget(canvas); //~ WARN: `canvas` (`ExternRef<Canvas>`) is leaked by `mem::forget`
        }
    }
}

/// A linear value holding a reference: `linear_forgotten` reports the forget, this lint stays
/// quiet there (one warning per mistake).
fn forget_linear(canvas: ExternRef<Canvas>) {
    let session = Session::open(canvas);
    mem::forget(session); //~ WARN: forgotten by `forget`
}

/// `linear_forgotten` does not know `Vec::leak`: this lint reports it.
fn leak_linear(sessions: Vec<Session>) -> usize {
    sessions.leak().len() //~ WARN: `sessions` (`Vec<Session>`) is leaked by `Vec::leak`
}

#[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]
fn deliberate(document: ExternRef) {
    mem::forget(document);
}

fn deliberate_statement(document: ExternRef) {
    #[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]
    mem::forget(document);
}

fn main() {
    forget(canvas());
    forget_struct();
    forget_closure(FuncRef::from_extern(canvas()).unwrap());
    let _ = box_leak();
    let _ = vec_leak(vec![canvas().into_any()]);
    manually_drop_never_taken_back();
    manually_drop_discarded(canvas());
    into_raw_unused(canvas());
    box_into_raw(canvas());
    rc_into_raw(Rc::new(canvas().into_any()));
    after_question_mark(Some(canvas()));
    in_a_loop(vec![canvas()]);
    forget_linear(canvas());
    leak_linear(Vec::new());
    deliberate(canvas().into_any());
    deliberate_statement(canvas().into_any());
    let _ = canvas::ready();
}
