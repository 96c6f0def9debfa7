//! The executor where threads exist (native targets, wasm with `atomics`); needs `std`.
//!
//! Each thread has its own executor, and only that thread touches its tasks: reference counts and
//! flags are plain `Cell`s, with no atomic operation on the fast path. A `Waker` is `Send + Sync`
//! by contract, so one may be cloned, woken or dropped on another thread; there it does not touch
//! the task at all but posts the operation to the owning thread's [`Inbox`], which that thread
//! applies before it frees any task, when its queue runs dry, and while `block_on` waits. SAFETY.md
//! ("wasm::task") has the argument that no task is freed while a posted clone could still need it.

use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use core::mem::ManuallyDrop;
use core::ptr;
use core::sync::atomic::{AtomicBool, Ordering};
use core::task::{RawWaker, RawWakerVTable, Waker};
use std::sync::{Mutex, PoisonError};
use std::thread::{self, Thread};
use std::thread_local;

use super::executor::{Executor, Op};
use super::raw::Header;
use super::waker::TASK_WAKER;

/// Which executor owns a task: its inbox, which outlives every task pointing at it.
pub(super) type Home = *const Inbox;

pub(super) fn home(e: &Executor) -> Home {
    Arc::as_ptr(&e.remote.inbox)
}

thread_local! {
    static EXECUTOR: Executor = Executor::new(Remote::new());
    /// The inbox of this thread's executor while it is alive, else null. `const` without drop
    /// glue, so it can be read on any thread at any time, even while thread-locals are destroyed.
    static HOME: Cell<*const Inbox> = const { Cell::new(ptr::null()) };
}

/// Where other threads post operations on this executor's tasks.
pub(crate) struct Inbox {
    ops: Mutex<Vec<(Posted, Op)>>,
    /// `ops` is not empty. Set (under the lock) after each push, cleared (under the lock) when the
    /// owner takes the operations.
    pending: AtomicBool,
    /// `block_on`'s future was woken.
    main_woken: AtomicBool,
    /// The owning thread, unparked after each post.
    thread: Thread,
}

/// A task pointer in transit to its owning thread.
struct Posted(*const Header);

// SAFETY: the pointer is only dereferenced by the thread that owns the task, after it takes the
// operation out of the inbox.
unsafe impl Send for Posted {}

impl Inbox {
    fn post(&self, task: *const Header, op: Op) {
        let mut ops = self.ops.lock().unwrap_or_else(PoisonError::into_inner);
        ops.push((Posted(task), op));
        self.pending.store(true, Ordering::Release);
        drop(ops);
        self.thread.unpark();
    }
}

pub(crate) struct Remote {
    inbox: Arc<Inbox>,
    /// Operations taken from the inbox and not applied yet (applying one may apply others).
    taken: RefCell<VecDeque<(*const Header, Op)>>,
    /// Task wakers alive (clones minus drops), and how many of them the executor keeps itself
    /// (join handles, host waits): the rest may be on another thread.
    wakers: Cell<isize>,
    stashed: Cell<isize>,
    /// Tasks not freed yet: each points at the inbox.
    allocated: Cell<isize>,
}

impl Remote {
    fn new() -> Self {
        let inbox = Arc::new(Inbox {
            ops: Mutex::new(Vec::new()),
            pending: AtomicBool::new(false),
            main_woken: AtomicBool::new(false),
            thread: thread::current(),
        });
        HOME.set(Arc::as_ptr(&inbox));
        Remote {
            inbox,
            taken: RefCell::new(VecDeque::new()),
            wakers: Cell::new(0),
            stashed: Cell::new(0),
            allocated: Cell::new(0),
        }
    }

    /// Applies every operation other threads have posted. Returns whether there was any.
    pub(super) fn settle(&self, e: &Executor) -> bool {
        if self.inbox.pending.load(Ordering::Acquire) {
            let mut ops = self.inbox.ops.lock().unwrap_or_else(PoisonError::into_inner);
            self.inbox.pending.store(false, Ordering::Relaxed);
            self.taken.borrow_mut().extend(ops.drain(..).map(|(task, op)| (task.0, op)));
        }
        let mut any = false;
        loop {
            let next = self.taken.borrow_mut().pop_front();
            let Some((task, op)) = next else { return any };
            any = true;
            // SAFETY: a posted operation comes from a waker (or handle) of one of our tasks that
            // owned the reference `op` uses; the task cannot have been freed since, because every
            // free first applies all posted operations (`Executor::release`).
            unsafe { e.apply(task, op) };
        }
    }

    #[inline]
    pub(super) fn wakers(&self, delta: isize) {
        self.wakers.set(self.wakers.get() + delta);
    }

    #[inline]
    pub(super) fn allocated(&self, delta: isize) {
        self.allocated.set(self.allocated.get() + delta);
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        // The thread is exiting. From now on this executor's wakers and handles post to the inbox
        // wherever they are used, and unfinished tasks are leaked (never dropped): running their
        // destructors while thread-locals are being destroyed is not safe to do.
        HOME.set(ptr::null());
        if self.allocated.get() > 0 {
            // Leaked tasks point at the inbox: it must outlive them.
            core::mem::forget(Arc::clone(&self.inbox));
        }
    }
}

#[inline]
pub(super) fn with<R>(f: impl FnOnce(&Executor) -> R) -> R {
    EXECUTOR.with(f)
}

