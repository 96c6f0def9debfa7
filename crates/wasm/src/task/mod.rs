//! `wasm::task`: a cooperative async executor that lives entirely inside the module.
//!
//! Rust's `async`/`await` already compiles to state machines; this module runs them. It needs no
//! host import, no JS promise machinery and no threads, so the same code runs in a browser, in
//! Node, under wasmtime, on embedded hosts and natively (for tests):
//!
//! ```
//! use wasm::task;
//!
//! let answer = task::block_on(async {
//!     let later = task::spawn(async { 6 * 7 });   // starts the work...
//!     task::yield_now().await;                    // ...lets it and others run...
//!     later.await                                 // ...and collects its value
//! });
//! assert_eq!(answer.unwrap().unwrap(), 42);
//! ```
//!
//! * [`spawn`] queues a `'static` future as a task and returns its [`JoinHandle`].
//! * [`block_on`] drives one future (and every queued task) to completion. When nothing can make
//!   progress any more it returns [`BlockOnError::Stalled`] instead of spinning: on wasm there is
//!   nobody left who could wake the future.
//! * [`tick`] and [`run_until_stalled`] let a host that owns the event loop (a JS callback, a
//!   wasmtime call into an export) run queued tasks and return.
//! * [`HostWait`] and [`resolve`] let the host wake a task through an export, by a `u32` token.
//! * [`yield_now`], [`join`], [`select`] are the small combinators most programs need.
//!
//! # Memory
//! A task is one heap allocation in linear memory: a fixed header (20 bytes on wasm32) followed by
//! the future's state machine, whose slot is reused for its output. The run queue is an intrusive
//! FIFO list threaded through those headers, so queueing never allocates. A task is freed when it
//! has finished and its `JoinHandle` and every `Waker` for it are gone (detached tasks are freed
//! as soon as they finish). docs/async.md has the measured bytes per task.
//!
//! # Threads
//! Every thread has its own executor: tasks spawned on a thread are polled only by that thread,
//! which is why futures need not be `Send`. On wasm32 without the `atomics` target feature there is
//! exactly one thread and the executor is a plain static with no atomic operation anywhere. With
//! `std` on other targets the executor is thread-local; its `Waker`s are still `Send + Sync` as
//! the `Waker` contract requires: one used on another thread never touches the task, it posts the
//! clone/wake/drop to the owning thread's mailbox, which that thread applies (and `block_on` parks
//! for). The fast path stays free of atomics; SAFETY.md has the argument. Without `std` on a
//! target with threads this module is not available.
//!
//! # Panics
//! Where panics unwind (native targets with `std`), a panic inside a task is caught, the task is
//! dropped, the other tasks keep running, and the panic is reported by the task's `JoinHandle` as a
//! [`JoinError`]. On wasm32 panics abort (`panic = "abort"` is the only strategy stable Rust
//! offers there): the instance traps with `unreachable`, the host sees a `RuntimeError`, and the
//! instance must not be called again.
//!
//! # Host effects
//! [`resolve`] is how the host's answer re-enters the module: the export that calls it carries the
//! `host_call` effect (`js_call` when the host is JavaScript). The executor itself performs no
//! effect.

mod combinators;
mod executor;
mod host;
mod join_handle;
mod promise;
mod raw;
mod waker;

// One executor per thread. wasm32 without `atomics` has a single thread: a plain static. Elsewhere
// (`std` required) a thread-local, plus a mailbox for wakers used on other threads.
#[cfg_attr(all(target_family = "wasm", not(target_feature = "atomics")), path = "single.rs")]
#[cfg_attr(not(all(target_family = "wasm", not(target_feature = "atomics"))), path = "threaded.rs")]
mod platform;

use core::fmt;
use core::future::Future;

pub use combinators::{Either, YieldNow, join, select, yield_now};
pub use host::{HostWait, TokenError, resolve};
pub use join_handle::{JoinError, JoinHandle};
pub use promise::{JsFuture, Promise, spawn_promise, spawn_promise_result};
#[doc(hidden)]
pub use promise::Exported;

/// Queues `future` as a new task on this thread's executor and returns a handle to its output.
///
/// The task first runs when the executor next runs ([`block_on`], [`tick`] or
/// [`run_until_stalled`]), after the tasks already queued. Dropping the [`JoinHandle`] detaches
/// the task: it still runs to completion and is then freed.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    platform::with(|e| e.spawn(future))
}

/// `spawn` of a detached task whose first poll runs now (see [`executor::Executor::spawn_polled`]).
fn spawn_polled<F: Future<Output = ()> + 'static>(future: F) -> bool {
    platform::with(|e| e.spawn_polled(future))
}

/// Tasks in this thread's run queue.
fn queued() -> usize {
    platform::with(|e| e.queued())
}

/// Runs `future` to completion on this thread, running queued tasks while it waits.
///
/// Tasks and `future` take turns in FIFO order. When no task is runnable and `future` has not been
/// woken, nothing inside the module can ever make progress again:
/// * on wasm32 (one thread) `block_on` then returns [`BlockOnError::Stalled`] at once (and drops
///   `future`); a host answer can only arrive after the export returns, so code that waits on the
///   host uses [`spawn`] and lets the host drive the loop with [`run_until_stalled`];
/// * with threads, `block_on` parks the thread while some waker of this executor may be held
///   elsewhere (another thread can wake it) and returns `Stalled` when none is, for example when
///   `future` never registered its waker at all.
///
/// Calling `block_on` from inside a task or another `block_on` returns [`BlockOnError::Nested`].
/// A panic in `future` itself propagates to the caller.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, BlockOnError> {
    platform::with(|e| e.block_on(future))
}

/// Polls the task at the head of the queue once. Returns whether a task was polled.
///
/// For hosts that run the loop themselves, a step at a time (e.g. to bound the work done per
/// frame). Inside a running executor (a task calling it) it does nothing and returns `false`.
pub fn tick() -> bool {
    platform::with(|e| e.tick())
}

/// Polls tasks until none is runnable, and returns how many polls it made.
///
/// The call an export makes after [`resolve`], or at the end of any entry point that spawned work.
/// It never waits: tasks blocked on the host stay queued for the host's next call. A task that
/// keeps waking itself keeps this loop busy; bound it with [`tick`] if the host needs to. Inside a
/// running executor it does nothing and returns 0 (the running loop picks up the woken tasks).
pub fn run_until_stalled() -> usize {
    platform::with(|e| e.run_until_stalled())
}

/// Number of tasks on this thread that have been spawned and have not finished yet (waiting,
/// queued or running). A host can poll it to know whether work is still outstanding.
pub fn live_tasks() -> usize {
    platform::with(|e| e.live_tasks())
}

/// Why [`block_on`] returned without the future's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockOnError {
    /// No task was runnable, the future had not been woken, and no wake could arrive: it would
    /// have waited forever. The future was dropped.
    Stalled,
    /// `block_on` was called while this thread's executor was already running (from inside a
    /// task or another `block_on`), where it could not make progress without re-entering a task
    /// that is being polled. The future was dropped without being polled.
    Nested,
}

impl fmt::Display for BlockOnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BlockOnError::Stalled => "block_on stalled: the future can never be woken",
            BlockOnError::Nested => "block_on called while the executor is already running",
        })
    }
}

impl core::error::Error for BlockOnError {}
