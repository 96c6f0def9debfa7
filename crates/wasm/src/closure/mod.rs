//! Rust closures as JS functions.
//!
//! [`Closure::new`] (an `Fn`), [`Closure::new_mut`] (an `FnMut`) and [`Closure::once`] (an
//! `FnOnce`) turn a closure of boundary types into a JS function ([`Closure::func`], a
//! [`FuncRef`] to pass to imports). The [`Closure`] is `#[wasm::linear]`: the function lives
//! until [`Closure::release`] (later calls throw an `Error` in JS) or, explicitly and for good,
//! [`Closure::into_js_forever`]. Dropping it unconsumed is what `cargo wasm-lint`
//! (`linear_not_consumed`) rejects. For a callback JS calls only during one import call
//! (`Array.prototype.forEach`), [`with_closure`] lends a closure that may borrow the stack.
//!
//! Calls: an `Fn` may be called again from inside its own call (re-entrantly); an `FnMut`
//! called re-entrantly throws an `Error` in JS (its `&mut` state is in use) and stays callable;
//! an `FnOnce` throws on its second call. A closure may release itself during its call: the
//! release takes effect for later calls, and its state is dropped when the running call
//! returns (an `Fn` of number types, with a typed or slot entry, released while any such `Fn`
//! call runs: when the outermost one returns). See `docs/js-host.md` ("Rust closures").

mod params;
mod slots;
mod typed;
// Off a JS host only the unit tests call into the registry.
#[cfg_attr(
    not(all(target_family = "wasm", not(feature = "wasm-bindgen"))),
    allow(dead_code)
)]
pub(crate) mod registry;

use alloc::boxed::Box;
use alloc::rc::Rc;
use core::fmt;
use core::marker::PhantomData;

pub use params::{CallFn, CallMut, CallOnce, Params, TypedParams};
use registry::{Body, Key, MutBody};
use typed::{EntryFn, Owned, Typed};
// Also the type of `wasm::task`'s promise entry, which the same export calls.
pub(crate) use typed::Entry;

use crate::FuncRef;
use crate::abi::ToHost;
use crate::externref::{Signature, Untyped};
use crate::abi::desc::{Desc, MARK_CLOSURE, Marked};
use slots::Io;

/// Most flat values a closure's arguments (or result) may have.
pub(crate) const SLOTS: usize = 32;

struct ClosureSignature<A, R>(PhantomData<(A, R)>);

impl<A: Params, R: ToHost> ClosureSignature<A, R> {
    const DESC: Desc = Desc::code(A::COUNT).then(A::DESC).then(R::DESC);
    // Marked: emit.mjs finds the signature in the data (desc.rs `Marked`).
    const MARKED: &'static Marked = &{
        assert!(
            A::FLAT <= SLOTS && R::FLAT <= SLOTS,
            "too many values for one closure call"
        );
        Marked::new(MARK_CLOSURE, Self::DESC)
    };
    const STATIC: &'static Desc = Self::MARKED.desc();
}

/// A Rust closure JS can call, and the obligation to end it.
///
/// `Closure` alone is `Closure<Untyped>`: its [`func`](Closure::func) is a plain [`FuncRef`].
/// [`Closure::typed`] (and `typed_mut`, `typed_once`) make a `Closure<fn(A, ...) -> R>` of the
/// closure's own argument and result types, whose `func` is a `FuncRef<fn(A, ...) -> R>` (the
/// TypeScript declarations then type the function); no other signature can be named for it.
///
/// ```ignore
/// let on_click = wasm::Closure::new_mut(move |e: ExternRef<Event>| count += 1);
/// add_listener(&button, "click", on_click.func());
/// // ... later
/// remove_listener(&button, "click", on_click.func());
/// on_click.release(); // calling the JS function now throws
/// ```
#[crate::linear]
pub struct Closure<S: Signature = Untyped> {
    id: Key,
    func: FuncRef<S>,
}

