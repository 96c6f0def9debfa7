//! The scope: a task queue drained by a bounded set of threads (or by the caller alone).

use alloc::collections::VecDeque;
use alloc::string::String;
use core::marker::PhantomData;
use core::mem::{self, ManuallyDrop};
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::error::{ScopeError, TaskFailure, TaskOutput};
use super::lock::Lock;
use super::task::Task;

struct State<'scope> {
    /// `ManuallyDrop` keeps `'scope` out of the scope's drop glue, so the scope can be dropped
    /// after the borrows handed to tasks end; `finish` empties it while `'scope` is live.
    queue: ManuallyDrop<VecDeque<(u64, Task<'scope>)>>,
    next_seq: u64,
    /// Tasks taken from the queue and not yet finished.
    running: usize,
    /// The body returned: threads exit once nothing is queued or running.
    closed: bool,
    /// Threads blocked waiting for work.
    idle: usize,
    failed: usize,
    /// Spawn number and failure of the earliest-spawned failed task.
    first_failure: Option<(u64, TaskFailure)>,
}

/// The cancellation flag of a scope, which tasks poll to stop early.
///
/// Get it with [`Scope::token`]; it is used by reference, so a non-`move` task closure can
/// capture it.
#[derive(Debug, Default)]
pub struct CancelToken {
    cancelled: AtomicBool,
}

impl CancelToken {
    /// `true` once the scope is cancelled (by [`Scope::cancel`] or by a failed task).
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Cancels the scope; see [`Scope::cancel`].
    #[inline]
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

/// Spawns tasks that may borrow from outside the scope; see [`scope`](super::scope).
///
/// `'scope` is the lifetime of the scope itself: tasks may borrow anything that outlives it.
/// `'env` is the lifetime of what the scope borrows from its caller. Both are invariant, as in
/// `std::thread::Scope`, so a task can never borrow something that dies before it runs.
pub struct Scope<'scope, 'env: 'scope> {
    state: Lock<State<'scope>>,
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    wake: std::sync::Condvar,
    token: CancelToken,
    threads: usize,
    /// Helpers asked of the pool and not gone yet (pending requests included): the scope cannot
    /// end while one may still reach it.
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    helpers: AtomicUsize,
    /// Bumped by every spawn and by `close`: a helper that found the queue empty watches it for
    /// a moment before it sleeps. 0 after the body means nothing was spawned.
    events: AtomicUsize,
    _scope: PhantomData<&'scope mut &'scope ()>,
    _env: PhantomData<&'env mut &'env ()>,
}

impl<'scope, 'env> Scope<'scope, 'env> {
    pub(super) fn new(threads: usize) -> Self {
        Scope {
            state: Lock::new(State {
                queue: ManuallyDrop::new(VecDeque::new()),
                next_seq: 0,
                running: 0,
                closed: false,
                idle: 0,
                failed: 0,
                first_failure: None,
            }),
            #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
            wake: std::sync::Condvar::new(),
            token: CancelToken::default(),
            threads,
            #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
            helpers: AtomicUsize::new(0),
            events: AtomicUsize::new(0),
            _scope: PhantomData,
            _env: PhantomData,
        }
    }

