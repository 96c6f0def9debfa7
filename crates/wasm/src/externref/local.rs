//! Per-thread state for the host layer.
//!
//! Host references index the table of one thread's host (one JS realm per worker), so the state
//! that mirrors that table is per thread: `std::thread_local!` where threads exist, a plain
//! static on single-threaded wasm. The closure passed to `with` must not call out (no host
//! calls, no user code, no drops of host references): the state is exclusively borrowed while it
//! runs, and the busy flag turns a re-entrant or concurrent use into a panic instead of aliasing.

/// Declares `static NAME: Local<T>` (or its thread-local equivalent) with `NAME.with(|s| ..)`.
macro_rules! local_state {
    ($vis:vis static $name:ident: $ty:ty = $init:expr;) => {
        #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
        ::std::thread_local! {
            $vis static $name: $crate::externref::local::Local<$ty> =
                const { $crate::externref::local::Local::new($init) };
        }
        #[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
        $vis static $name: $crate::externref::local::Local<$ty> =
            $crate::externref::local::Local::new($init);
    };
}
pub(crate) use local_state;

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

/// A value with exclusive, non-re-entrant access through [`Local::with`].
pub(crate) struct Local<T> {
    busy: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: every access goes through `with`, which takes the busy flag with an atomic swap first,
// so at most one `&mut T` exists at any time, whichever thread asks (single-threaded wasm release
// builds skip the flag: there is no other thread, and no `with` closure re-enters). Where threads
// exist and `std` is on, the state is thread-local anyway (see `local_state!`).
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    pub(crate) const fn new(value: T) -> Self {
        Local { busy: AtomicBool::new(false), value: UnsafeCell::new(value) }
    }

    /// Runs `f` with exclusive access; panics on re-entrant or concurrent use.
    ///
    /// Declared pure for the effect lints: the busy flag is this state's private guard, not
    /// shared memory a caller reads or writes (what `f` does is charged where it is written).
    #[inline]
    #[cfg_attr(wasm_lint, wasm_lint::effect(), allow(wasm_lint::undeclared_effect, wasm_lint::unknown_effect))]
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        #[cfg(all(target_family = "wasm", not(target_feature = "atomics"), not(debug_assertions)))]
        {
            // SAFETY: one thread, and no closure given to `with` calls out (module docs), so no
            // other reference to the value exists while `f` runs.
            return f(unsafe { &mut *self.value.get() });
        }
        #[allow(unreachable_code)]
        if self.busy.swap(true, Ordering::Acquire) {
            busy_panic();
        }
        struct Release<'a>(&'a AtomicBool);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _release = Release(&self.busy);
        // SAFETY: the busy flag was clear and is now ours until `_release` drops, so this is
        // the only reference to the value.
        f(unsafe { &mut *self.value.get() })
    }
}

#[cold]
#[inline(never)]
fn busy_panic() -> ! {
    panic!("wasm: host reference state used re-entrantly or from two threads at once")
}

/// `NAME.with_state(|s| ..)` for both forms `local_state!` declares.
pub(crate) trait WithLocal<T> {
    fn with_state<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R;
}

#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
impl<T: 'static> WithLocal<T> for std::thread::LocalKey<Local<T>> {
    #[inline]
    fn with_state<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        self.with(|local| local.with(f))
    }
}

#[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
impl<T> WithLocal<T> for Local<T> {
    #[inline]
    fn with_state<R>(&'static self, f: impl FnOnce(&mut T) -> R) -> R {
        self.with(f)
    }
}
