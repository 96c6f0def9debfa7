//! The task allocation: a type-erased [`Header`] followed by the future or its output.

use alloc::boxed::Box;
use core::cell::{Cell, UnsafeCell};
use core::future::Future;
use core::pin::Pin;
use core::ptr;
use core::task::{Context, Poll, Waker};

use super::join_handle::JoinError;
use super::platform;

/// The task is in the run queue; the queue holds one reference.
pub(super) const SCHEDULED: u32 = 1;
/// The future has finished or was dropped; the stage holds the output (until taken) or nothing.
pub(super) const COMPLETE: u32 = 2;
/// `JoinHandle::abort` asked for the future to be dropped the next time the task is reached.
pub(super) const CANCELLED: u32 = 4;
/// One reference; the count lives above the flag bits.
pub(super) const REF: u32 = 8;

/// The part of a task every task shares, whatever its future: what the queue, the wakers and the
/// join handle work with. `repr(C)` and first in [`Task`], so `*const Task<F>` casts to it.
///
/// Only the owning thread touches the `Cell`s. `vtable` and `home` never change after spawn, so
/// another thread may read them (that is all a waker used elsewhere does).
#[repr(C)]
pub(crate) struct Header {
    /// Flag bits and, above them, the reference count (`REF` per reference). References: the
    /// `JoinHandle`, each `Waker`, and the run queue while `SCHEDULED` (kept during the poll).
    pub(super) state: Cell<u32>,
    /// Next task in the run queue, while `SCHEDULED`.
    pub(super) next: Cell<*const Header>,
    pub(super) vtable: &'static TaskVTable,
    /// Waker of whoever awaits the `JoinHandle`.
    pub(super) join_waker: Cell<Option<Waker>>,
    /// Which executor owns the task (a zero-sized type on single-threaded wasm).
    pub(super) home: platform::Home,
}

/// The operations that depend on the future's type.
pub(super) struct TaskVTable {
    /// Polls the future; on `true` it is gone and the output (or the panic) is stored.
    pub(super) poll: unsafe fn(*const Header, &mut Context<'_>) -> bool,
    /// Drops the future and stores `Err(JoinError::cancelled())`.
    pub(super) cancel: unsafe fn(*const Header),
    /// Moves the stored result into `*mut Option<Result<F::Output, JoinError>>`, if any.
    pub(super) take_output: unsafe fn(*const Header, *mut ()),
    /// Drops whatever the task still holds and frees the allocation.
    pub(super) dealloc: unsafe fn(*const Header),
}

#[repr(C)]
pub(super) struct Task<F: Future> {
    header: Header,
    stage: UnsafeCell<Stage<F>>,
}

enum Stage<F: Future> {
    /// Pinned: never moved until dropped in place.
    Running(F),
    /// The output and the error are separate variants (not one `Result`) so the stage's own tag
    /// tells them apart and the slot is only as big as the larger of the two.
    Finished(F::Output),
    Failed(JoinError),
    Taken,
}

impl<F: Future + 'static> Task<F> {
    const VTABLE: TaskVTable = TaskVTable {
        poll: Self::poll,
        cancel: Self::cancel,
        take_output: Self::take_output,
        dealloc: Self::dealloc,
    };

    /// Allocates a task holding `future`, with the given initial state, and leaks it as a
    /// header pointer (freed by `dealloc`).
    pub(super) fn allocate(future: F, state: u32, home: platform::Home) -> *const Header {
        let task = Box::new(Task {
            header: Header {
                state: Cell::new(state),
                next: Cell::new(ptr::null()),
                vtable: &Self::VTABLE,
                join_waker: Cell::new(None),
                home,
            },
            stage: UnsafeCell::new(Stage::Running(future)),
        });
        Box::into_raw(task).cast_const().cast()
    }

    /// # Safety
    /// `header` is a live `Task<F>`, accessed only by the owning thread, and no other reference
    /// into its stage exists (the executor is not re-entered for this task during the call).
    unsafe fn stage<'a>(header: *const Header) -> &'a mut Stage<F> {
        // SAFETY: guaranteed by the caller; `Task` is repr(C) with the header first.
        unsafe { &mut *(*header.cast::<Task<F>>()).stage.get() }
    }

