//! A closure's typed entry: for a closure of at most 4 `i32` arguments and an `i32` result (most
//! callbacks), a monomorphic function called with the arguments as parameters and returning the
//! result, so a call from JS (`__wasmrust_fn_call_i32`) builds no `Io`, touches no slots and keeps
//! no byte buffers. Other signatures have no typed entry and go through the slots (`run`).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ptr::NonNull;

use super::registry::{self, Key};
use super::slots::Io;
use super::transport::{call_slots, deferred_drops_status, deferred_drops_wait, i32_result};
use crate::abi::desc::code;
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

/// The signature of a closure's *entry*: what `__wasmrust_fn_call_i32(entry, index, id, a0..a3)`
/// calls (through the function table, at the address JS was given) with all of its parameters,
/// `entry` first. A typed closure's entry is monomorphic in the closure: it checks the key (and
/// that the closure was registered with an entry at address `entry`, the one running), then runs
/// the closure inline, so a call from JS makes one indirect call in all.
pub(crate) type Entry = fn(usize, u32, u32, u32, u32, u32, u32) -> u32;

/// The typed entry of a closure, and the closure it calls (a `*const F` of an [`Owned`] held by
/// the same registry entry's body).
#[derive(Copy, Clone)]
pub(crate) struct Typed {
    pub(crate) data: *const (),
    pub(crate) entry: Entry,
    /// A slot entry ([`fits_slots`]): the host calls it as it calls `run`. (Off a JS host only
    /// the registry's unit tests read it.)
    #[cfg_attr(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))), allow(dead_code))]
    pub(crate) slots: bool,
}

/// Whether a closure of arguments `A` and result `R` is called with `i32` values
/// (`__wasmrust_fn_call_i32`; the same test as rustfn.mjs's).
pub(crate) const fn fits<A: Params, R: ToHost>() -> bool {
    A::FLAT <= ARGS && A::FLAT_I32 && R::FLAT <= 1 && R::FLAT_I32
}

/// Whether a closure of arguments `A` and result `R` that does not [`fit`](fits) has a slot
/// entry: its arguments and result all numbers, `bool` or `char` (scalar codes only in their
/// descriptors), so the call keeps no bytes and reads no host queue. It takes its arguments
/// from the slots and leaves its result there, as the generic `run` does, without taking the
/// registry's body (`i64`, `f64` callbacks).
pub(crate) const fn fits_slots<A: Params, R: ToHost>() -> bool {
    !fits::<A, R>() && scalars(A::DESC.as_bytes()) && scalars(R::DESC.as_bytes())
}

const fn scalars(desc: &[u8]) -> bool {
    let mut i = 0;
    while i < desc.len() {
        if desc[i] > code::F64 {
            return false;
        }
        i += 1;
    }
    true
}

/// The typed entry of an `Fn` at `f`, if its types fit.
pub(crate) fn shared<A: Params, F: CallFn<A>>(f: &Owned<F>) -> Option<Typed> {
    typed_or_slots::<A, F::Output>(f.as_ptr(), entry_shared::<A, F>, slots_shared::<A, F>)
}

/// The typed entry of an `FnMut` at `f`, if its types fit.
pub(crate) fn mutable<A: Params, F: CallMut<A>>(f: &Owned<F>) -> Option<Typed> {
    typed_or_slots::<A, F::Output>(f.as_ptr(), entry_mut::<A, F>, slots_mut::<A, F>)
}

/// `typed` for all-`i32` types ([`fits`]), `slots` for other scalars ([`fits_slots`]), else none.
fn typed_or_slots<A: Params, R: ToHost>(data: *const (), typed: Entry, slots: Entry) -> Option<Typed> {
    if fits::<A, R>() {
        Some(Typed { data, entry: typed, slots: false })
    } else if fits_slots::<A, R>() {
        Some(Typed { data, entry: slots, slots: true })
    } else {
        None
    }
}