impl Closure {
    /// An `Fn` closure: may be called re-entrantly.
    pub fn new<A: Params, F: CallFn<A> + 'static>(f: F) -> Closure {
        let f = Owned::new(f);
        let typed = typed::shared::<A, F>(&f);
        let body = Rc::new(move |io: &mut Io<'_>| slot_call_fn::<A, F>(f.get(), io));
        Closure::register(
            Body::Shared(body),
            typed,
            None,
            false,
            ClosureSignature::<A, F::Output>::STATIC,
        )
    }

    /// An `FnMut` closure: a re-entrant call throws in JS.
    pub fn new_mut<A: Params, F: CallMut<A> + 'static>(f: F) -> Closure {
        let mut f = Owned::new(f);
        let typed = typed::mutable::<A, F>(&f);
        let body: MutBody = Box::new(move |io| slot_call_mut::<A, F>(f.get_mut(), io));
        Closure::register(
            Body::Mut(Some(body)),
            typed,
            None,
            false,
            ClosureSignature::<A, F::Output>::STATIC,
        )
    }

    /// An `FnOnce` closure: a second call throws in JS.
    pub fn once<A: Params, F: CallOnce<A> + 'static>(f: F) -> Closure {
        let body = Box::new(move |io: &mut Io<'_>| {
            let result = f.call_once(io.args());
            io.result(result)
        });
        let entry = typed::untyped::<A, F::Output>();
        Closure::register(Body::Once(Some(body)), None, entry, false, ClosureSignature::<A, F::Output>::STATIC)
    }

    /// [`Closure::new`], typed: a `Closure<fn(A, ...) -> R>` of the closure's own types.
    pub fn typed<A: TypedParams<F::Output>, F: CallFn<A> + 'static>(f: F) -> Closure<A::Signature> {
        Closure::new(f).retyped()
    }

    /// [`Closure::new_mut`], typed: a `Closure<fn(A, ...) -> R>` of the closure's own types.
    pub fn typed_mut<A: TypedParams<F::Output>, F: CallMut<A> + 'static>(f: F) -> Closure<A::Signature> {
        Closure::new_mut(f).retyped()
    }

    /// [`Closure::once`], typed: a `Closure<fn(A, ...) -> R>` of the closure's own types.
    pub fn typed_once<A: TypedParams<F::Output>, F: CallOnce<A> + 'static>(f: F) -> Closure<A::Signature> {
        Closure::once(f).retyped()
    }

    /// The closure with signature `S`: only for the `S` its constructor's types give.
    fn retyped<S: Signature>(self) -> Closure<S> {
        let Closure { id, func } = self;
        Closure { id, func: FuncRef::from_extern_unchecked(func.into_extern()) }
    }

    /// The closure as an owner released on drop, for the crate's own guards (a scope, a promise
    /// reaction) whose drop is the release.
    pub(crate) fn into_owner(self) -> Owner {
        let Closure { id, func } = self;
        Owner {
            id,
            func: Some(func),
        }
    }

    /// `untyped`: the entry (`typed::untyped`) the host calls with the values as parameters for
    /// a closure without a typed entry.
    fn register(
        body: Body,
        typed: Option<Typed>,
        untyped: Option<EntryFn>,
        scoped: bool,
        signature: &'static Desc,
    ) -> Closure {
        transport::watch_abandoned();
        let id = registry::insert(body, typed, scoped);
        Closure {
            id,
            func: transport::new_function(id, signature, scoped, typed, untyped),
        }
    }
}

impl<S: Signature> Closure<S> {
    /// The JS function, to pass to imports (`func().as_untyped()` where they take any
    /// `&FuncRef`).
    pub fn func(&self) -> &FuncRef<S> {
        &self.func
    }

    /// The closure without its signature (what `Closure::new` would have made).
    pub fn into_untyped(self) -> Closure {
        let Closure { id, func } = self;
        Closure { id, func: func.into_untyped() }
    }

    /// Ends the closure: its state drops (after its call, if it is running), and calling the JS
    /// function throws an `Error` from now on.
    pub fn release(self) {
        let Closure { id, func } = self;
        end(id, Some(func.into_untyped()));
    }

    /// Gives the closure to JS for good: it is never released and its state never drops (the
    /// JS garbage collector cannot see into wasm). For callbacks that live as long as the page.
    pub fn into_js_forever(self) -> FuncRef<S> {
        let Closure { id, func } = self;
        registry::forever(id);
        func
    }
}

