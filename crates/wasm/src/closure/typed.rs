//! A closure's typed entry: for a closure of at most 4 `i32` arguments, or one `f32` / `f64`, and
//! a result of at most one such value (most callbacks), a monomorphic function called with the
//! arguments as parameters and returning the result, so a call from JS builds no `Io`, touches no
//! slots and keeps no byte buffers. At most one `i32` argument and an `i32` result: an [`Entry`],
//! which `__wasmrust_fn_call_i32_1` calls; the others: a [`NumberEntry`], which
//! `__wasmrust_fn_call_i32` calls, the first argument and the result as `f64`s (JS numbers; every
//! `i32` and `f32` value is one exactly). Other scalar signatures have a slot entry, the rest go
//! through the generic `run`.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ptr::NonNull;

use super::registry::{self, Key, Refused};
use super::slots::Io;
use super::transport::{
    call_slots, deferred_drops_status, drops_wait_i32, drops_wait_number, i32_result,
    number_result,
};
use super::{CallFn, CallMut, Params};
use crate::abi::desc::code;
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

/// The signature of most closure entries, what `__wasmrust_fn_call_i32_1(entry, index, id, a0)`
/// calls (through the function table, at the address JS was given) with all of its parameters,
/// `entry` first: the typed entries of closures of at most one `i32` argument and an `i32` result,
/// slot entries, `run` and the promise entry (task/promise.rs). A typed closure's entry is
/// monomorphic in the closure: it checks the key (and that the closure was registered with an
/// entry at address `entry`, the one running), then runs the closure inline, so a call from JS
/// makes one indirect call in all.
pub(crate) type Entry = fn(usize, u32, u32, u32) -> u32;

/// The signature of the other typed entries, what `__wasmrust_fn_call_i32(entry, index, id, a0,
/// a1, a2, a3)` calls: the first argument and the result are `f64`s ([`Number`]).
pub(crate) type NumberEntry = fn(usize, u32, u32, f64, u32, u32, u32) -> f64;

/// How a [`NumberEntry`]'s first argument or result crosses as an `f64`.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Number {
    /// `i32` values (all of them, up to [`ARGS`] arguments): the first argument is converted as
    /// JS converts a number for an `i32` parameter, the result is the signed value.
    I32,
    F32,
    F64,
}

/// A single `f32` or `f64` (a tuple of one, or a result).
const fn float(desc: &[u8]) -> Option<Number> {
    match desc {
        [c] if *c == code::F32 => Some(Number::F32),
        [c] if *c == code::F64 => Some(Number::F64),
        _ => None,
    }
}

/// How the arguments `A` cross, if a typed entry takes them.
const fn args_number<A: Params>() -> Option<Number> {
    if A::FLAT <= ARGS && A::FLAT_I32 { Some(Number::I32) } else { float(A::DESC.as_bytes()) }
}

/// How the result `R` crosses, if a typed entry returns it.
const fn result_number<R: ToHost>() -> Option<Number> {
    if R::FLAT <= 1 && R::FLAT_I32 { Some(Number::I32) } else { float(R::DESC.as_bytes()) }
}

/// A closure entry of either signature.
#[derive(Copy, Clone)]
pub(crate) enum EntryFn {
    One(Entry),
    Numbers(NumberEntry),
}

impl EntryFn {
    /// Its address in the function table, which the host passes back.
    pub(crate) fn address(self) -> usize {
        match self {
            EntryFn::One(f) => f as usize,
            EntryFn::Numbers(f) => f as usize,
        }
    }
}

/// The typed entry of a closure, and the closure it calls (a `*const F` of an [`Owned`] held by
/// the same registry entry's body).
#[derive(Copy, Clone)]
pub(crate) struct Typed {
    pub(crate) data: *const (),
    pub(crate) entry: EntryFn,
    /// A slot entry ([`fits_slots`]): the host calls it as it calls `run`. (Off a JS host only
    /// the registry's unit tests read it.)
    #[cfg_attr(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))), allow(dead_code))]
    pub(crate) slots: bool,
}

/// Whether a closure of arguments `A` and result `R` is called with its values as parameters
/// (the same test as rustfn.mjs's): at most 4 `i32` arguments or one `f32` / `f64`, and at most
/// one `i32` result or an `f32` / `f64`.
pub(crate) const fn fits<A: Params, R: ToHost>() -> bool {
    args_number::<A>().is_some() && result_number::<R>().is_some()
}

