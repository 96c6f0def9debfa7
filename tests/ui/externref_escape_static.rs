//@aux-build:externref_aux.rs
//@warn-only
// Host references stored in statics: never released, and shared with threads in which their
// handles mean nothing.
extern crate externref_aux;
use std::cell::RefCell;
use std::sync::{LazyLock, Mutex, OnceLock};

use externref_aux::*;
use wasm::{ExternRef, FuncRef};

/// Wasm without threads: "statics are fine here", says the wrapper (they are not, see the lint).
struct SingleThread<T>(T);
unsafe impl<T> Sync for SingleThread<T> {}

static mut SLOT: Option<ExternRef<Canvas>> = None;
static mut ALL: Vec<ExternRef> = Vec::new();
static CELL: SingleThread<RefCell<Option<ExternRef<Canvas>>>> = SingleThread(RefCell::new(None));
static LOCKED: SingleThread<Mutex<Vec<Scene>>> = SingleThread(Mutex::new(Vec::new()));
static ONCE: SingleThread<OnceLock<FuncRef>> = SingleThread(OnceLock::new());
static LAZY: SingleThread<LazyLock<ExternRef<Canvas>>> = SingleThread(LazyLock::new(|| canvas())); //~ WARN: is stored in `static LAZY`
static CALLBACKS: SingleThread<RefCell<Vec<Box<dyn Fn()>>>> = SingleThread(RefCell::new(Vec::new()));
static SESSIONS: SingleThread<RefCell<Vec<Session>>> = SingleThread(RefCell::new(Vec::new()));

/// The page's `document`, deliberately kept for the life of the module.
#[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]
static mut DOCUMENT: Option<ExternRef> = None;

fn allowed_on_the_static(document: ExternRef) {
    unsafe { DOCUMENT = Some(document) };
}

fn replace_in_static_mut(canvas: ExternRef<Canvas>) -> Option<ExternRef<Canvas>> {
    unsafe { std::mem::replace(&mut *&raw mut SLOT, Some(canvas)) } //~ WARN: holding `canvas` is stored in `static mut SLOT`
}

fn assign_static_mut(canvas: ExternRef<Canvas>) {
    unsafe { SLOT = Some(canvas) }; //~ WARN: is stored in `static mut SLOT`
}

fn push_static_mut(r: ExternRef) {
    unsafe { (*&raw mut ALL).push(r) }; //~ WARN: `r` (`ExternRef`) is stored in `static mut ALL`
}

fn refcell(canvas: &ExternRef<Canvas>) {
    *CELL.0.borrow_mut() = Some(canvas.clone()); //~ WARN: is stored in `static CELL`
}

fn mutex_of_structs() {
    let scene = scene();
    LOCKED.0.lock().unwrap().push(scene); //~ WARN: `scene` (`Scene`) is stored in `static LOCKED`
}

fn once_lock(callback: FuncRef) {
    let _ = ONCE.0.set(callback); //~ WARN: `callback` (`FuncRef`) is stored in `static ONCE`
}

fn once_lock_init() -> u32 {
    ONCE.0.get_or_init(|| FuncRef::from_extern(canvas()).unwrap()).as_extern().as_raw() //~ WARN: is stored in `static ONCE`
}

fn closure_capturing(canvas: ExternRef<Canvas>) {
    let draw = move || {
        let _ = canvas.as_raw();
    };
    CALLBACKS.0.borrow_mut().push(Box::new(draw)); //~ WARN: a closure holding `canvas` is stored in `static CALLBACKS`
}

fn linear_wrapper(canvas: ExternRef<Canvas>) {
    let session = Session::open(canvas);
    SESSIONS.0.borrow_mut().push(session); //~ WARN: `session` (`Session` holding `canvas`) is stored in `static SESSIONS`
}

fn main() {
    allowed_on_the_static(canvas().into_any());
    drop(replace_in_static_mut(canvas()));
    assign_static_mut(canvas());
    push_static_mut(canvas().into_any());
    refcell(&canvas());
    mutex_of_structs();
    once_lock(FuncRef::from_extern(canvas()).unwrap());
    once_lock_init();
    closure_capturing(canvas());
    linear_wrapper(canvas());
    let _ = LAZY.0.as_raw();
}
