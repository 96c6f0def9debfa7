//! One thread's executor: the FIFO run queue and the loops that drain it.
//!
//! Every method takes `&self` and keeps its state in `Cell`s: tasks run arbitrary code (spawn,
//! wake, drop handles) in the middle of any of these methods, so no borrow of executor state is
//! ever held across a call into a future, a waker or a destructor.

use core::cell::Cell;
use core::future::Future;
use core::mem::ManuallyDrop;
use core::pin::pin;
use core::ptr;
use core::task::{Context, Poll, RawWaker, Waker};

use super::BlockOnError;
use super::host::Slots;
use super::join_handle::JoinHandle;
use super::platform::{self, Remote};
use super::raw::{CANCELLED, COMPLETE, Header, REF, SCHEDULED, Task};
use super::waker::TASK_WAKER;

/// What a waker (or a join handle) does to its task.
#[derive(Clone, Copy, Debug)]
pub(super) enum Op {
    /// `Waker::clone`: one more reference.
    Clone,
    /// `Waker::wake`: schedule and give up the waker's reference.
    Wake,
    /// `Waker::wake_by_ref`: schedule.
    WakeByRef,
    /// `Waker::drop`: give up the waker's reference.
    DropWaker,
    /// `JoinHandle::drop`: give up the handle's reference.
    Release,
}

pub(crate) struct Executor {
    head: Cell<*const Header>,
    tail: Cell<*const Header>,
    queued: Cell<usize>,
    /// Spawned tasks whose future has not finished or been dropped.
    live: Cell<usize>,
    /// Inside `block_on`, `tick` or `run_until_stalled`.
    running: Cell<bool>,
    /// Declared (so dropped) before `host`: when a thread exits, `Remote::drop` first detaches
    /// this executor, so the wakers the slot table drops next post instead of re-entering it.
    pub(super) remote: Remote,
    pub(super) host: Slots,
}

/// Clears `running` however the loop is left (a panic in `block_on`'s own future included).
struct RunGuard<'a>(&'a Executor);

impl<'a> RunGuard<'a> {
    fn enter(e: &'a Executor) -> Option<Self> {
        // A panic traps on wasm: the guard is never dropped, and the host ends the abandoned
        // call instead, which must clear the flag or the executor would never run again.
        #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
        ABANDONED_LOOP.register_on_abandon();
        if e.running.replace(true) { None } else { Some(RunGuard(e)) }
    }
}

/// Clears `running` when the host ends an abandoned call: no frame of this module, so no loop,
/// is live then.
#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
static ABANDONED_LOOP: crate::arena::CallEndHook =
    crate::arena::CallEndHook::new(|| super::platform::with(|e| e.running.set(false)));

impl Drop for RunGuard<'_> {
    fn drop(&mut self) {
        self.0.running.set(false);
    }
}

impl Executor {
    pub(super) const fn new(remote: Remote) -> Self {
        Executor {
            head: Cell::new(ptr::null()),
            tail: Cell::new(ptr::null()),
            queued: Cell::new(0),
            live: Cell::new(0),
            running: Cell::new(false),
            remote,
            host: Slots::new(),
        }
    }

    pub(super) fn live_tasks(&self) -> usize {
        self.live.get()
    }

    pub(super) fn spawn<F>(&self, future: F) -> JoinHandle<F::Output>
    where
        F: Future + 'static,
        F::Output: 'static,
    {
        // Two references: the join handle and the run queue.
        let task = Task::allocate(future, SCHEDULED + 2 * REF, platform::home(self));
        self.live.set(self.live.get() + 1);
        self.remote.allocated(1);
        self.push(task);
        // SAFETY: `task` is a live task of this executor holding a reference for the handle.
        unsafe { JoinHandle::from_raw(task) }
    }