    /// Queues a task; it runs before `scope` returns, on one of the scope's threads, unless the
    /// scope is cancelled first (then it is dropped without running).
    ///
    /// The task returns `()` or `Result<(), E: Display>`; an `Err` or a panic fails the scope
    /// (`scope` returns `Err(ScopeError)`) and cancels it. Tasks may spawn more tasks through
    /// the `&Scope` they capture.
    // Queuing takes the scope's lock (atomics of its own, not the caller's memory).
    #[crate::effect(spawn)]
    #[cfg_attr(wasm_lint, allow(wasm_lint::undeclared_effect, wasm_lint::unused_effect, wasm_lint::unknown_effect))]
    pub fn spawn<F, R>(&'scope self, task: F)
    where
        F: FnOnce() -> R + Send + 'scope,
        R: TaskOutput,
    {
        if self.is_cancelled() {
            return;
        }
        let task = Task::new(move || task().into_outcome());
        let mut state = self.state.lock();
        let seq = state.next_seq;
        state.next_seq += 1;
        state.queue.push_back((seq, task));
        let wake = state.idle > 0;
        drop(state);
        self.events.fetch_add(1, Ordering::Release);
        if wake {
            self.notify_one();
        }
        self.ask_for_helper();
    }

    /// Asks the pool for one more helper while the scope has fewer than `threads - 1`: helpers
    /// stay until the scope closes, so this asks at most that many times per scope.
    #[inline]
    fn ask_for_helper(&self) {
        #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
        // A plain load first (every spawn comes here); then a CAS, since tasks spawn too.
        if self.helpers.load(Ordering::Relaxed) + 1 < self.threads
            && self
                .helpers
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| (n + 1 < self.threads).then_some(n + 1))
                .is_ok()
        {
            // SAFETY: `release_helpers`, which `run_body` calls before the scope is dropped (on
            // every path: the body's panic is caught first), withdraws the pending requests and
            // waits until every helper that took one has left `help`.
            unsafe { super::pool::request(self) };
        }
    }

    /// `true` if nothing was ever spawned (then there is nothing to run, wait for or report).
    #[inline]
    pub(super) fn untouched(&self) -> bool {
        self.events.load(Ordering::Acquire) == 0
    }

    /// Waits until no helper can reach the scope any more: pending requests are taken back,
    /// helpers that took one leave once the scope is closed and drained (`work` returned).
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    pub(super) fn release_helpers(&self) {
        if self.helpers.load(Ordering::Acquire) == 0 {
            return; // never asked for one (counted before asking), so none pending or attached
        }
        let withdrawn = super::pool::withdraw(self);
        self.helpers.fetch_sub(withdrawn, Ordering::Relaxed);
        // Helpers still attached saw (or will see at once) a closed, drained scope: a short wait.
        while self.helpers.load(Ordering::Acquire) != 0 {
            std::thread::yield_now();
        }
    }

    /// Cancels the scope: tasks not yet started are dropped without running, tasks spawned from
    /// now on are dropped at once, and running tasks see [`CancelToken::is_cancelled`] and may
    /// stop early. `scope` still waits for every running task and returns the body's value.
    #[inline]
    pub fn cancel(&self) {
        self.token.cancel();
    }

    /// `true` once the scope is cancelled.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }

    /// The scope's cancellation token, for tasks to poll.
    #[inline]
    pub fn token(&'scope self) -> &'scope CancelToken {
        &self.token
    }

    /// How many threads run this scope's tasks (the caller's included); 1 means sequential.
    #[inline]
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Marks the body as returned and wakes idle threads so they can exit when work runs out.
    pub(super) fn close(&self) {
        let mut state = self.state.lock();
        state.closed = true;
        let wake = state.idle > 0;
        drop(state);
        self.events.fetch_add(1, Ordering::Release);
        if wake {
            self.notify_all();
        }
    }

    /// Runs queued tasks until the body has returned and no task is queued or running.
    // `spun` only matters where helpers exist.
    #[cfg_attr(
        not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))),
        allow(unused_variables, unused_assignments)
    )]
    pub(super) fn work(&self) {
        let mut state = self.state.lock();
        let mut spun = false;
        // Tasks are claimed in batches of up to half the queue (so as many stay for the other
        // threads), at most `BATCH`: one lock round trip per batch, not per task.
        let mut batch = alloc::vec::Vec::new();
        loop {
            if !state.queue.is_empty() {
                spun = false;
                let take = (state.queue.len() / 2).clamp(1, BATCH);
                batch.extend(state.queue.drain(..take));
                state.running += take;
                drop(state);
                let (mut failed, mut first) = (0, None);
                for (seq, task) in batch.drain(..) {
                    if let Err(failure) = run(task, self.is_cancelled()) {
                        self.cancel();
                        failed += 1;
                        first = first.or(Some((seq, failure))); // the batch is in spawn order
                    }
                }
                state = self.state.lock();
                state.running -= take;
                state.failed += failed;
                if let Some((seq, failure)) = first
                    && state.first_failure.as_ref().is_none_or(|(earliest, _)| seq < *earliest)
                {
                    state.first_failure = Some((seq, failure));
                }
                if state.closed && state.running == 0 && state.queue.is_empty() && state.idle > 0 {
                    self.notify_all();
                }
                continue;
            }
            if state.closed && state.running == 0 {
                return;
            }
            #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
            {
                // While the body runs, the next task is usually a spawn away: waiting a moment
                // for it costs less than being woken (a syscall on each side per task).
                if !state.closed && !spun {
                    spun = true;
                    let seen = self.events.load(Ordering::Acquire);
                    drop(state);
                    for _ in 0..SPINS {
                        if self.events.load(Ordering::Acquire) != seen {
                            break;
                        }
                        core::hint::spin_loop();
                    }
                    state = self.state.lock();
                    continue;
                }
                spun = false;
                state.idle += 1;
                state = Lock::wait(&self.wake, state);
                state.idle -= 1;
            }
            #[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
            // Without threads the only runner is the caller, after `close`: nothing is running
            // and nothing can be queued while it waits, so this is not reached.
            return;
        }
    }

    /// Empties the queue (tasks dropped unrun if the body unwound) and reports failures.
    pub(super) fn finish(&self) -> Result<(), ScopeError> {
        let mut state = self.state.lock();
        let leftover = mem::take(&mut *state.queue);
        let failed = state.failed;
        let first = state.first_failure.take();
        drop(state);
        drop(leftover);
        match first {
            None => Ok(()),
            Some((_, failure)) => Err(ScopeError::new(failed, failure)),
        }
    }

    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    fn notify_one(&self) {
        self.wake.notify_one();
    }

    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    fn notify_all(&self) {
        self.wake.notify_all();
    }

    #[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
    fn notify_one(&self) {}

    #[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
    fn notify_all(&self) {}
}

#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
impl super::pool::Help for Scope<'_, '_> {
    fn help(&self) {
        self.work();
        // The last touch of the scope: once the count is 0 its owner may free it.
        self.helpers.fetch_sub(1, Ordering::Release);
    }
}

impl core::fmt::Debug for Scope<'_, '_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Scope")
            .field("threads", &self.threads)
            .field("cancelled", &self.is_cancelled())
            .finish_non_exhaustive()
    }
}

/// The most tasks a thread claims at once.
const BATCH: usize = 32;

/// How long a helper watches for the next spawn before it sleeps (`spin_loop` hints: some
/// microseconds).
#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
const SPINS: u32 = 1 << 12;

/// Runs a task (or drops it if the scope is cancelled), turning a panic into a failure.
#[cfg(feature = "std")]
fn run(task: Task<'_>, cancelled: bool) -> Result<(), TaskFailure> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    // Dropping an unrun task runs its captures' destructors, which may panic too.
    let result = catch_unwind(AssertUnwindSafe(move || if cancelled { Ok(()) } else { task.run() }));
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(TaskFailure::Failed(message)),
        Err(payload) => Err(TaskFailure::Panicked(panic_message(payload.as_ref()))),
    }
}

/// Without `std` there is no unwinding to catch (wasm32 is `panic=abort`): a panic traps.
#[cfg(not(feature = "std"))]
fn run(task: Task<'_>, cancelled: bool) -> Result<(), TaskFailure> {
    if cancelled { Ok(()) } else { task.run().map_err(TaskFailure::Failed) }
}

#[cfg(feature = "std")]
fn panic_message(payload: &(dyn core::any::Any + Send)) -> String {
    use alloc::string::ToString;
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}