/// Whether such a closure's entry is an [`Entry`] (at most one `i32` argument, an `i32` result),
/// not a [`NumberEntry`].
const fn fits_i32<A: Params, R: ToHost>() -> bool {
    A::FLAT <= 1 && A::FLAT_I32 && R::FLAT <= 1 && R::FLAT_I32
}

/// Whether a closure of arguments `A` and result `R` that does not [`fit`](fits) has a slot
/// entry: its arguments and result all numbers, `bool` or `char` (scalar codes only in their
/// descriptors), so the call keeps no bytes and reads no host queue. It takes its arguments
/// from the slots and leaves its result there, as the generic `run` does, without taking the
/// registry's body (`i64` callbacks, several `f64`s).
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
    typed_or_slots::<A, F::Output>(
        f.as_ptr(),
        entry_shared::<A, F>,
        numbers_shared::<A, F>,
        slots_shared::<A, F>,
    )
}

/// The typed entry of an `FnMut` at `f`, if its types fit.
pub(crate) fn mutable<A: Params, F: CallMut<A>>(f: &Owned<F>) -> Option<Typed> {
    typed_or_slots::<A, F::Output>(f.as_ptr(), entry_mut::<A, F>, numbers_mut::<A, F>, slots_mut::<A, F>)
}

/// `one` for at most one `i32` ([`fits_i32`]), `numbers` for the other typed ones ([`fits`]),
/// `slots` for other scalars ([`fits_slots`]), else none.
fn typed_or_slots<A: Params, R: ToHost>(
    data: *const (),
    one: Entry,
    numbers: NumberEntry,
    slots: Entry,
) -> Option<Typed> {
    if const { fits_i32::<A, R>() } {
        Some(Typed { data, entry: EntryFn::One(one), slots: false })
    } else if const { fits::<A, R>() } {
        Some(Typed { data, entry: EntryFn::Numbers(numbers), slots: false })
    } else if const { fits_slots::<A, R>() } {
        Some(Typed { data, entry: EntryFn::One(slots), slots: true })
    } else {
        None
    }
}

/// The entry the host calls with the values as parameters for a closure without a typed one (an
/// `FnOnce`) whose types [`fit`](fits): it runs the closure's generic body through the slots.
pub(crate) fn untyped<A: Params, R: ToHost>() -> Option<EntryFn> {
    if const { fits_i32::<A, R>() } {
        Some(EntryFn::One(once_i32))
    } else if const { fits::<A, R>() } {
        Some(EntryFn::Numbers(once_numbers::<A, R>))
    } else {
        None
    }
}

/// An `Fn`'s typed call: the closure `(index, id)` names, if it was registered with the entry at
/// `me` (the caller: Rust does not promise one address per function, so the address compared is
/// the one the host called, not one taken here), runs with the arguments `args` reads; with
/// whether bodies released during the call wait to be dropped (the host drops them).
#[inline(always)]
fn call_shared<A: Params, F: CallFn<A>>(
    me: usize,
    index: u32,
    id: u32,
    args: impl FnOnce() -> A,
) -> Result<(F::Output, bool), Refused> {
    let (data, call) = registry::enter_shared(Key { index, id }, me)?;
    // SAFETY: `data` is the `Owned<F>` of a closure registered with the entry at `me`, the
    // caller (checked by `enter_shared`; `shared::<A, F>` pairs them), alive until `call` ends (a
    // release meanwhile defers the drop, or the closure is never released); an `Fn`'s state is
    // only ever borrowed shared (SAFETY.md, "Typed entries").
    let r = unsafe { &*data.cast::<F>() }.call_fn(args());
    Ok((r, call.end()))
}

/// An `FnMut`'s typed call: as [`call_shared`], with the body's box out of its registry entry
/// for the call (a re-entrant call is refused).
#[inline(always)]
fn call_mut<A: Params, F: CallMut<A>>(
    me: usize,
    index: u32,
    id: u32,
    args: impl FnOnce() -> A,
) -> Result<(F::Output, bool), Refused> {
    let key = Key { index, id };
    let (body, data) = registry::take_mut(key, me)?;
    // SAFETY: as in `call_shared`, and the `FnMut`'s box is out of its entry until `put_back`, so
    // no other reference to its state exists during the call.
    let r = unsafe { &mut *data.cast_mut().cast::<F>() }.call_mut(args());
    registry::put_back(key, body);
    Ok((r, false))
}

