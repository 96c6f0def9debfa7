//! The native host: the reference table in-process, so `cargo test` on the build machine runs
//! code that uses [`ExternRef`] with the same table logic a JS host runs.
//!
//! Host objects are Rust values; [`new_ref`] makes one, [`with_value`] reads it back, [`lend`]
//! passes one borrowed the way an export call lends a JS object. Type tests compare the object's
//! class (`instanceof`) or `typeof` name, or call a registered predicate.
//!
//! ```
//! wasm::host_type! { pub Canvas: instanceof "HTMLCanvasElement"; }
//! use wasm::externref::native;
//! let canvas: wasm::ExternRef<Canvas> = native::new_ref(String::from("fake canvas"));
//! let copy = canvas.clone();
//! assert_eq!(native::with_value(&copy, |s: &String| s.len()), Some(11));
//! drop((canvas, copy));
//! assert_eq!(native::stats().live, 0);
//! ```

use alloc::rc::Rc;
use alloc::vec::Vec;
use core::any::Any as StdAny;

use super::local::{WithLocal, local_state};
use super::table::{Table, TableStats};
use super::{ExternRef, HostType, TypeTest};

/// A host object of the native backend.
#[derive(Clone)]
pub struct NativeObject {
    value: Rc<dyn StdAny>,
    class: Option<&'static str>,
    type_of: &'static str,
}

impl NativeObject {
    /// An object of class `class` (what `instanceof` tests see) whose `typeof` is `type_of`.
    pub fn new(value: impl StdAny, class: Option<&'static str>, type_of: &'static str) -> Self {
        NativeObject { value: Rc::new(value), class, type_of }
    }

    fn passes(&self, test: TypeTest) -> bool {
        match test {
            TypeTest::Any => true,
            TypeTest::InstanceOf(name) => self.class == Some(name),
            TypeTest::TypeOf(name) => self.type_of == name,
            TypeTest::Predicate(name) => PREDICATES.with_state(|p| {
                p.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
            })
            .is_some_and(|f| f(&*self.value)),
        }
    }
}

local_state! {
    static TABLE: Table<NativeObject> = Table::new();
}

type Predicate = fn(&dyn StdAny) -> bool;

local_state! {
    static PREDICATES: Vec<(&'static str, Predicate)> = Vec::new();
}

fn check<T>(result: Result<T, super::table::HandleError>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Stores `object` in this thread's table; the caller owns the returned handle.
pub fn insert(object: NativeObject) -> u32 {
    check(TABLE.with_state(|t| t.insert(object)))
}

/// A new reference to `value`, an object of `T`'s class (or `typeof`).
pub fn new_ref<T: HostType>(value: impl StdAny) -> ExternRef<T> {
    ExternRef::from_host(insert(object_of::<T>(value)))
}

fn object_of<T: HostType>(value: impl StdAny) -> NativeObject {
    match T::TEST {
        TypeTest::InstanceOf(class) => NativeObject::new(value, Some(class), "object"),
        TypeTest::TypeOf(type_of) => NativeObject::new(value, None, type_of),
        TypeTest::Any | TypeTest::Predicate(_) => NativeObject::new(value, None, "object"),
    }
}

/// Runs `f` on the value behind `r` if it is a `V`.
pub fn with_value<V: StdAny, R, T>(r: &ExternRef<T>, f: impl FnOnce(&V) -> R) -> Option<R> {
    let value = check(TABLE.with_state(|t| t.get(r.as_raw()).map(|o| o.value.clone())));
    value.downcast_ref::<V>().map(f)
}

/// Lends `value` to `f` as a borrowed reference, the way an export call lends a host object:
/// the handle is valid only while `f` runs.
pub fn lend<T: HostType, R>(value: impl StdAny, f: impl FnOnce(&ExternRef<T>) -> R) -> R {
    export_call(object_of::<T>(value), |handle| {
        f(&core::mem::ManuallyDrop::new(ExternRef::<T>::from_host(handle)))
    })
}

/// Passes `value` to `f` as an owned reference, the way an export call passes an owned
/// parameter: lent for the call, and pinned (valid until dropped) if `f` keeps it.
pub fn give<T: HostType, R>(value: impl StdAny, f: impl FnOnce(ExternRef<T>) -> R) -> R {
    export_call(object_of::<T>(value), |handle| f(crate::abi::ref_from_host(handle)))
}

/// An export call with `object` lent on the borrow stack.
fn export_call<R>(object: NativeObject, f: impl FnOnce(u32) -> R) -> R {
    let (depth, handle) = TABLE.with_state(|t| (t.depth(), t.push(object)));
    let handle = check(handle);
    let out = crate::__private::export_call::<true, _>(|| f(handle));
    while let Some(object) = TABLE.with_state(|t| (t.depth() > depth).then(|| t.pop())).flatten() {
        drop(object);
    }
    out
}

/// Registers a predicate for [`TypeTest::Predicate`] tests on this thread.
pub fn register_predicate(name: &'static str, predicate: fn(&dyn StdAny) -> bool) {
    PREDICATES.with_state(|p| p.push((name, predicate)));
}

/// This thread's table counts, after releasing the queued drops ([`super::flush`]).
pub fn stats() -> TableStats {
    super::flush();
    TABLE.with_state(|t| t.stats())
}

pub(crate) mod backend {
    use super::*;

    pub(crate) fn clone(handle: u32) -> u32 {
        let object = check(TABLE.with_state(|t| t.get(handle).cloned()));
        insert(object)
    }

    pub(crate) fn release(handles: &[u32]) {
        // Objects are dropped outside the table borrow: their drop may release references.
        let mut released = Vec::with_capacity(handles.len());
        let mut first_error = None;
        TABLE.with_state(|t| {
            for &h in handles {
                match t.release(h) {
                    Ok(object) => released.push(object),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
        });
        drop(released);
        if let Some(e) = first_error {
            panic!("{e}");
        }
    }

    pub(crate) fn test(handle: u32, test: TypeTest) -> bool {
        let object = check(TABLE.with_state(|t| t.get(handle).cloned()));
        object.passes(test)
    }

    pub(crate) fn trap(message: &str) -> ! {
        panic!("{message}")
    }

    pub(crate) fn pin(handle: u32) {
        check(TABLE.with_state(|t| t.pin(handle)));
    }
}