    /// Spawns `future` as a detached task and polls it once now, as the run queue would (calls
    /// to the executor from inside the poll see it running). When the executor is already
    /// running, the task is queued for that loop instead. Returns whether it was polled.
    pub(super) fn spawn_polled<F: Future<Output = ()> + 'static>(&self, future: F) -> bool {
        let Some(_guard) = RunGuard::enter(self) else {
            drop(self.spawn(future));
            return false;
        };
        // One reference: the poll's, as the queue's is for a queued task.
        let task = Task::allocate(future, REF, platform::home(self));
        self.live.set(self.live.get() + 1);
        self.remote.allocated(1);
        // SAFETY: a new task of ours holding the reference `poll_task` gives up.
        unsafe { self.poll_task(task) };
        true
    }

    pub(super) fn queued(&self) -> usize {
        self.queued.get()
    }

    /// Appends a task whose `SCHEDULED` flag (and queue reference) was just taken.
    fn push(&self, task: *const Header) {
        let tail = self.tail.get();
        if tail.is_null() {
            self.head.set(task);
        } else {
            // SAFETY: a queued task is alive (the queue holds a reference) and ours.
            unsafe { (*tail).next.set(task) };
        }
        self.tail.set(task);
        self.queued.set(self.queued.get() + 1);
    }

    fn pop(&self) -> Option<*const Header> {
        let task = self.head.get();
        if task.is_null() {
            return None;
        }
        // SAFETY: as in `push`.
        let next = unsafe { (*task).next.replace(ptr::null()) };
        self.head.set(next);
        if next.is_null() {
            self.tail.set(ptr::null());
        }
        self.queued.set(self.queued.get() - 1);
        Some(task)
    }

    /// Applies a waker or handle operation on the owning thread.
    ///
    /// # Safety
    /// `task` is a task of this executor and the caller owns the reference the op uses (for
    /// `WakeByRef`: holds one for the duration of the call).
    #[inline]
    pub(super) unsafe fn apply(&self, task: *const Header, op: Op) {
        // SAFETY: alive while the caller holds its reference; only this thread touches it.
        let header = unsafe { &*task };
        let state = header.state.get();
        match op {
            Op::Clone => {
                self.remote.wakers(1);
                header.state.set(add_ref(state));
            }
            Op::WakeByRef => {
                if state & (SCHEDULED | COMPLETE) == 0 {
                    header.state.set(add_ref(state) | SCHEDULED);
                    self.push(task);
                }
            }
            Op::Wake => {
                self.remote.wakers(-1);
                if state & (SCHEDULED | COMPLETE) == 0 {
                    // The waker's reference becomes the queue's.
                    header.state.set(state | SCHEDULED);
                    self.push(task);
                } else {
                    // SAFETY: the caller gave us the waker's reference.
                    unsafe { self.release(task) };
                }
            }
            Op::DropWaker => {
                self.remote.wakers(-1);
                // SAFETY: as above.
                unsafe { self.release(task) };
            }
            // SAFETY: the caller gave us the handle's reference.
            Op::Release => unsafe { self.release(task) },
        }
    }

    /// Gives up one reference; the last one frees the task.
    ///
    /// # Safety
    /// The caller owns one reference to `task`, a task of this executor.
    pub(super) unsafe fn release(&self, task: *const Header) {
        // SAFETY: alive until the last reference, which we only give up below.
        let header = unsafe { &*task };
        loop {
            let state = header.state.get();
            if state >= 2 * REF {
                header.state.set(state - REF);
                return;
            }
            // Ours is the last reference we know of. Another thread may have cloned a waker we have
            // not heard of yet: apply its queued operations first, still holding ours.
            if !self.remote.settle(self) {
                if state & COMPLETE == 0 {
                    self.live.set(self.live.get() - 1);
                }
                self.remote.allocated(-1);
                // SAFETY: no reference is left: nobody can reach the task any more.
                unsafe { (header.vtable.dealloc)(task) };
                return;
            }
        }
    }

    /// Marks the task finished and wakes whoever awaits its handle.
    fn complete(&self, header: &Header) {
        header.state.set(header.state.get() | COMPLETE);
        self.live.set(self.live.get() - 1);
        if let Some(waker) = header.join_waker.take() {
            platform::unstash(self, &waker);
            waker.wake();
        }
    }

    /// Polls the task at the head of the queue, if any.
    fn poll_one(&self) -> bool {
        let Some(task) = self.pop() else { return false };
        // SAFETY: the queue's reference is ours now.
        unsafe { self.poll_task(task) };
        true
    }

    /// Polls `task` (unless it finished or was cancelled) and gives up the caller's reference.
    ///
    /// # Safety
    /// `task` is a task of this executor, not queued and not being polled, and the caller owns
    /// one reference to it, which this gives up.
    unsafe fn poll_task(&self, task: *const Header) {
        // SAFETY: the caller's reference keeps it alive until `release` below.
        let header = unsafe { &*task };
        let state = header.state.get() & !SCHEDULED;
        header.state.set(state);
        if state & COMPLETE == 0 {
            let done = if state & CANCELLED != 0 {
                // SAFETY: a live task of ours, not being polled.
                unsafe { (header.vtable.cancel)(task) };
                true
            } else {
                // The poll borrows the queue's reference: this waker is never dropped.
                // SAFETY: `TASK_WAKER` upholds the RawWaker contract for task pointers.
                let waker = ManuallyDrop::new(unsafe {
                    Waker::from_raw(RawWaker::new(task.cast(), &TASK_WAKER))
                });
                let mut cx = Context::from_waker(&waker);
                // SAFETY: a live task of ours, not already being polled (it was in the queue).
                unsafe { (header.vtable.poll)(task, &mut cx) }
            };
            if done {
                self.complete(header);
            }
        }
        // SAFETY: the caller's reference.
        unsafe { self.release(task) };
    }

    pub(super) fn tick(&self) -> bool {
        let Some(_guard) = RunGuard::enter(self) else {
            return false;
        };
        self.remote.settle(self);
        self.poll_one()
    }

    pub(super) fn run_until_stalled(&self) -> usize {
        let Some(_guard) = RunGuard::enter(self) else {
            return 0;
        };
        let mut polls = 0;
        loop {
            while self.poll_one() {
                polls += 1;
            }
            if !self.remote.settle(self) || self.queued.get() == 0 {
                return polls;
            }
        }
    }

    pub(super) fn block_on<F: Future>(&self, future: F) -> Result<F::Output, BlockOnError> {
        let Some(_guard) = RunGuard::enter(self) else {
            return Err(BlockOnError::Nested);
        };
        let mut future = pin!(future);
        let waker = platform::main_waker(self);
        let mut cx = Context::from_waker(&waker);
        platform::wake_main(self);
        loop {
            if platform::take_main_wake(self)
                && let Poll::Ready(output) = future.as_mut().poll(&mut cx)
            {
                return Ok(output);
            }
            // One round: the tasks queued now, then the main future again if it was woken, so
            // it takes its FIFO turn among them.
            let round = self.queued.get();
            for _ in 0..round {
                self.poll_one();
            }
            if round == 0 && !platform::main_woken(self) && !self.remote.settle(self) {
                if !platform::may_be_woken_remotely(self) {
                    return Err(BlockOnError::Stalled);
                }
                platform::park(self);
            }
        }
    }
}