/// A closure released when dropped (not linear): see [`Closure::into_owner`].
pub(crate) struct Owner {
    id: Key,
    func: Option<FuncRef>,
}

impl Owner {
    pub(crate) fn func(&self) -> &FuncRef {
        self.func.as_ref().expect("set until drop")
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        end(self.id, self.func.take());
    }
}

/// Ends closure `id`: its function's reference drops, then its state (after its call, if it is
/// running). Out of line so that `release` and `Owner`'s drop share one copy (at opt-level 3 each
/// inlined the registry's removal: ~800 bytes apiece in examples/closures).
#[inline(never)]
fn end(id: Key, func: Option<FuncRef>) {
    drop(func);
    drop(registry::remove(id));
}

impl<S: Signature> fmt::Debug for Closure<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Closure")
            .field("id", &self.id)
            .field("func", &self.func)
            .finish()
    }
}

/// An `Fn`'s slot body: out of line so that the body's closure and the `call_once` / `call_mut`
/// shims of its `dyn` vtable share one copy (at opt-level 3 each inlined it).
#[inline(never)]
fn slot_call_fn<A: Params, F: CallFn<A>>(f: &F, io: &mut Io<'_>) {
    let result = f.call_fn(io.args());
    io.result(result)
}

/// An `FnMut`'s slot body, out of line as [`slot_call_fn`].
#[inline(never)]
fn slot_call_mut<A: Params, F: CallMut<A>>(f: &mut F, io: &mut Io<'_>) {
    let result = f.call_mut(io.args());
    io.result(result)
}

/// A [`MutBody`] that may borrow for `'a`.
type ScopedBody<'a> = Box<dyn FnMut(&mut Io<'_>) + 'a>;

