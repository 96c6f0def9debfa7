// Non-`Pod` data made shared through `SharedSlice`'s constructors: the pointer is followed back
// through casts, `cast()`, `as usize` round trips and `transmute` to what it first pointed to.
#![allow(dead_code)]
use wasm::SharedSlice;

#[derive(Clone, Copy)]
struct Entity {
    alive: bool,
    hp: u32,
}

// `*mut Entity` cast to `*mut u8`.
fn as_cast(entities: &mut Vec<Entity>) -> SharedSlice<'_, u8> {
    let len = std::mem::size_of_val(entities.as_slice());
    let ptr = entities.as_mut_ptr() as *mut u8;
    unsafe { SharedSlice::from_raw_parts(ptr, len) } //~ wasm_lint::non_pod_shared
}

// The same through `<*mut T>::cast`.
fn method_cast(entities: &mut [Entity]) -> SharedSlice<'_, u32> {
    let len = entities.len() * 2;
    unsafe { SharedSlice::from_raw_parts(entities.as_mut_ptr().cast(), len) } //~ wasm_lint::non_pod_shared
}

// A reference to one value, through `&mut x as *mut _` and a second cast.
fn one_value(entity: &mut Entity) -> SharedSlice<'_, u32> {
    let ptr = entity as *mut Entity as *mut u32;
    unsafe { SharedSlice::from_raw_parts(ptr, 2) } //~ wasm_lint::non_pod_shared
}

// An integer round trip loses nothing the lint can see in the function.
fn through_usize(entities: &mut [Entity]) -> SharedSlice<'_, u8> {
    let addr = entities.as_mut_ptr() as usize;
    unsafe { SharedSlice::from_raw_parts(addr as *mut u8, 8) } //~ wasm_lint::non_pod_shared
}

// `transmute` of the pointer.
fn transmuted(entities: &mut [Entity]) -> SharedSlice<'_, u8> {
    let ptr: *mut u8 = unsafe { std::mem::transmute::<*mut Entity, *mut u8>(entities.as_mut_ptr()) };
    unsafe { SharedSlice::from_raw_parts(ptr, 8) } //~ wasm_lint::non_pod_shared
}

// A `&mut [u8]` made from raw parts, then shared with the safe constructor.
fn via_slice(flags: &mut [bool]) -> SharedSlice<'_, u8> {
    let bytes = unsafe { std::slice::from_raw_parts_mut(flags.as_mut_ptr().cast::<u8>(), flags.len()) };
    SharedSlice::new(bytes) //~ wasm_lint::non_pod_shared
}

// Pointers to pointers.
fn pointers<'a>(table: &'a mut [&'static str]) -> SharedSlice<'a, u32> {
    unsafe { SharedSlice::from_raw_parts(table.as_mut_ptr().cast(), table.len() * 2) } //~ wasm_lint::non_pod_shared
}

// A generic `T` that nothing requires to be `Pod`.
fn generic<T>(values: &mut [T]) -> SharedSlice<'_, u8> {
    let len = std::mem::size_of_val(values);
    unsafe { SharedSlice::from_raw_parts(values.as_mut_ptr() as *mut u8, len) } //~ wasm_lint::non_pod_shared
}

// Uninitialized memory is not data.
fn uninit(buf: &mut [std::mem::MaybeUninit<u32>]) -> SharedSlice<'_, u32> {
    unsafe { SharedSlice::from_raw_parts(buf.as_mut_ptr().cast(), buf.len()) } //~ wasm_lint::non_pod_shared
}

fn main() {}