/// A typed call's outcome as an [`Entry`] returns it (`i32_result`: the refusal convention).
#[inline(always)]
fn i32_outcome<R: ToHost>(o: Result<(R, bool), Refused>) -> u32 {
    match o {
        Ok((r, true)) => drops_wait_i32(out(r) as u32),
        Ok((r, false)) => i32_result(Ok(out(r) as u32)),
        Err(why) => i32_result(Err(why)),
    }
}

/// A typed call's outcome as a [`NumberEntry`] returns it (`number_result`).
#[inline(always)]
fn number_outcome<R: ToHost>(o: Result<(R, bool), Refused>) -> f64 {
    match o {
        Ok((r, true)) => drops_wait_number(number_out::<R>(out(r))),
        Ok((r, false)) => number_result(Ok(number_out::<R>(out(r)))),
        Err(why) => number_result(Err(why)),
    }
}

/// The [`Entry`] of an `Fn` of at most one `i32` argument and an `i32` result.
#[inline(never)]
fn entry_shared<A: Params, F: CallFn<A>>(me: usize, index: u32, id: u32, a: u32) -> u32 {
    i32_outcome(call_shared::<A, F>(me, index, id, || read([u64::from(a), 0, 0, 0])))
}

/// The [`Entry`] of an `FnMut` of at most one `i32` argument and an `i32` result.
#[inline(never)]
fn entry_mut<A: Params, F: CallMut<A>>(me: usize, index: u32, id: u32, a: u32) -> u32 {
    i32_outcome(call_mut::<A, F>(me, index, id, || read([u64::from(a), 0, 0, 0])))
}

/// The [`NumberEntry`] of an `Fn`.
#[inline(never)]
fn numbers_shared<A: Params, F: CallFn<A>>(
    me: usize,
    index: u32,
    id: u32,
    a: f64,
    b: u32,
    c: u32,
    d: u32,
) -> f64 {
    number_outcome(call_shared::<A, F>(me, index, id, || read(number_args::<A>(a, [b, c, d]))))
}

/// The [`NumberEntry`] of an `FnMut`.
#[inline(never)]
fn numbers_mut<A: Params, F: CallMut<A>>(
    me: usize,
    index: u32,
    id: u32,
    a: f64,
    b: u32,
    c: u32,
    d: u32,
) -> f64 {
    number_outcome(call_mut::<A, F>(me, index, id, || read(number_args::<A>(a, [b, c, d]))))
}

/// The slot entry of an `Fn` ([`fits_slots`]): as [`entry_shared`], with the arguments and
/// result in the slots and `run`'s outcome (0, or why it did not run, or that released bodies
/// wait: a leaf function too).
#[inline(never)]
fn slots_shared<A: Params, F: CallFn<A>>(me: usize, index: u32, id: u32, _: u32) -> u32 {
    in_slots(|io| call_shared::<A, F>(me, index, id, || io.args()))
}

/// The slot entry of an `FnMut`: as [`slots_shared`] and [`entry_mut`].
#[inline(never)]
fn slots_mut<A: Params, F: CallMut<A>>(me: usize, index: u32, id: u32, _: u32) -> u32 {
    in_slots(|io| call_mut::<A, F>(me, index, id, || io.args()))
}

