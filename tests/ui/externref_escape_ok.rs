//@aux-build:externref_aux.rs
//@check-pass
// Host references that are released, taken back, or handed on: nothing to report.
extern crate externref_aux;
use std::cell::RefCell;
use std::mem::{self, ManuallyDrop};
use std::sync::OnceLock;

use externref_aux::*;
use wasm::ExternRef;

struct SingleThread<T>(T);
unsafe impl<T> Sync for SingleThread<T> {}

static mut SLOT: Option<ExternRef<Canvas>> = None;
static mut LAST_HANDLE: u32 = 0;
static IDS: SingleThread<OnceLock<u32>> = SingleThread(OnceLock::new());
static HOOKS: SingleThread<RefCell<Vec<Box<dyn Fn() -> u32>>>> = SingleThread(RefCell::new(Vec::new()));

thread_local! {
    static CANVAS: RefCell<Option<ExternRef<Canvas>>> = const { RefCell::new(None) };
}

fn manually_drop_taken_back(canvas: ExternRef<Canvas>) -> ExternRef<Canvas> {
    let kept = ManuallyDrop::new(canvas);
    let _ = kept.as_raw();
    ManuallyDrop::into_inner(kept)
}

fn manually_drop_released(canvas: ExternRef<Canvas>) {
    let mut kept = ManuallyDrop::new(canvas);
    unsafe { ManuallyDrop::drop(&mut kept) };
}

fn manually_drop_returned(canvas: ExternRef<Canvas>) -> ManuallyDrop<ExternRef<Canvas>> {
    ManuallyDrop::new(canvas)
}

fn raw_round_trip(canvas: ExternRef<Canvas>) -> Option<ExternRef<Canvas>> {
    let handle = canvas.into_raw();
    ExternRef::from_raw(handle)
}

fn raw_to_the_host(canvas: ExternRef<Canvas>) {
    host_takes(canvas.into_raw());
}

fn host_takes(_handle: u32) {}

fn raw_returned(canvas: ExternRef<Canvas>) -> u32 {
    canvas.into_raw()
}

fn box_round_trip(canvas: ExternRef<Canvas>) -> Box<ExternRef<Canvas>> {
    let raw = Box::into_raw(Box::new(canvas));
    unsafe { Box::from_raw(raw) }
}

fn read_a_clone() -> Option<ExternRef<Canvas>> {
    CANVAS.with(|slot| slot.borrow().clone())
}

fn take_out() -> Option<ExternRef<Canvas>> {
    CANVAS.with(|slot| slot.borrow_mut().take())
}

fn captured_but_only_used(canvas: ExternRef<Canvas>) {
    CANVAS.with(move |slot| {
        let _ = (slot.borrow().is_some(), canvas.as_raw());
    });
}

fn clear_static() {
    unsafe { SLOT = None };
}

fn handle_number_only(canvas: &ExternRef<Canvas>) {
    unsafe { LAST_HANDLE = canvas.as_raw() };
    let _ = IDS.0.get_or_init(|| canvas.as_raw());
}

fn hook_without_references(count: u32) {
    HOOKS.0.borrow_mut().push(Box::new(move || count));
}

fn owned_by_the_call(canvas: ExternRef<Canvas>) -> usize {
    let cell = RefCell::new(None);
    *cell.borrow_mut() = Some(canvas);
    let mut list = Vec::new();
    list.push(cell.into_inner());
    list.len()
}

fn into_a_parameter(list: &mut Vec<ExternRef<Canvas>>, canvas: ExternRef<Canvas>) {
    list.push(canvas);
}

fn forget_plain_data(bytes: Vec<u8>) {
    mem::forget(bytes);
}

fn read_static() -> u32 {
    unsafe { (*&raw const SLOT).as_ref().map_or(0, |r| r.as_raw()) }
}

#[wasm::export]
fn exported(canvas: ExternRef<Canvas>, lent: &ExternRef<Canvas>) -> Option<ExternRef<Canvas>> {
    let _ = lent.as_raw();
    Some(canvas)
}

#[wasm::import(module = "canvas")]
unsafe extern "C" {
    fn context(canvas: &ExternRef<Canvas>) -> Option<ExternRef<Canvas>>;
}

fn main() {
    drop(manually_drop_taken_back(canvas()));
    manually_drop_released(canvas());
    let _ = manually_drop_returned(canvas());
    drop(raw_round_trip(canvas()));
    raw_to_the_host(canvas());
    let _ = raw_returned(canvas());
    drop(box_round_trip(canvas()));
    drop(read_a_clone());
    drop(take_out());
    captured_but_only_used(canvas());
    clear_static();
    handle_number_only(&canvas());
    hook_without_references(1);
    owned_by_the_call(canvas());
    into_a_parameter(&mut Vec::new(), canvas());
    forget_plain_data(Vec::new());
    read_static();
    drop(exported(canvas(), &canvas()));
    drop(context(&canvas()));
}
