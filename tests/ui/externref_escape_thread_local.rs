//@aux-build:externref_aux.rs
//@warn-only
// Host references stored in thread-locals: kept until the thread exits, never released while
// the module runs.
extern crate externref_aux;
use std::cell::{Cell, LazyCell, OnceCell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use externref_aux::*;
use wasm::ExternRef;

thread_local! {
    static CANVAS: RefCell<Option<ExternRef<Canvas>>> = const { RefCell::new(None) };
    static CELL: Cell<Option<ExternRef>> = const { Cell::new(None) };
    static LIST: RefCell<Vec<ExternRef<Canvas>>> = const { RefCell::new(Vec::new()) };
    static ONCE: OnceCell<ExternRef<Canvas>> = const { OnceCell::new() };
    static INITIAL: RefCell<Option<ExternRef<Canvas>>> = RefCell::new(Some(canvas())); //~ WARN: is stored in thread-local `INITIAL`
    static LAZY: LazyCell<ExternRef<Canvas>> = LazyCell::new(canvas); //~ WARN: is stored in thread-local `LAZY`
    static SHARED: Rc<RefCell<Vec<ExternRef<Canvas>>>> = Rc::new(RefCell::new(Vec::new()));
    static BY_ID: RefCell<HashMap<u32, ExternRef<Canvas>>> = RefCell::new(HashMap::new());
    static TASKS: RefCell<Vec<Pin<Box<dyn Future<Output = ()>>>>> = const { RefCell::new(Vec::new()) };
}

fn with_borrow_mut_assign(canvas: ExternRef<Canvas>) {
    CANVAS.with(|slot| *slot.borrow_mut() = Some(canvas)); //~ WARN: holding `canvas` is stored in thread-local `CANVAS`
}

fn set(r: ExternRef) {
    CELL.set(Some(r)); //~ WARN: holding `r` is stored in thread-local `CELL`
}

fn replace(canvas: &ExternRef<Canvas>) {
    let old = CANVAS.replace(Some(canvas.clone())); //~ WARN: is stored in thread-local `CANVAS`
    drop(old);
}

fn push(canvas: ExternRef<Canvas>) {
    LIST.with_borrow_mut(|list| list.push(canvas)); //~ WARN: `canvas` (`ExternRef<Canvas>`) is stored in thread-local `LIST`
}

fn nested_closure(canvas: ExternRef<Canvas>) {
    ONCE.with(|cell| {
        let _ = cell.get_or_init(move || canvas); //~ WARN: is stored in thread-local `ONCE`
    });
}

fn through_rc(canvas: ExternRef<Canvas>) {
    SHARED.with(|shared| shared.borrow_mut().push(canvas)); //~ WARN: `canvas` (`ExternRef<Canvas>`) is stored in thread-local `SHARED`
}

fn map_entry(id: u32, canvas: ExternRef<Canvas>) {
    BY_ID.with_borrow_mut(|map| {
        map.entry(id).or_insert(canvas); //~ WARN: `canvas` (`ExternRef<Canvas>`) is stored in thread-local `BY_ID`
    });
}

async fn in_async_fn(canvas: ExternRef<Canvas>) {
    SHARED.with(|shared| shared.borrow_mut().push(canvas)); //~ WARN: `canvas` (`ExternRef<Canvas>`) is stored in thread-local `SHARED`
}

fn queue_task(canvas: ExternRef<Canvas>) {
    let task = async move {
        let _ = canvas.as_raw();
    };
    TASKS.with_borrow_mut(|tasks| tasks.push(Box::pin(task))); //~ WARN: an async block holding `canvas` is stored in thread-local `TASKS`
}

thread_local! {
    // The page's `document`, deliberately kept for the life of the module.
    #[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]
    static DOCUMENT: RefCell<Option<ExternRef>> = const { RefCell::new(None) };
}

fn allowed_on_the_thread_local(document: ExternRef) {
    DOCUMENT.with(|d| *d.borrow_mut() = Some(document));
}

#[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]
fn allowed_on_the_function(canvas: ExternRef<Canvas>) {
    CANVAS.set(Some(canvas));
}

fn main() {
    with_borrow_mut_assign(canvas());
    set(canvas().into_any());
    replace(&canvas());
    push(canvas());
    nested_closure(canvas());
    allowed_on_the_thread_local(canvas().into_any());
    allowed_on_the_function(canvas());
    queue_task(canvas());
    through_rc(canvas());
    map_entry(1, canvas());
    drop(in_async_fn(canvas()));
    INITIAL.with(|_| {});
    LAZY.with(|_| {});
}