/// `state` with one more reference. Aborts the program rather than wrap the count (which would
/// free a task still in use): only a leak of ~500 million wakers gets here.
#[inline]
fn add_ref(state: u32) -> u32 {
    match state.checked_add(REF) {
        Some(state) => state,
        None => refcount_overflow(),
    }
}

#[cold]
#[inline(never)]
fn refcount_overflow() -> ! {
    fatal("wasm::task: more than 500 million wakers of one task")
}

/// Stops the program on an unrecoverable misuse. Where panics abort on wasm32 this is the same
/// trap a panic ends in, without pulling the panic machinery (formatting) into the module.
#[cold]
#[inline(never)]
pub(super) fn fatal(message: &'static str) -> ! {
    #[cfg(all(target_arch = "wasm32", panic = "abort"))]
    {
        let _ = message;
        core::arch::wasm32::unreachable()
    }
    #[cfg(not(all(target_arch = "wasm32", panic = "abort")))]
    panic!("{message}")
}

#[cfg(test)]
mod tests {
    use alloc::rc::Rc;
    use core::cell::Cell;

    use super::super::{live_tasks, platform, run_until_stalled, spawn, yield_now};

    fn spawn_polled(f: impl core::future::Future<Output = ()> + 'static) -> bool {
        platform::with(|e| e.spawn_polled(f))
    }

    #[test]
    fn a_task_polled_at_spawn_runs_up_to_its_first_pending_point_now() {
        let steps = Rc::new(Cell::new(0));
        let s = steps.clone();
        let before = live_tasks();
        assert!(spawn_polled(async move { s.set(1) }));
        assert_eq!((steps.get(), live_tasks()), (1, before), "ready at once: finished and freed");

        let s = steps.clone();
        assert!(spawn_polled(async move {
            s.set(2);
            yield_now().await; // wakes itself: queued for the next run
            s.set(3);
        }));
        assert_eq!((steps.get(), live_tasks()), (2, before + 1));
        assert_eq!(platform::with(|e| e.queued()), 1);
        assert_eq!(run_until_stalled(), 1);
        assert_eq!((steps.get(), live_tasks()), (3, before));
    }

    #[test]
    fn inside_a_running_executor_it_is_queued_for_that_loop() {
        let order = Rc::new(Cell::new(0u32));
        let o = order.clone();
        drop(spawn(async move {
            let inner = o.clone();
            let polled = spawn_polled(async move { inner.set(inner.get() * 10 + 2) });
            assert!(!polled, "the running loop polls it, after this poll");
            o.set(o.get() * 10 + 1);
        }));
        run_until_stalled();
        assert_eq!(order.get(), 12);
    }
}