/// Lends `f` to JS as a function for the duration of `body`, which passes it to imports that
/// call it before they return (`Array.prototype.forEach`-style). `f` may borrow the stack; once
/// `body` returns, calling the function throws an `Error` in JS.
pub fn with_closure<'a, A: Params, F: CallMut<A> + 'a, T>(
    f: F,
    body: impl FnOnce(&FuncRef) -> T,
) -> T {
    let mut f = Owned::new(f);
    // Erased like the box below: the entry holding it leaves the registry before `'a` ends.
    let typed = typed::mutable::<A, F>(&f);
    let erased: ScopedBody<'a> = Box::new(move |io| slot_call_mut::<A, F>(f.get_mut(), io));
    // SAFETY: the entry holding the box leaves the registry before `'a` ends: dropping `scope`
    // removes it when `body` returns or unwinds; a trap abandons this frame without either, and then the
    // abandon hook (`transport::watch_abandoned`) forgets scoped entries (neither run nor
    // dropped), while the JS function refuses calls between the trap and that hook (SAFETY.md,
    // "Scoped closures").
    let erased: MutBody = unsafe { core::mem::transmute::<ScopedBody<'a>, MutBody>(erased) };
    // Released when `body` returns or unwinds.
    let scope = Closure::register(
        Body::Mut(Some(erased)),
        typed,
        None,
        true,
        ClosureSignature::<A, F::Output>::STATIC,
    )
    .into_owner();
    body(scope.func())
}

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod transport {
    use super::SLOTS;
    use super::registry::{self, Key, Refused};
    use super::slots::Io;
    use super::typed::{Entry, EntryFn, NumberEntry, Typed};
    use crate::FuncRef;
    use crate::abi::desc::Desc;
    use crate::arena::CallEndHook;
    use crate::externref::local::{WithLocal, local_state};
    use alloc::vec::Vec;
    use core::cell::UnsafeCell;

    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        /// A new JS function calling closure `key`, arguments and result in the slots at `slots`
        /// (`__wasmrust_fn_call_i32_1(run, index, id, 0)`), or, for the types of a typed entry,
        /// its `entry` with the values as parameters.
        #[link_name = "fn_new"]
        fn host_fn_new(
            index: u32,
            id: u32,
            signature: *const Desc,
            slots: *mut u64,
            scoped: u32,
            entry: u32,
            run: u32,
        ) -> u32;
    }

    local_state! {
        static CALL_SLOTS: UnsafeCell<[u64; SLOTS]> = UnsafeCell::new([0; SLOTS]);
    }
    local_state! {
        // What the last call's result points at (strings), until the next call ends.
        static KEEP: Vec<Vec<u8>> = Vec::new();
    }

    fn slots() -> *mut [u64; SLOTS] {
        // The pointer escapes on purpose: the host writes arguments there before
        // calling the closure and reads the result right after it returns.
        CALL_SLOTS.with_state(|s| s.get())
    }

    /// The first of this thread's `SLOTS` values, where the host writes a call's arguments.
    #[inline(always)]
    pub(super) fn call_slots() -> *mut u64 {
        slots().cast::<u64>()
    }

    pub(super) fn new_function(
        key: Key,
        signature: &'static Desc,
        scoped: bool,
        typed: Option<Typed>,
        untyped: Option<EntryFn>,
    ) -> FuncRef {
        // The host calls `entry` when it passes the closure's values as parameters (`typed.rs`
        // `fits`): the typed entry, or (an `FnOnce`) one through the slots; and `run` otherwise:
        // the closure's slot entry, or the generic one. A slot entry's `entry` is `run`, which
        // the host calls with id 0 to drop what the call released (`deferred_drops_status`).
        let generic = run as Entry as usize;
        let (entry, run) = match typed {
            Some(t) if t.slots => (generic, t.entry.address()),
            Some(t) => (t.entry.address(), generic),
            None => (untyped.map_or(0, EntryFn::address), generic),
        };
        // SAFETY: the host reads the signature (static) and keeps the address of this thread's
        // slots, which live as long as the module; the entries are functions of this module.
        let handle = unsafe {
            host_fn_new(
                key.index,
                key.id,
                signature,
                call_slots(),
                scoped as u32,
                entry as u32,
                run as u32,
            )
        };
        crate::abi::ref_from_host::<FuncRef>(handle)
    }

    static ABANDONED: CallEndHook = CallEndHook::new(registry::abandoned);

    pub(super) fn watch_abandoned() {
        ABANDONED.register_on_abandon();
    }

    /// What an [`Entry`] returns when the closure did not run, or when its result is this value;
    /// a [`NumberEntry`] returns NaN (an `f32` / `f64` result may be NaN too). The second slot
    /// then says which (0: the result; else why it did not run).
    const AMBIGUOUS: u32 = 0x8000_0000;

    /// What JS functions of closures call for a typed entry that is a [`NumberEntry`] (`typed.rs`:
    /// at most 4 `i32` arguments or one `f32` / `f64`, and at most one such result, not all of
    /// them one `i32`): `entry` (a value `fn_new` gave the host) runs closure `(index, id)` with
    /// the arguments as parameters, the first one an `f64` (a JS number), and returns the result
    /// as an `f64`, so the host reads memory only when it is NaN. The export is one indirect
    /// call, so a module that makes no closure links none of the closure code. What it runs is a
    /// user's closure, whose body the effect lints check where it is written.
    ///
    /// Entry 0 (no function's address) is the abandon hook (`arena::abandoned`), which
    /// wasmrust.mjs calls with no arguments when an exception escaped the outermost call: folded
    /// in here, every module has one export fewer. (Here rather than in [`fn_call_i32_1`], the
    /// export of most closure calls, which stays a lone indirect call.)
    #[unsafe(export_name = "__wasmrust_fn_call_i32")]
    #[cfg_attr(wasm_lint, allow(wasm_lint::unknown_effect))]
    extern "C" fn fn_call_i32(
        entry: u32,
        index: u32,
        id: u32,
        a0: f64,
        a1: u32,
        a2: u32,
        a3: u32,
    ) -> f64 {
        if entry == 0 {
            // SAFETY: the host calls entry 0 only from outside any call into the module, when an
            // exception abandoned its frames (SAFETY.md, "Abandoned calls").
            unsafe { crate::arena::abandoned() };
            // The host ignores entry 0's result: `a0` (a local) takes 2 bytes of code where the
            // constant `0.0` takes 9.
            return a0;
        }
        // SAFETY: `entry` is a value `new_function` gave the host, the address of a
        // `NumberEntry` (the host passes it back; SAFETY.md, "Closure entries").
        let f = unsafe { core::mem::transmute::<usize, NumberEntry>(entry as usize) };
        f(entry as usize, index, id, a0, a1, a2, a3)
    }

    /// The second slot's value when a typed `Fn` call was the last under way and `Fn` bodies
    /// released during it wait (`drops_wait_i32`, `drops_wait_number`): not a `Refused` code. The
    /// host then calls `run` with id 0 (no closure's), which drops them, and takes the result
    /// (as the `f64` JS sees) from the first slot (rustfn.mjs).
    const DROPS_WAIT: u64 = 0xff;

    /// Leaves `result` (the JS number) and [`DROPS_WAIT`] in the slots. Stores only, so the
    /// typed entries stay leaf functions (V8 skips the stack check of a wasm function that calls
    /// nothing), and the exports above link nothing of the registry (a module that makes no
    /// closure keeps them one `call_indirect` each).
    #[inline(always)]
    fn deferred_drops_wait(result: f64) {
        let p = call_slots();
        // SAFETY: the slots are this thread's `SLOTS` values, to which no reference is held.
        unsafe {
            p.write(result.to_bits());
            p.add(1).write(DROPS_WAIT);
        }
    }

    /// What an [`Entry`] returns when its `Fn` call was the last under way and bodies released
    /// meanwhile wait: the host has `run` drop them, then takes `result` from the slots.
    #[inline(always)]
    pub(super) fn drops_wait_i32(result: u32) -> u32 {
        deferred_drops_wait(f64::from(result as i32));
        AMBIGUOUS
    }

    /// [`drops_wait_i32`] for a [`NumberEntry`].
    #[inline(always)]
    pub(super) fn drops_wait_number(result: f64) -> f64 {
        deferred_drops_wait(result);
        f64::NAN
    }

    /// What a slot entry of an `Fn` returns when its call was the last under way and bodies
    /// released meanwhile wait (its result is in the slots): the host then calls the closure's
    /// `entry` (`run`) with id 0, which drops them. Not a `Refused` code.
    #[inline(always)]
    pub(super) fn deferred_drops_status() -> u32 {
        DROPS_WAIT as u32
    }

    /// What JS functions of closures call for the other closures: `entry` (a value `fn_new` or
    /// task/promise.rs `woken_at` gave the host, an [`Entry`]) runs closure `(index, id)`. For a
    /// closure of at most one `i32` argument and an `i32` result (most callbacks), the closure's
    /// `entry` takes the argument as a parameter and returns the result, so the host reads
    /// memory only when the result is [`AMBIGUOUS`]; for the others, `run` (or a slot entry)
    /// takes them from the slots and returns 0, or why the closure did not run (`Refused`). One
    /// indirect call, as [`fn_call_i32`].
    #[unsafe(export_name = "__wasmrust_fn_call_i32_1")]
    #[cfg_attr(wasm_lint, allow(wasm_lint::unknown_effect))]
    extern "C" fn fn_call_i32_1(entry: u32, index: u32, id: u32, a0: u32) -> u32 {
        // SAFETY: `entry` is a value `new_function` (or task/promise.rs `woken_at`) gave the
        // host, the address of an `Entry` (the host passes it back; SAFETY.md, "Closure entries").
        let f = unsafe { core::mem::transmute::<usize, Entry>(entry as usize) };
        f(entry as usize, index, id, a0)
    }

    /// An [`Entry`]'s outcome as it returns it: the result, or [`AMBIGUOUS`] with the second
    /// slot saying why (0: it is the result).
    #[inline(always)]
    pub(super) fn i32_result(r: Result<u32, Refused>) -> u32 {
        match r {
            Ok(v) if v != AMBIGUOUS => v,
            Ok(v) => refused(0, v),
            Err(why) => refused(why as u32, AMBIGUOUS),
        }
    }

    /// A [`NumberEntry`]'s outcome as it returns it: the result, or NaN with the second slot
    /// saying why (0: it is the result).
    #[inline(always)]
    pub(super) fn number_result(r: Result<f64, Refused>) -> f64 {
        match r {
            Ok(v) if !v.is_nan() => v,
            Ok(v) => refused(0, v),
            Err(why) => refused(why as u32, f64::NAN),
        }
    }

    #[cold]
    fn refused<T>(why: u32, v: T) -> T {
        // SAFETY: the slots are this thread's `SLOTS` values, to which no reference is held.
        unsafe { call_slots().add(1).write(why.into()) };
        v
    }

    /// The entry of the slot path (any closure; the last parameter is unused). Id 0, no
    /// closure's, drops the bodies a typed `Fn` call left (`deferred_drops_wait`).
    fn run(_: usize, index: u32, id: u32, _: u32) -> u32 {
        // Arguments are owned (the host inserts references), so no per-call reference level.
        crate::__private::export_call::<false, _>(|| {
            if id == 0 {
                registry::drop_deferred();
                return 0;
            }
            let mut keep = Vec::new();
            // SAFETY: the slots are this thread's `SLOTS` values and no reference to them is
            // held; `Io` reads the arguments before the closure runs (a nested call reuses the
            // slots) and writes the result after it, which the host reads right after this returns.
            let mut io = unsafe { Io::new(call_slots(), &mut keep) };
            let status = registry::call(Key { index, id }, &mut io);
            if keep.capacity() != 0 || KEEP.with_state(|k| !k.is_empty()) {
                let old = KEEP.with_state(|k| core::mem::replace(k, keep));
                drop(old);
            } else {
                // Nothing allocated: skips the (not inlined) deallocation check of the drop.
                core::mem::forget(keep);
            }
            match status {
                Ok(()) => 0,
                Err(why) => why as u32,
            }
        })
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod transport {
    use super::registry::Refused;
    use super::typed::Typed;
    use crate::FuncRef;
    use crate::abi::desc::Desc;

    pub(super) fn new_function(
        _: super::Key,
        _: &'static Desc,
        _: bool,
        _: Option<Typed>,
        _: Option<super::EntryFn>,
    ) -> FuncRef {
        crate::abi::trap("wasm: Closure needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn watch_abandoned() {}

    use crate::externref::local::{WithLocal, local_state};
    use core::cell::UnsafeCell;
    local_state! {
        // The slots of the slot entries off a JS host (the registry's unit tests).
        static CALL_SLOTS: UnsafeCell<[u64; super::SLOTS]> = UnsafeCell::new([0; super::SLOTS]);
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn call_slots() -> *mut u64 {
        CALL_SLOTS.with_state(|s| s.get()).cast::<u64>()
    }

    /// Off a JS host the typed entries' caller is the registry's unit tests: the drops run here.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn drops_wait_i32(result: u32) -> u32 {
        super::registry::drop_deferred();
        i32_result(Ok(result))
    }

    /// As `drops_wait_i32`, for a `NumberEntry`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn drops_wait_number(result: f64) -> f64 {
        super::registry::drop_deferred();
        number_result(Ok(result))
    }

    /// As `deferred_drops_wait`, for the slot entries: the drops run here, the call ran (0).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn deferred_drops_status() -> u32 {
        super::registry::drop_deferred();
        0
    }

    /// The typed entries' outcome off a JS host (the registry's unit tests): a refusal traps.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn i32_result(r: Result<u32, Refused>) -> u32 {
        #[cfg(test)]
        if let Err(why) = r {
            REFUSED.with_state(|last| *last = Some(why));
            return 0x8000_0000;
        }
        r.unwrap_or_else(|_| crate::abi::trap("wasm: Closure needs a JS host"))
    }

    /// As `i32_result`, for a `NumberEntry`: a refusal is NaN.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) fn number_result(r: Result<f64, Refused>) -> f64 {
        #[cfg(test)]
        if let Err(why) = r {
            REFUSED.with_state(|last| *last = Some(why));
            return f64::NAN;
        }
        r.unwrap_or_else(|_| crate::abi::trap("wasm: Closure needs a JS host"))
    }

    #[cfg(test)]
    local_state! {
        // The last refusal, for the registry's unit tests.
        pub(crate) static REFUSED: Option<Refused> = None;
    }
}
