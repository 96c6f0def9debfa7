//! Structured concurrency that also runs where the host has no threads.
//!
//! [`scope`] runs a body that spawns tasks; every task is finished (or cancelled) before `scope`
//! returns, so tasks may borrow local data, and a task's failure is never lost:
//!
//! ```
//! use wasm::SharedSlice;
//! use wasm::thread::scope;
//! use wasm::thread::ScopeError as Error; // or your own type with `From<ScopeError>`
//!
//! fn process(chunk: &[f32]) { assert!(chunk.len() <= 1000) }
//!
//! fn parallel_transform(data: SharedSlice<f32>) -> Result<(), Error> {
//!     scope(|s| {
//!         for chunk in data.chunks(1000) {
//!             s.spawn(|| process(chunk));   // lifetime tied to the scope
//!         }
//!     })?;                                  // every task joined here
//!     Ok(())
//! }
//! # parallel_transform(SharedSlice::new(&mut vec![0.0; 2500])).unwrap();
//! ```
//!
//! # Where tasks run
//!
//! - **Native targets with `std`**: on a bounded set of threads, at most
//!   [`available_parallelism`] (the caller's thread included). Spawning a task queues it; the
//!   scope's first spawns ask the process's helper threads, which are started on first need and
//!   kept for later scopes, to join in (an empty scope costs no thread at all). The caller's
//!   thread joins in once the body returns. A spawn is one atomic add and a store into the
//!   scope's lock-free task list (no allocation for closures of up to three words), and threads
//!   take tasks in runs, so tasks of a microsecond still spread over the threads; past 262,080
//!   spawns in one scope, tasks go to a locked queue.
//! - **wasm targets without threads** (`wasm32-unknown-unknown`, or no `std`): on the caller's
//!   thread, one after another in spawn order, after the body returns. Results are the same as
//!   with threads for any program whose tasks do not wait for each other (a task that spins
//!   until another task does something would wait forever, as on any one-thread executor).
//!
//! The choice is made once per process from [`crate::host::capabilities`], which is detected on
//! first use and cached; [`Builder::threads`] lowers it (e.g. 1 for sequential).
//!
//! # Failure and cancellation
//!
//! A task returns `()` or `Result<(), E: Display>`. If a task returns `Err` or panics, the scope
//! is cancelled and `scope` returns `Err(`[`ScopeError`]`)` once every running task has
//! finished; the error counts the failed tasks and keeps the first one in spawn order. With
//! `std` a panic is caught (it never aborts the process nor tears down other tasks); the default
//! panic hook still prints it.
//!
//! On `wasm32-unknown-unknown` Rust compiles with `panic=abort`: a panicking task traps the wasm
//! instance (the host sees a `RuntimeError: unreachable`), exactly as a panic anywhere else in
//! the module would. Nothing can be caught, so report recoverable failures by returning `Err`
//! from the task; that works the same on every target.
//!
//! [`Scope::cancel`] (or the [`CancelToken`] from [`Scope::token`]) drops every task that has
//! not started, and running tasks can poll [`CancelToken::is_cancelled`] to stop early.
//! Cancelling is not a failure: `scope` still returns the body's value.

mod error;
mod list;
mod lock;
#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
mod pool;
mod scope;
mod task;

use core::num::NonZeroUsize;

pub use error::{ScopeError, TaskFailure, TaskOutput};
pub use scope::{CancelToken, Scope};

/// How many tasks can run at the same time here: the number of threads the host offers (the
/// caller's included), 1 where there are none. Detected once, then cached.
#[inline]
pub fn available_parallelism() -> NonZeroUsize {
    crate::host::capabilities().parallelism
}

/// Runs `body` with a [`Scope`] to spawn tasks on, waits for every task, and returns the body's
/// value, or `Err` if a task failed. See the [module docs](self).
///
/// # Panics
///
/// If the body itself panics, its tasks are cancelled, running ones are waited for, and the
/// panic resumes.
#[crate::effect(spawn)]
pub fn scope<'env, F, T>(body: F) -> Result<T, ScopeError>
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    Builder::new().scope(body)
}

/// Configures a scope before running it: `Builder::new().threads(1).scope(|s| ..)`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Builder {
    threads: Option<NonZeroUsize>,
}

impl Builder {
    /// A scope with the default number of threads, [`available_parallelism`].
    pub const fn new() -> Self {
        Builder { threads: None }
    }

    /// Runs tasks on at most `threads` threads, the caller's included (0 counts as 1; 1 runs
    /// them sequentially on the caller's thread). Hosts without threads always use 1.
    pub const fn threads(mut self, threads: usize) -> Self {
        self.threads = NonZeroUsize::new(if threads == 0 { 1 } else { threads });
        self
    }

    /// Like [`scope`], with this configuration.
    // The scope's own locks and counters are atomics, but no memory of the caller's: callers are
    // charged with `spawn` only. Tasks run as boxed closures (unknown calls to the lints); their
    // effects are charged where the closures are made.
    #[crate::effect(spawn)]
    #[cfg_attr(wasm_lint, allow(wasm_lint::undeclared_effect, wasm_lint::unknown_effect))]
    pub fn scope<'env, F, T>(self, body: F) -> Result<T, ScopeError>
    where
        F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
    {
        let caps = crate::host::capabilities();
        let threads = match (caps.threads, self.threads) {
            (false, _) => 1,
            (true, Some(n)) => n.get(),
            (true, None) => caps.parallelism.get(),
        };
        let scope = Scope::new(threads);
        let value = run_body(&scope, threads, body);
        if !scope.untouched() {
            scope.finish()?;
        }
        Ok(value)
    }
}

/// Runs the body (its first spawns ask the process's pool for up to `threads - 1` helpers), then
/// helps until the queue is drained and waits for the helpers to leave.
#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
fn run_body<'scope, 'env, F, T>(scope: &'scope Scope<'scope, 'env>, _threads: usize, body: F) -> T
where
    F: FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
    let result = catch_unwind(AssertUnwindSafe(|| body(scope)));
    if !scope.untouched() {
        if result.is_err() {
            scope.cancel();
        }
        scope.close();
        scope.work();
        scope.release_helpers();
    }
    result.unwrap_or_else(|payload| resume_unwind(payload))
}

/// No threads: the caller runs the tasks after the body, in spawn order.
#[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
fn run_body<'scope, 'env, F, T>(scope: &'scope Scope<'scope, 'env>, _threads: usize, body: F) -> T
where
    F: FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    #[cfg(feature = "std")]
    {
        use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
        let result = catch_unwind(AssertUnwindSafe(|| body(scope)));
        if result.is_err() {
            scope.cancel();
        }
        scope.close();
        scope.work();
        result.unwrap_or_else(|payload| resume_unwind(payload))
    }
    #[cfg(not(feature = "std"))]
    {
        let value = body(scope);
        scope.close();
        scope.work();
        value
    }
}
