//! The call boundary: a depth counter per thread, the per-call scratch arena, and the hooks run
//! when the outermost call returns.

use super::{Scope, Scratch};
use core::cell::Cell;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

struct CallState {
    depth: Cell<usize>,
    scratch: Scratch,
}

impl CallState {
    const fn new() -> Self {
        CallState { depth: Cell::new(0), scratch: Scratch::new() }
    }
}

// Where wasm has one thread (no `atomics`), the state is a plain static even with `std`: the
// thread-local accessor is a call of its own without LTO, and this sits on every export's path.
#[cfg(all(feature = "std", not(all(target_family = "wasm", not(target_feature = "atomics")))))]
std::thread_local! {
    static STATE: CallState = const { CallState::new() };
}

#[cfg(all(feature = "std", not(all(target_family = "wasm", not(target_feature = "atomics")))))]
#[inline]
fn with_state<R>(f: impl FnOnce(&CallState) -> R) -> R {
    STATE.with(f)
}

#[cfg(not(all(feature = "std", not(all(target_family = "wasm", not(target_feature = "atomics"))))))]
struct SingleThread(CallState);

// SAFETY: this static exists only where there is one thread: wasm without the `atomics` feature
// (with or without `std`; without `std` the crate supports no other target's threads either).
#[cfg(not(all(feature = "std", not(all(target_family = "wasm", not(target_feature = "atomics"))))))]
unsafe impl Sync for SingleThread {}

#[cfg(not(all(feature = "std", not(all(target_family = "wasm", not(target_feature = "atomics"))))))]
static STATE: SingleThread = SingleThread(CallState::new());

#[cfg(not(all(feature = "std", not(all(target_family = "wasm", not(target_feature = "atomics"))))))]
#[inline]
fn with_state<R>(f: impl FnOnce(&CallState) -> R) -> R {
    f(&STATE.0)
}

/// Runs `f` as a call from the host.
///
/// Calls nest: a host callback that re-enters the module runs inside the outer call. Only when
/// the outermost call returns (or unwinds) are the per-call resources released: every
/// [`CallEndHook`] runs (the host's per-call handles, for instance, and the reset of the per-call
/// scratch arena of [`with_scratch`], which is a call itself).
///
/// `#[wasm::export]` wraps only exports with reference parameters in this (their lent
/// references are per call). Other exports add no level: scratch allocations cannot outlive the
/// `with_scratch` closure that made them, so the outermost `with_scratch` is where they end,
/// however exports nest, and such an export is its body alone, as cheap as a raw `extern "C"`
/// export even without LTO (V8 calls a wasm function without memory accesses or calls faster
/// from JS).
///
/// ```
/// use wasm::arena::{call_boundary, call_depth, with_scratch};
/// let n = call_boundary(|| {
///     let inner = call_boundary(|| call_depth()); // a re-entrant call: no reset when it returns
///     with_scratch(|s| s.alloc_slice_copy(&[inner, 2, 3]).iter().sum::<usize>())
/// });
/// assert_eq!(n, 7);
/// assert_eq!(wasm::arena::stats().scratch.used, 0); // reset when the outer call returned
/// ```
#[inline]
pub fn call_boundary<R>(f: impl FnOnce() -> R) -> R {
    let _exit = Exit(enter());
    f()
}

/// Counts a call in; returns the depth seen at entry.
#[inline]
fn enter() -> usize {
    with_state(|st| st.depth.replace(st.depth.get() + 1))
}

/// Ends a call; holds the depth seen at its entry.
struct Exit(usize);

impl Drop for Exit {
    // Inline, so that without LTO an outermost call's end is a test in the caller, not a call
    // into this crate; the hooks stay out of line.
    #[inline]
    fn drop(&mut self) {
        // Hooks run before the depth drops, so a call they make themselves is nested and cannot
        // recurse here. With no hook registered (no scratch used, no per-call handles) there is
        // nothing to end, and a module that never uses them links none of that code.
        if self.0 == 0 && !HOOKS.load(Ordering::Acquire).is_null() {
            run_hooks();
        }
        // The depth seen at entry, not one less: calls nested in this one whose frames a host
        // exception abandoned (their guards never ran) are over too.
        with_state(|st| st.depth.set(self.0));
    }
}

