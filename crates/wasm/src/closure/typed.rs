//! A closure's typed entry: for a closure of at most 4 `i32` arguments and an `i32` result (most
//! callbacks), a monomorphic function called with the arguments as parameters and returning the
//! result, so a call from JS (`__wasmrust_fn_call_i32`) builds no `Io`, touches no slots and keeps
//! no byte buffers. Other signatures have no typed entry and go through the slots.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ptr::NonNull;

use super::{CallFn, CallMut, Params};
use crate::abi::{SlotReader, SlotWriter, ToHost};

/// Most `i32` arguments a typed entry takes.
const ARGS: usize = 4;

/// A closure's state on the heap, owned through a raw pointer so that the typed entry's copy of
/// that pointer stays valid however the owner moves (moving a `Box` would retag it).
pub(crate) struct Owned<F>(NonNull<F>);

impl<F> Owned<F> {
    pub(crate) fn new(f: F) -> Self {
        Owned(NonNull::from(Box::leak(Box::new(f))))
    }

    pub(crate) fn as_ptr(&self) -> *const () {
        self.0.as_ptr().cast_const().cast()
    }

    pub(crate) fn get(&self) -> &F {
        // SAFETY: allocated by `new`, freed only by `drop`; a shared borrow of `self`, and the
        // only `&mut` ever made (`get_mut`, `call_mut`) needs the body taken out of its entry,
        // which no shared use overlaps (SAFETY.md, "Typed entries").
        unsafe { self.0.as_ref() }
    }

    pub(crate) fn get_mut(&mut self) -> &mut F {
        // SAFETY: as in `get`; `&mut self` is the body's only user (its box is taken out of the
        // registry entry while it runs), and its typed entry is not called meanwhile.
        unsafe { self.0.as_mut() }
    }
}

impl<F> Drop for Owned<F> {
    fn drop(&mut self) {
        // SAFETY: allocated by `Box` in `new` and freed only here, once.
        drop(unsafe { Box::from_raw(self.0.as_ptr()) });
    }
}

/// The typed function of a closure, and the closure it calls (a `*const F` of an [`Owned`]
/// held by the same registry entry's body).
#[derive(Copy, Clone)]
pub(crate) struct Typed {
    data: *const (),
    call: unsafe fn(*const (), u32, u32, u32, u32) -> u32,
}

impl Typed {
    /// Calls the closure.
    ///
    /// # Safety
    /// The body owning `data` is alive for the call, and, for an `FnMut`'s entry, taken out of
    /// its registry entry (no other call of it is running).
    #[inline(always)]
    pub(crate) unsafe fn call(self, a0: u32, a1: u32, a2: u32, a3: u32) -> u32 {
        // SAFETY: the caller's contract is `fn_shared` / `fn_mut`'s.
        unsafe { (self.call)(self.data, a0, a1, a2, a3) }
    }
}

/// Whether a closure of arguments `A` and result `R` has a typed entry (the host then calls it
/// with `__wasmrust_fn_call_i32`; the same test as rustfn.mjs's).
const fn fits<A: Params, R: ToHost>() -> bool {
    A::FLAT <= ARGS && A::FLAT_I32 && R::FLAT <= 1 && R::FLAT_I32
}

/// The typed entry of an `Fn` at `f`, if its types fit.
pub(crate) fn shared<A: Params, F: CallFn<A>>(f: &Owned<F>) -> Option<Typed> {
    fits::<A, F::Output>().then_some(Typed {
        data: f.as_ptr(),
        call: fn_shared::<A, F>,
    })
}

/// The typed entry of an `FnMut` at `f`, if its types fit.
pub(crate) fn mutable<A: Params, F: CallMut<A>>(f: &Owned<F>) -> Option<Typed> {
    fits::<A, F::Output>().then_some(Typed {
        data: f.as_ptr(),
        call: fn_mut::<A, F>,
    })
}

/// # Safety
/// `f` is a live `Owned<F>`'s pointer.
unsafe fn fn_shared<A: Params, F: CallFn<A>>(f: *const (), a: u32, b: u32, c: u32, d: u32) -> u32 {
    // SAFETY: by the contract; only shared borrows of an `Fn`'s state are ever made.
    finish(unsafe { &*f.cast::<F>() }.call_fn(args([a, b, c, d])))
}

/// # Safety
/// `f` is a live `Owned<F>`'s pointer whose body is taken out of its entry for this call.
unsafe fn fn_mut<A: Params, F: CallMut<A>>(f: *const (), a: u32, b: u32, c: u32, d: u32) -> u32 {
    // SAFETY: by the contract: no other reference to the state exists during the call.
    finish(unsafe { &mut *f.cast_mut().cast::<F>() }.call_mut(args([a, b, c, d])))
}

#[inline(always)]
fn args<A: Params>(a: [u32; ARGS]) -> A {
    let [a0, a1, a2, a3] = a;
    // Not `a.map(..)`: at opt-level s that stays a loop through memory.
    let slots = [u64::from(a0), u64::from(a1), u64::from(a2), u64::from(a3)];
    A::read(&mut SlotReader::new(&slots[..A::FLAT.min(ARGS)]))
}

#[inline(always)]
fn finish<R: ToHost>(r: R) -> u32 {
    let mut out = [0u64; 1];
    let mut keep = Vec::new();
    r.write(&mut SlotWriter::new(&mut out[..R::FLAT.min(1)], &mut keep));
    // An `i32` result points at no bytes to keep (`fits`): skips the drop's deallocation check.
    debug_assert!(keep.is_empty());
    core::mem::forget(keep);
    out[0] as u32
}
