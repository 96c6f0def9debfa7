//! The executor where there is exactly one thread: wasm32 without the `atomics` target feature.
//!
//! Such a module has no way to start a second thread or share its memory (memory is shared only
//! with the `atomics` feature), so one static executor serves the whole instance and every
//! operation is a plain load or store.

use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::task::{RawWaker, RawWakerVTable, Waker};

use super::executor::{Executor, Op};
use super::raw::Header;

/// Which executor owns a task: there is only one.
pub(crate) struct Home;

#[inline(always)]
pub(super) fn home(_: &Executor) -> Home {
    Home
}

/// Per-executor state that depends on threads: here only the main future's wake flag.
pub(crate) struct Remote {
    main_woken: Cell<bool>,
}

impl Remote {
    #[inline(always)]
    pub(super) fn settle(&self, _: &Executor) -> bool {
        false
    }
    #[inline(always)]
    pub(super) fn wakers(&self, _: isize) {}
    #[inline(always)]
    pub(super) fn allocated(&self, _: isize) {}
}

struct Global(Executor);

// SAFETY: this file is compiled only for wasm targets without the `atomics` feature, where the
// module has exactly one thread: the static is never accessed concurrently.
unsafe impl Sync for Global {}

static EXECUTOR: Global = Global(Executor::new(Remote { main_woken: Cell::new(false) }));

#[inline(always)]
pub(super) fn with<R>(f: impl FnOnce(&Executor) -> R) -> R {
    f(&EXECUTOR.0)
}

#[inline(always)]
pub(super) fn try_with<R>(f: impl FnOnce(&Executor) -> R) -> Option<R> {
    Some(f(&EXECUTOR.0))
}

/// Applies `op` to `task`.
///
/// # Safety
/// As [`Executor::apply`]: `task` is a live task and the caller owns the reference `op` uses.
#[inline(always)]
pub(super) unsafe fn task_op(task: *const Header, op: Op) {
    // SAFETY: the only executor owns every task; the caller's guarantees are `apply`'s.
    unsafe { EXECUTOR.0.apply(task, op) }
}

// Wakers this executor keeps itself (join handles, host waits) need no bookkeeping here: a stall
// is simply an empty queue.
#[inline(always)]
pub(super) fn stash(_: &Executor, _: &Waker) {}
#[inline(always)]
pub(super) fn unstash(_: &Executor, _: &Waker) {}

/// The waker of `block_on`'s future: it sets a flag in the static executor, so clones are free and
/// may outlive the call (a late wake only makes the next `block_on` poll once more).
static MAIN_WAKER: RawWakerVTable = RawWakerVTable::new(
    |data| RawWaker::new(data, &MAIN_WAKER),
    wake_main_raw,
    wake_main_raw,
    |_| {},
);

unsafe fn wake_main_raw(_: *const ()) {
    EXECUTOR.0.remote.main_woken.set(true);
}

pub(super) fn main_waker(e: &Executor) -> ManuallyDrop<Waker> {
    let data: *const Executor = e;
    // SAFETY: the vtable's functions never dereference `data` and are fine on any thread (there is
    // one); cloning and dropping own nothing.
    ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new(data.cast(), &MAIN_WAKER)) })
}

#[inline(always)]
pub(super) fn wake_main(e: &Executor) {
    e.remote.main_woken.set(true);
}

#[inline(always)]
pub(super) fn take_main_wake(e: &Executor) -> bool {
    e.remote.main_woken.replace(false)
}

#[inline(always)]
pub(super) fn main_woken(e: &Executor) -> bool {
    e.remote.main_woken.get()
}

/// No other thread exists that could wake anything.
#[inline(always)]
pub(super) fn may_be_woken_remotely(_: &Executor) -> bool {
    false
}

pub(super) fn park(_: &Executor) {
    unreachable!("a single-threaded executor never parks")
}