/// Resets the scratch arena when the outermost call ends; registered by the first
/// [`with_scratch`], so the reset is linked only into programs that use the scratch.
static SCRATCH_RESET: CallEndHook = CallEndHook::new(reset_scratch);

fn reset_scratch() {
    // SAFETY: hooks run when the outermost call is over: every `with_scratch` closure has
    // returned (each holds a depth) or was abandoned with its frames, and what they allocated
    // could not leave them.
    with_state(|st| unsafe { st.scratch.reset_unchecked() });
}

/// The host says the outermost call was abandoned: an exception (or a trap) unwound every frame
/// of this module between it and the host, so no guard will end that call. Ends it here: the
/// hooks run, the scratch arena is reset and the depth is 0 again. `wasmrust.mjs` calls this
/// (as entry 0 of the export `__wasmrust_fn_call_i32`, closure/mod.rs `transport`: one export
/// fewer per module) when an exception escapes the outermost call into the module (see
/// `docs/js-host.md`).
///
/// # Safety
/// No frame of this module is live on this thread (the host calls it from outside any call).
#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
// The hooks are `fn` pointers registered by whoever needs per-call cleanup: their effects are
// theirs, not knowable here.
#[cfg_attr(wasm_lint, allow(wasm_lint::unknown_effect))]
#[cold]
#[inline(never)]
pub(crate) unsafe fn abandoned() {
    with_state(|st| st.depth.set(1));
    // The regular hooks too, once one is registered: `RUN_HOOKS` ends that list.
    run_list(&ABANDON_HOOKS);
    with_state(|st| st.depth.set(0));
}

/// How many calls are active on this thread (0 outside any call). Calls abandoned by a host
/// exception count until the call enclosing them returns (or the host ends them).
#[inline]
pub fn call_depth() -> usize {
    with_state(|st| st.depth.get())
}