    /// Drops the future in place (it is pinned) and stores `result` instead.
    fn finish(stage: &mut Stage<F>, result: Stage<F>) {
        let stage_ptr: *mut Stage<F> = stage;
        // A panicking destructor must not escape half-way: the stage is rewritten either way.
        // SAFETY: the stage is valid; `drop_in_place` leaves it dropped and `write` below makes
        // it valid again before anything else can read it.
        if let Err(payload) = catch(|| unsafe { ptr::drop_in_place(stage_ptr) }) {
            forget_payload(payload);
        }
        // SAFETY: `stage_ptr` is valid for writes and its old value was dropped above.
        unsafe { ptr::write(stage_ptr, result) };
    }

    unsafe fn poll(header: *const Header, cx: &mut Context<'_>) -> bool {
        // SAFETY: called by the executor on the owning thread while it holds a reference.
        let stage = unsafe { Self::stage(header) };
        let Stage::Running(future) = stage else {
            return true;
        };
        // SAFETY: the future lives in a heap allocation that is never moved, and is only ever
        // dropped in place (`finish`, `dealloc`): it stays pinned.
        let future = unsafe { Pin::new_unchecked(future) };
        let result = match catch(|| future.poll(cx)) {
            Ok(Poll::Pending) => return false,
            Ok(Poll::Ready(output)) => Stage::Finished(output),
            Err(payload) => Stage::Failed(JoinError::panicked(payload)),
        };
        Self::finish(stage, result);
        true
    }

    unsafe fn cancel(header: *const Header) {
        // SAFETY: called by the executor on the owning thread while it holds a reference.
        let stage = unsafe { Self::stage(header) };
        if let Stage::Running(_) = stage {
            Self::finish(stage, Stage::Failed(JoinError::cancelled()));
        }
    }

    unsafe fn take_output(header: *const Header, out: *mut ()) {
        // SAFETY: called by the owning `JoinHandle<F::Output>` on the owning thread.
        let stage = unsafe { Self::stage(header) };
        // Checked first: a running future must not be moved, even to be put back.
        if !matches!(stage, Stage::Finished(_) | Stage::Failed(_)) {
            return;
        }
        let result = match core::mem::replace(stage, Stage::Taken) {
            Stage::Finished(output) => Ok(output),
            Stage::Failed(error) => Err(error),
            Stage::Running(_) | Stage::Taken => return,
        };
        // SAFETY: the caller passes `&mut Option<Result<F::Output, JoinError>>`.
        unsafe { *out.cast::<Option<Result<F::Output, JoinError>>>() = Some(result) };
    }

    unsafe fn dealloc(header: *const Header) {
        // SAFETY: the last reference is gone: nothing else can reach the task, and it was made
        // by `Box::into_raw` in `allocate`.
        drop(unsafe { Box::from_raw(header.cast::<Task<F>>().cast_mut()) });
    }
}

/// The payload of a caught panic.
#[cfg(all(feature = "std", panic = "unwind"))]
pub(super) type Payload = Box<dyn core::any::Any + Send + 'static>;
/// No panic can be caught here (no unwinding, or no `std` to catch it with).
#[cfg(not(all(feature = "std", panic = "unwind")))]
pub(super) type Payload = core::convert::Infallible;

/// Runs `f`, catching a panic where panics unwind. The task that panicked is dropped and never
/// polled again, so state it observed half-updated is not observed by it again; other tasks see
/// what any code after a caught panic sees (the same choice as tokio and async-task).
#[cfg(all(feature = "std", panic = "unwind"))]
pub(super) fn catch<R>(f: impl FnOnce() -> R) -> Result<R, Payload> {
    std::panic::catch_unwind(core::panic::AssertUnwindSafe(f))
}

/// Discards a panic payload without running its destructor (which could panic again).
#[cfg(all(feature = "std", panic = "unwind"))]
fn forget_payload(payload: Payload) {
    core::mem::forget(payload);
}

#[cfg(not(all(feature = "std", panic = "unwind")))]
fn forget_payload(payload: Payload) {
    match payload {}
}

#[cfg(not(all(feature = "std", panic = "unwind")))]
#[inline(always)]
pub(super) fn catch<R>(f: impl FnOnce() -> R) -> Result<R, Payload> {
    Ok(f())
}