#[inline]
pub(super) fn try_with<R>(f: impl FnOnce(&Executor) -> R) -> Option<R> {
    EXECUTOR.try_with(f).ok()
}

/// Applies `op` to `task` on its owning thread, or posts it there.
///
/// # Safety
/// As [`Executor::apply`]: `task` is a live task and the caller owns the reference `op` uses.
#[inline]
pub(super) unsafe fn task_op(task: *const Header, op: Op) {
    // SAFETY: the caller's reference keeps the task alive; `home` is written before the task is
    // published and never again, so reading it races with nothing (through a raw pointer: the
    // owning thread may be using the other fields).
    let home = unsafe { ptr::addr_of!((*task).home).read() };
    if HOME.get() == home {
        // SAFETY: `HOME` is our inbox only while this thread's executor is alive; it owns `task`.
        EXECUTOR.with(|e| unsafe { e.apply(task, op) });
    } else {
        // SAFETY: an inbox outlives every task pointing at it (it is leaked with them).
        unsafe { &*home }.post(task, op);
    }
}

/// Is `waker` one of this executor's (a task's or `block_on`'s)?
fn is_ours(e: &Executor, waker: &Waker) -> bool {
    let inbox = Arc::as_ptr(&e.remote.inbox);
    if ptr::eq(waker.vtable(), &TASK_WAKER) {
        // SAFETY: a task waker's data is a live task header (the waker holds a reference).
        let home = unsafe { ptr::addr_of!((*waker.data().cast::<Header>()).home).read() };
        home == inbox
    } else {
        ptr::eq(waker.vtable(), &MAIN_WAKER) && waker.data() == inbox.cast()
    }
}

/// The executor now keeps `waker` itself (in a join handle or host wait): it cannot be on another
/// thread, so it does not keep `block_on` waiting.
pub(super) fn stash(e: &Executor, waker: &Waker) {
    if is_ours(e, waker) {
        e.remote.stashed.set(e.remote.stashed.get() + 1);
    }
}

pub(super) fn unstash(e: &Executor, waker: &Waker) {
    if is_ours(e, waker) {
        e.remote.stashed.set(e.remote.stashed.get() - 1);
    }
}

/// `block_on`'s waker: a counted reference to the inbox.
static MAIN_WAKER: RawWakerVTable =
    RawWakerVTable::new(main_clone, main_wake, main_wake_by_ref, main_drop);

// `data` is always `Arc::as_ptr` of an inbox, and every waker but the one `block_on` lends to its
// future (never dropped) owns one strong count.

unsafe fn main_clone(data: *const ()) -> RawWaker {
    // SAFETY: see above: the count is alive, and the clone owns the new one.
    unsafe { Arc::increment_strong_count(data.cast::<Inbox>()) };
    RawWaker::new(data, &MAIN_WAKER)
}

unsafe fn main_wake(data: *const ()) {
    // SAFETY: see above.
    unsafe {
        main_wake_by_ref(data);
        main_drop(data);
    }
}

unsafe fn main_wake_by_ref(data: *const ()) {
    let inbox = data.cast::<Inbox>();
    // SAFETY: see above: the inbox is alive.
    let inbox_ref = unsafe { &*inbox };
    inbox_ref.main_woken.store(true, Ordering::Release);
    if HOME.get() != inbox {
        inbox_ref.thread.unpark();
    }
}

unsafe fn main_drop(data: *const ()) {
    let inbox = data.cast::<Inbox>();
    // One waker fewer elsewhere: a parked `block_on` must look again whether any is left, after
    // the count dropped (unparking first could let it see the old count and park for good).
    // SAFETY: see above: alive until the decrement.
    let owner = (HOME.get() != inbox).then(|| unsafe { &*inbox }.thread.clone());
    // SAFETY: see above: this waker owns one strong count.
    unsafe { Arc::decrement_strong_count(inbox) };
    if let Some(owner) = owner {
        owner.unpark();
    }
}

pub(super) fn main_waker(e: &Executor) -> ManuallyDrop<Waker> {
    let data = Arc::as_ptr(&e.remote.inbox).cast::<()>();
    // SAFETY: the lent waker is never dropped, so it needs no count of its own: the executor's
    // `Arc` outlives `block_on`. Clones made from it take their own count.
    ManuallyDrop::new(unsafe { Waker::from_raw(RawWaker::new(data, &MAIN_WAKER)) })
}

pub(super) fn wake_main(e: &Executor) {
    e.remote.inbox.main_woken.store(true, Ordering::Relaxed);
}

pub(super) fn take_main_wake(e: &Executor) -> bool {
    let woken = &e.remote.inbox.main_woken;
    woken.load(Ordering::Relaxed) && woken.swap(false, Ordering::Acquire)
}

pub(super) fn main_woken(e: &Executor) -> bool {
    e.remote.inbox.main_woken.load(Ordering::Relaxed)
}

/// Could a waker of this executor be held by another thread? Counts every task waker and
/// `block_on` waker alive, minus those the executor keeps itself.
pub(super) fn may_be_woken_remotely(e: &Executor) -> bool {
    let main = Arc::strong_count(&e.remote.inbox) as isize - 1;
    e.remote.wakers.get() + main - e.remote.stashed.get() > 0
}

/// Waits for another thread to post an operation or wake `block_on`'s future.
pub(super) fn park(_: &Executor) {
    thread::park();
}