/// Runs `f` with a handle to the per-call scratch arena.
///
/// Everything allocated through the handle stays valid until the outermost
/// [`call_boundary`] returns and cannot escape `f` (the compiler rejects it). Outside any call,
/// `with_scratch` is itself the call: its allocations are freed when it returns.
///
/// ```
/// let total = wasm::arena::with_scratch(|s| {
///     let mut words = s.vec();
///     for w in "a bump arena per call".split(' ') {
///         words.push(s.alloc_str(w));
///     }
///     words.iter().map(|w| w.len()).sum::<usize>()
/// });
/// assert_eq!(total, 17);
/// ```
pub fn with_scratch<R>(f: impl FnOnce(&Scope<'_>) -> R) -> R {
    SCRATCH_RESET.register();
    // SAFETY: the handle lives only as long as this call to `f` (the higher-ranked lifetime
    // keeps it from escaping), inside whichever scope is innermost now.
    call_boundary(|| with_state(|st| f(&unsafe { st.scratch.current() })))
}

/// Something to run each time the outermost call returns, registered once for the program.
///
/// Made for resources that are per call, such as the host's handles for a call's arguments:
///
/// ```
/// use wasm::arena::{CallEndHook, call_boundary};
/// use core::sync::atomic::{AtomicUsize, Ordering};
/// static ENDED: AtomicUsize = AtomicUsize::new(0);
/// static HOOK: CallEndHook = CallEndHook::new(|| { ENDED.fetch_add(1, Ordering::Relaxed); });
/// HOOK.register();
/// call_boundary(|| call_boundary(|| ()));
/// assert!(ENDED.load(Ordering::Relaxed) >= 1); // once per outermost call
/// ```
pub struct CallEndHook {
    run: fn(),
    next: AtomicPtr<CallEndHook>,
    registered: AtomicBool,
}

static HOOKS: AtomicPtr<CallEndHook> = AtomicPtr::new(core::ptr::null_mut());

/// Hooks run only when the host ends an abandoned call: state that a loop's guard keeps, which
/// an abandoned call's frames never restore (the executor's "running" flag). Once a regular hook
/// is registered, the list ends with `RUN_HOOKS`, so they run after these. Not a second walk in
/// `abandoned`: a program that registers no hook (one whose exports only make and use class
/// objects) then links no walk of the regular list there, which the compiler cannot drop
/// without LTO.
#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
static ABANDON_HOOKS: AtomicPtr<CallEndHook> = AtomicPtr::new(core::ptr::null_mut());

/// The regular hooks, as the last of the abandon hooks (appended by the first `register`).
#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
static RUN_HOOKS: CallEndHook = CallEndHook::new(run_hooks);

impl CallEndHook {
    /// A hook that calls `run`.
    pub const fn new(run: fn()) -> Self {
        CallEndHook {
            run,
            next: AtomicPtr::new(core::ptr::null_mut()),
            registered: AtomicBool::new(false),
        }
    }

    /// Adds the hook to the program's list; registering again does nothing. Hooks run in the
    /// reverse order of registration, on the thread whose outermost call returned.
    pub fn register(&'static self) {
        if self.push(&HOOKS) {
            #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
            RUN_HOOKS.append(&ABANDON_HOOKS);
        }
    }

    /// Adds the hook to those run only when the host ends an abandoned call (before the others).
    #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
    pub(crate) fn register_on_abandon(&'static self) {
        self.push(&ABANDON_HOOKS);
    }

    /// `register_on_abandon` for a caller that knows this is the hook's first registration (the
    /// class table, as it makes its first slot): where wasm has one thread, no flag is tested
    /// or set (a hook linked twice would loop the list, so elsewhere this is the flagged one).
    #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
    pub(crate) fn register_on_abandon_first(&'static self) {
        #[cfg(not(target_feature = "atomics"))]
        {
            self.next.store(ABANDON_HOOKS.load(Ordering::Relaxed), Ordering::Relaxed);
            ABANDON_HOOKS.store(self as *const CallEndHook as *mut CallEndHook, Ordering::Release);
        }
        #[cfg(target_feature = "atomics")]
        self.register_on_abandon();
    }

    /// Adds the hook at the end of `list` unless it is registered (`push` adds in front, so it
    /// stays last). Once per program: no single-thread variant.
    #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
    #[cold]
    fn append(&'static self, list: &'static AtomicPtr<CallEndHook>) {
        if self.registered.swap(true, Ordering::AcqRel) {
            return;
        }
        let me = self as *const CallEndHook as *mut CallEndHook;
        let mut link = list;
        // The first null link from the list's head is its end; a hook `push`ed meanwhile is
        // one more link to follow.
        while let Err(next) = link.compare_exchange(core::ptr::null_mut(), me, Ordering::AcqRel, Ordering::Acquire) {
            // SAFETY: only `&'static CallEndHook`s are ever linked, and never unlinked.
            link = unsafe { &(*next).next };
        }
    }

    /// Adds the hook in front of `list` unless it is registered; returns whether it added it.
    /// Wasm without `atomics` has one thread: nothing comes between the test and the stores, so
    /// no read-modify-write loop (less code where it is inlined: a class's constructor
    /// registers the class table's hook).
    #[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
    fn push(&'static self, list: &AtomicPtr<CallEndHook>) -> bool {
        if self.registered.load(Ordering::Relaxed) {
            return false;
        }
        self.registered.store(true, Ordering::Relaxed);
        self.next.store(list.load(Ordering::Relaxed), Ordering::Relaxed);
        list.store(self as *const CallEndHook as *mut CallEndHook, Ordering::Release);
        true
    }

    #[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
    fn push(&'static self, list: &AtomicPtr<CallEndHook>) -> bool {
        // A plain load first: `with_scratch` registers on every call.
        if self.registered.load(Ordering::Acquire) || self.registered.swap(true, Ordering::AcqRel) {
            return false;
        }
        let me = self as *const CallEndHook as *mut CallEndHook;
        let mut head = list.load(Ordering::Acquire);
        loop {
            self.next.store(head, Ordering::Relaxed);
            match list.compare_exchange_weak(head, me, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return true,
                Err(now) => head = now,
            }
        }
    }
}

impl core::fmt::Debug for CallEndHook {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CallEndHook").field("registered", &self.registered).finish_non_exhaustive()
    }
}

#[cold]
#[inline(never)]
fn run_hooks() {
    run_list(&HOOKS);
}

fn run_list(list: &AtomicPtr<CallEndHook>) {
    let mut hook = list.load(Ordering::Acquire);
    // SAFETY: only `&'static CallEndHook`s are ever linked, and never unlinked.
    while let Some(h) = unsafe { hook.as_ref() } {
        (h.run)();
        hook = h.next.load(Ordering::Acquire);
    }
}

/// Usage of this thread's per-call scratch arena.
pub(crate) fn scratch_stats() -> super::ArenaStats {
    with_state(|st| st.scratch.stats())
}