/// The entry of an `Fn`, called at address `me`: the closure `(index, id)` names, if it was
/// registered with the entry at `me` (this function: Rust does not promise one address per
/// function, so the address compared is the one the caller called, not one taken here), runs
/// with the arguments as they came (`i32_result`: the refusal convention).
#[inline(never)]
fn entry_shared<A: Params, F: CallFn<A>>(
    me: usize,
    index: u32,
    id: u32,
    a: u32,
    b: u32,
    c: u32,
    d: u32,
) -> u32 {
    let key = Key { index, id };
    i32_result(match registry::enter_shared(key, me) {
        Ok((data, call)) => {
            // SAFETY: `data` is the `Owned<F>` of a closure registered with the entry at `me`, this
            // function (checked by `enter_shared`; `shared::<A, F>` pairs them), alive until `call`
            // ends (a release meanwhile defers the drop, or the closure is never released); an
            // `Fn`'s state is only ever borrowed shared (SAFETY.md, "Typed entries").
            let r = finish(unsafe { &*data.cast::<F>() }.call_fn(args([a, b, c, d])));
            if call.end() {
                return deferred_drops_wait(r);
            }
            Ok(r)
        }
        Err(why) => Err(why),
    })
}

/// The entry of an `FnMut`: as [`entry_shared`], with the body's box out of its registry entry
/// for the call (a re-entrant call is refused).
#[inline(never)]
fn entry_mut<A: Params, F: CallMut<A>>(
    me: usize,
    index: u32,
    id: u32,
    a: u32,
    b: u32,
    c: u32,
    d: u32,
) -> u32 {
    let key = Key { index, id };
    i32_result(match registry::take_mut(key, me) {
        Ok((body, data)) => {
            // SAFETY: as in `entry_shared`, and the `FnMut`'s box is out of its entry until
            // `put_back`, so no other reference to its state exists during the call.
            let r =
                finish(unsafe { &mut *data.cast_mut().cast::<F>() }.call_mut(args([a, b, c, d])));
            registry::put_back(key, body);
            Ok(r)
        }
        Err(why) => Err(why),
    })
}

/// The slot entry of an `Fn` ([`fits_slots`]): as [`entry_shared`], with the arguments and
/// result in the slots and `run`'s outcome (0, or why it did not run, or that released bodies
/// wait: a leaf function too).
#[inline(never)]
fn slots_shared<A: Params, F: CallFn<A>>(me: usize, index: u32, id: u32, _: u32, _: u32, _: u32, _: u32) -> u32 {
    match registry::enter_shared(Key { index, id }, me) {
        Ok((data, call)) => {
            let mut keep = Vec::new();
            // SAFETY: the slots are this thread's `SLOTS` values, to which no reference is held.
            let mut io = unsafe { Io::new(call_slots(), &mut keep) };
            let args = io.args();
            // SAFETY: as in `entry_shared`.
            let r = unsafe { &*data.cast::<F>() }.call_fn(args);
            io.result(r);
            // Scalars point at no bytes to keep (`fits_slots`).
            core::mem::forget(keep);
            if call.end() {
                return deferred_drops_status();
            }
            0
        }
        Err(why) => why as u32,
    }
}

/// The slot entry of an `FnMut`: as [`slots_shared`] and [`entry_mut`].
#[inline(never)]
fn slots_mut<A: Params, F: CallMut<A>>(me: usize, index: u32, id: u32, _: u32, _: u32, _: u32, _: u32) -> u32 {
    let key = Key { index, id };
    match registry::take_mut(key, me) {
        Ok((body, data)) => {
            let mut keep = Vec::new();
            // SAFETY: as in `slots_shared`.
            let mut io = unsafe { Io::new(call_slots(), &mut keep) };
            let args = io.args();
            // SAFETY: as in `entry_mut`.
            let r = unsafe { &mut *data.cast_mut().cast::<F>() }.call_mut(args);
            io.result(r);
            core::mem::forget(keep);
            registry::put_back(key, body);
            0
        }
        Err(why) => why as u32,
    }
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