/// A slot entry's `call` with its arguments and result in this thread's slots.
#[inline(always)]
fn in_slots<R: ToHost>(call: impl FnOnce(&mut Io<'_>) -> Result<(R, bool), Refused>) -> u32 {
    let mut keep = Vec::new();
    // SAFETY: the slots are this thread's `SLOTS` values, to which no reference is held.
    let mut io = unsafe { Io::new(call_slots(), &mut keep) };
    let status = match call(&mut io) {
        Ok((r, wait)) => {
            io.result(r);
            if wait { deferred_drops_status() } else { 0 }
        }
        Err(why) => why as u32,
    };
    // Scalars point at no bytes to keep (`fits_slots`).
    core::mem::forget(keep);
    status
}

/// The [`Entry`] of an `FnOnce` (or any closure without a typed entry) of at most one `i32`
/// argument and an `i32` result: its generic body through the slots (one function for all).
fn once_i32(_: usize, index: u32, id: u32, a: u32) -> u32 {
    i32_result(through_slots(index, id, [u64::from(a), 0, 0, 0]).map(|v| v as u32))
}

/// The [`NumberEntry`] of an `FnOnce` (or any closure without a typed entry) whose types fit.
fn once_numbers<A: Params, R: ToHost>(
    _: usize,
    index: u32,
    id: u32,
    a: f64,
    b: u32,
    c: u32,
    d: u32,
) -> f64 {
    number_result(through_slots(index, id, number_args::<A>(a, [b, c, d])).map(number_out::<R>))
}

/// Runs closure `(index, id)`'s generic body on `args` in the slots; its result is the first slot.
fn through_slots(index: u32, id: u32, args: [u64; ARGS]) -> Result<u64, Refused> {
    registry::untyped(Key { index, id }, |body| {
        let p = call_slots();
        // SAFETY: the slots are this thread's `SLOTS` (at least `ARGS`) values and no reference
        // to them is held; the closure reads its arguments from them as if the host wrote them.
        unsafe { core::ptr::copy_nonoverlapping(args.as_ptr(), p, ARGS) };
        let mut keep = Vec::new();
        // SAFETY: as above; the body's result is written after it returns.
        body(&mut unsafe { Io::new(p, &mut keep) });
        // A number result points at no bytes to keep (`fits`).
        core::mem::forget(keep);
        // SAFETY: as above.
        unsafe { p.read() }
    })
}

/// The arguments' slots of a [`NumberEntry`] call.
#[inline(always)]
fn number_args<A: Params>(a0: f64, rest: [u32; ARGS - 1]) -> [u64; ARGS] {
    // `const`: decided at compile time (a `const fn` called at run time may stay a call).
    let first = match const { args_number::<A>() } {
        Some(Number::F64) => a0.to_bits(),
        // JS rounds a number for an `f32` parameter to nearest, as `as` does.
        Some(Number::F32) => u64::from((a0 as f32).to_bits()),
        _ => u64::from(to_uint32(a0)),
    };
    let [a1, a2, a3] = rest;
    // Not `rest.map(..)`: at opt-level s that stays a loop through memory.
    [first, u64::from(a1), u64::from(a2), u64::from(a3)]
}

#[inline(always)]
fn read<A: Params>(slots: [u64; ARGS]) -> A {
    A::read(&mut SlotReader::new(&slots[..A::FLAT.min(ARGS)]))
}

/// JS's ToUint32 (what an `i32` parameter receives of a number: truncated, modulo 2^32; NaN and
/// infinities 0). No call, so the typed entries stay leaf functions.
#[inline(always)]
pub(crate) fn to_uint32(x: f64) -> u32 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x > -TWO_63 && x < TWO_63 {
        return x as i64 as u32;
    }
    if x.is_nan() || x.is_infinite() {
        return 0;
    }
    // |x| >= 2^63: an integer, its 53-bit significand shifted left by at least 11.
    let bits = x.to_bits();
    let shift = ((bits >> 52) & 0x7ff) as u32 - 1075;
    let significand = (bits & ((1 << 52) - 1)) | (1 << 52);
    let low = if shift >= 64 { 0 } else { (significand << shift) as u32 };
    if x < 0.0 { low.wrapping_neg() } else { low }
}

/// A typed result's flat value (at most one, a number: no bytes to keep).
#[inline(always)]
fn out<R: ToHost>(r: R) -> u64 {
    let mut out = [0u64; 1];
    let mut keep = Vec::new();
    r.write(&mut SlotWriter::new(&mut out[..R::FLAT.min(1)], &mut keep));
    // A number result points at no bytes to keep (`fits`): skips the drop's deallocation check.
    debug_assert!(keep.is_empty());
    core::mem::forget(keep);
    out[0]
}

/// A result's flat value as a [`NumberEntry`] returns it.
#[inline(always)]
fn number_out<R: ToHost>(v: u64) -> f64 {
    match const { result_number::<R>() } {
        Some(Number::F64) => f64::from_bits(v),
        Some(Number::F32) => f64::from(f32::from_bits(v as u32)),
        // What an `i32` result is in JS: the signed value.
        _ => f64::from(v as u32 as i32),
    }
}
