//! The scope's lock: `std::sync::Mutex` with `std`, a spin lock without (no `std` means no
//! threads of ours, so it is never contended unless the embedder shares a scope across its own
//! threads).

#[cfg(feature = "std")]
use std::sync::MutexGuard as Guard;

/// A mutual-exclusion lock that ignores poisoning: a task's panic is caught before it can unwind
/// through a held guard, so a poisoned state is still consistent.
#[cfg(feature = "std")]
pub(super) struct Lock<T>(std::sync::Mutex<T>);

#[cfg(feature = "std")]
impl<T> Lock<T> {
    pub(super) const fn new(value: T) -> Self {
        Lock(std::sync::Mutex::new(value))
    }

    pub(super) fn lock(&self) -> Guard<'_, T> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Blocks on `cv` with `guard` released; used only where threads exist.
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    pub(super) fn wait<'a>(cv: &std::sync::Condvar, guard: Guard<'a, T>) -> Guard<'a, T> {
        cv.wait(guard).unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(not(feature = "std"))]
pub(super) use spin::Lock;

#[cfg(not(feature = "std"))]
mod spin {
    use core::cell::UnsafeCell;
    use core::ops::{Deref, DerefMut};
    use core::sync::atomic::{AtomicBool, Ordering};

    pub(in crate::thread) struct Lock<T> {
        locked: AtomicBool,
        value: UnsafeCell<T>,
    }

    // SAFETY: `value` is only reached through a `Guard`, and at most one guard exists at a time
    // (`locked` is taken with Acquire and released with Release), so `&Lock<T>` on many threads
    // hands `T` to one thread at a time: `T: Send` suffices, as for `Mutex`.
    unsafe impl<T: Send> Sync for Lock<T> {}

    impl<T> Lock<T> {
        pub(in crate::thread) const fn new(value: T) -> Self {
            Lock { locked: AtomicBool::new(false), value: UnsafeCell::new(value) }
        }

        pub(in crate::thread) fn lock(&self) -> Guard<'_, T> {
            while self
                .locked
                .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                core::hint::spin_loop();
            }
            Guard { lock: self }
        }
    }

    pub(in crate::thread) struct Guard<'a, T> {
        lock: &'a Lock<T>,
    }

    impl<T> Deref for Guard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            // SAFETY: this guard holds the lock, so no other reference to `value` exists.
            unsafe { &*self.lock.value.get() }
        }
    }

    impl<T> DerefMut for Guard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            // SAFETY: as in `deref`, and `&mut self` makes this the only use of the guard.
            unsafe { &mut *self.lock.value.get() }
        }
    }

    impl<T> Drop for Guard<'_, T> {
        fn drop(&mut self) {
            self.lock.locked.store(false, Ordering::Release);
        }
    }
}
