//! The scope: a task queue drained by a bounded set of threads (or by the caller alone).

use alloc::collections::VecDeque;
use core::marker::PhantomData;
use core::mem::{self, ManuallyDrop};
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::error::{ScopeError, TaskFailure, TaskOutput};
use super::list::{CAPACITY, TaskList};
use super::lock::Lock;
use super::task::Task;

/// What threads share under the lock: the rare paths (spawns past the list's capacity, failures).
struct State<'scope> {
    /// Tasks spawned past [`CAPACITY`], in spawn order. `ManuallyDrop` keeps `'scope` out of the
    /// scope's drop glue, so the scope can be dropped after the borrows handed to tasks end;
    /// `finish` empties it while `'scope` is live.
    overflow: ManuallyDrop<VecDeque<(u64, Task<'scope>)>>,
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
    /// Every spawn's position (its spawn number), and the tasks of the first [`CAPACITY`].
    list: TaskList,
    state: Lock<State<'scope>>,
    /// Tasks in `state.overflow`, so threads need not take the lock to see there are none.
    overflowed: AtomicUsize,
    /// Tasks run or dropped, counted by each thread when it runs out of work (so at most the
    /// true count): with `closed`, `finished == list.spawned()` means every task is done.
    finished: AtomicUsize,
    /// The body returned: threads leave once every spawned task is finished.
    closed: AtomicBool,
    /// Threads blocked (or about to block) on `wake`, which a spawn or the end must wake.
    sleepers: AtomicUsize,
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    wake: std::sync::Condvar,
    token: CancelToken,
    threads: usize,
    /// Helpers asked of the pool and not gone yet (pending requests included): the scope cannot
    /// end while one may still reach it.
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    helpers: AtomicUsize,
    _scope: PhantomData<&'scope mut &'scope ()>,
    _env: PhantomData<&'env mut &'env ()>,
}

impl<'scope, 'env> Scope<'scope, 'env> {
    pub(super) fn new(threads: usize) -> Self {
        Scope {
            list: TaskList::new(),
            state: Lock::new(State { overflow: ManuallyDrop::new(VecDeque::new()), failed: 0, first_failure: None }),
            overflowed: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            sleepers: AtomicUsize::new(0),
            #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
            wake: std::sync::Condvar::new(),
            token: CancelToken::default(),
            threads,
            #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
            helpers: AtomicUsize::new(0),
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
        let pos = self.list.reserve();
        if pos < CAPACITY {
            // SAFETY: `pos` was reserved just now by this call; every listed task is claimed and
            // run (or dropped) by `work` before the scope returns, while `'scope` is live.
            unsafe { self.list.publish(pos, task) };
        } else {
            self.state.lock().overflow.push_back((pos as u64, task));
            self.overflowed.fetch_add(1, Ordering::SeqCst);
        }
        // `SeqCst` after the reservation above: a thread going to sleep either sees the task or
        // is seen here (it announces itself in `sleepers` before it looks).
        if self.sleepers.load(Ordering::SeqCst) > 0 {
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
        self.list.spawned() == 0
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

    /// Marks the body as returned and wakes sleeping threads so they can leave when work runs out.
    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        if self.sleepers.load(Ordering::SeqCst) > 0 {
            self.notify_all();
        }
    }

    /// `true` once the body has returned and every spawned task is finished. `finished` is read
    /// before `spawned`: a task spawns only before it is counted finished, so if the two match,
    /// nothing was running when `finished` was read and nothing can spawn any more.
    fn done(&self) -> bool {
        self.closed.load(Ordering::SeqCst) && self.finished.load(Ordering::SeqCst) == self.list.spawned()
    }

    /// `true` if a task is queued (listed or in the overflow queue) and not yet claimed.
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    fn has_work(&self) -> bool {
        self.list.pending() || self.overflowed.load(Ordering::SeqCst) > 0
    }

    /// The next run of tasks to do: listed ones first, then one from the overflow queue.
    fn claim(&self) -> Option<Claimed<'scope>> {
        if let Some(range) = self.list.claim(BATCH) {
            return Some(Claimed::Listed(range));
        }
        if self.overflowed.load(Ordering::Acquire) > 0 {
            let mut state = self.state.lock();
            if let Some(entry) = state.overflow.pop_front() {
                self.overflowed.fetch_sub(1, Ordering::SeqCst);
                return Some(Claimed::Queued(entry));
            }
        }
        None
    }

    /// Runs one task (dropped unrun if the scope is cancelled) and records its failure.
    fn run_task(&self, seq: u64, task: Task<'scope>) {
        if let Err(failure) = run(task, self.is_cancelled()) {
            self.fail(seq, failure);
        }
    }

    /// Cancels the scope and records a task's failure (the earliest-spawned one is reported).
    #[cold]
    fn fail(&self, seq: u64, failure: TaskFailure) {
        self.cancel();
        let mut state = self.state.lock();
        state.failed += 1;
        if state.first_failure.as_ref().is_none_or(|(earliest, _)| seq < *earliest) {
            state.first_failure = Some((seq, failure));
        }
    }

    /// Runs a claimed run of listed tasks in order (each dropped unrun once the scope is
    /// cancelled) and records their failures. One `catch_unwind` covers the whole run: a task
    /// of a few hundred nanoseconds would otherwise pay for its own; after a panic the run goes
    /// on with the next task.
    fn run_listed(&self, range: core::ops::Range<usize>) {
        let mut next = range.start;
        while next < range.end {
            #[cfg(feature = "std")]
            let stopped = std::panic::catch_unwind(core::panic::AssertUnwindSafe(|| self.run_from(&mut next, range.end)))
                .unwrap_or_else(|payload| Err((next - 1, TaskFailure::Panicked(panic_message(payload.as_ref())))));
            // Without `std` a panic traps (wasm32 is `panic=abort`): nothing to catch.
            #[cfg(not(feature = "std"))]
            let stopped = self.run_from(&mut next, range.end);
            if let Err((pos, failure)) = stopped {
                self.fail(pos as u64, failure);
            }
        }
    }

    /// Runs listed tasks from `*next` up to `end`, advancing `*next` past each before it runs,
    /// until one returns an error (returned with its position).
    #[inline]
    fn run_from(&self, next: &mut usize, end: usize) -> Result<(), (usize, TaskFailure)> {
        while *next < end {
            let pos = *next;
            *next += 1;
            // SAFETY: claimed by this thread (`run_listed`'s range), taken once since `next`
            // moves past it first; listed tasks are `Task<'scope>` (`spawn`).
            let task = unsafe { self.list.take(pos) };
            if let Err(message) = run_or_drop(task, self.is_cancelled()) {
                return Err((pos, TaskFailure::Failed(message)));
            }
        }
        Ok(())
    }

    /// Runs tasks until the body has returned and every spawned task is finished.
    pub(super) fn work(&self) {
        // Tasks this thread finished and has not yet added to `finished`.
        let mut finished = 0;
        loop {
            match self.claim() {
                Some(Claimed::Listed(range)) => {
                    finished += range.len();
                    self.run_listed(range);
                    continue;
                }
                Some(Claimed::Queued((seq, task))) => {
                    finished += 1;
                    self.run_task(seq, task);
                    continue;
                }
                None => {}
            }
            if finished > 0 {
                self.finished.fetch_add(mem::take(&mut finished), Ordering::SeqCst);
            }
            if self.done() {
                // Whoever is asleep can leave too.
                if self.sleepers.load(Ordering::SeqCst) > 0 {
                    self.notify_all();
                }
                return;
            }
            #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
            {
                // While the body runs, the next task is usually a spawn away: watching for it a
                // moment costs less than being woken (a syscall on each side).
                if !self.closed.load(Ordering::Relaxed) {
                    for _ in 0..SPINS {
                        if self.has_work() || self.closed.load(Ordering::Relaxed) {
                            break;
                        }
                        core::hint::spin_loop();
                    }
                    if self.has_work() {
                        continue;
                    }
                }
                let state = self.state.lock();
                self.sleepers.fetch_add(1, Ordering::SeqCst);
                // Under the lock, which a waker takes before notifying: no wake-up is lost.
                let state = if self.has_work() || self.done() { state } else { Lock::wait(&self.wake, state) };
                self.sleepers.fetch_sub(1, Ordering::SeqCst);
                drop(state);
            }
            #[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
            // Without threads the only runner is the caller, after `close`: when it runs out of
            // work every task is finished, so this is not reached.
            return;
        }
    }

    /// Empties the queue (tasks dropped unrun if the body unwound) and reports failures.
    pub(super) fn finish(&self) -> Result<(), ScopeError> {
        let mut state = self.state.lock();
        let leftover = mem::take(&mut *state.overflow);
        let failed = state.failed;
        let first = state.first_failure.take();
        drop(state);
        drop(leftover);
        match first {
            None => Ok(()),
            Some((_, failure)) => Err(ScopeError::new(failed, failure)),
        }
    }

    /// Wakes a sleeping thread; the lock orders this after its last look for work.
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    fn notify_one(&self) {
        let _state = self.state.lock();
        self.wake.notify_one();
    }

    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    fn notify_all(&self) {
        let _state = self.state.lock();
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

/// A run of tasks one thread took.
enum Claimed<'scope> {
    Listed(core::ops::Range<usize>),
    Queued((u64, Task<'scope>)),
}

/// The most tasks a thread claims at once (a claim takes at most half of those pending, which
/// keeps the threads balanced). Large, so tasks of a few hundred nanoseconds spend little on
/// claims: on the memory-bound benchmark (16,384 tasks of 1,000 elements, 2 threads) 32 cost
/// 9% against two hand-split std threads, 128 about 2%, 256 to 1,024 within 1%.
const BATCH: usize = 512;

/// How long a helper watches for the next spawn before it sleeps (`spin_loop` hints: some
/// microseconds).
#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
const SPINS: u32 = 1 << 12;

/// Runs a task (or drops it if the scope is cancelled), turning a panic into a failure.
#[cfg(feature = "std")]
fn run(task: Task<'_>, cancelled: bool) -> Result<(), TaskFailure> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    // Dropping an unrun task runs its captures' destructors, which may panic too.
    let result = catch_unwind(AssertUnwindSafe(move || run_or_drop(task, cancelled)));
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(message)) => Err(TaskFailure::Failed(message)),
        Err(payload) => Err(TaskFailure::Panicked(panic_message(payload.as_ref()))),
    }
}

/// Without `std` there is no unwinding to catch (wasm32 is `panic=abort`): a panic traps.
#[cfg(not(feature = "std"))]
fn run(task: Task<'_>, cancelled: bool) -> Result<(), TaskFailure> {
    run_or_drop(task, cancelled).map_err(TaskFailure::Failed)
}

/// Runs a task, or drops it unrun if the scope is cancelled (the one step every path shares).
#[inline]
fn run_or_drop(task: Task<'_>, cancelled: bool) -> Result<(), alloc::string::String> {
    if cancelled {
        drop(task);
        Ok(())
    } else {
        task.run()
    }
}

#[cfg(feature = "std")]
fn panic_message(payload: &(dyn core::any::Any + Send)) -> alloc::string::String {
    use alloc::string::{String, ToString};
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}
