//! The process's helper threads: started on first need, kept for later scopes, so a scope costs
//! no thread start (an empty scope touches none of this).
//!
//! A scope that has tasks asks for helpers with [`request`]; a free worker takes the request and
//! runs [`Help::help`] (the scope's queue) until that scope closes, then waits for the next one.
//! A worker is started only when no idle one can take a request, up to [`MAX_WORKERS`]; a
//! request no worker takes stays pending until the scope withdraws it: the scope's own thread
//! runs every task the helpers do not.

use alloc::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Work a helper can do for a scope.
pub(super) trait Help: Sync {
    /// Runs the scope's tasks until it closes, then reports this helper gone: after that report
    /// the helper never touches the scope again.
    fn help(&self);
}

/// At most this many helper threads in the process, however many scopes run at once (nested
/// scopes included): beyond it, scopes run with the helpers they got.
pub(super) const MAX_WORKERS: usize = 64;

/// A scope waiting for a helper, its lifetime erased (see [`request`]).
struct Request(*const (dyn Help + 'static));

// SAFETY: `Help: Sync`, so the scope behind the pointer may be used from any thread; [`request`]'s
// contract keeps it alive until the request is taken and done, or withdrawn.
unsafe impl Send for Request {}

struct State {
    requests: VecDeque<Request>,
    /// Workers blocked waiting for a request.
    idle: usize,
    workers: usize,
}

static STATE: Mutex<State> = Mutex::new(State { requests: VecDeque::new(), idle: 0, workers: 0 });
static WAKE: Condvar = Condvar::new();

/// Poison is ignored: no code here panics while holding the lock except on allocation failure.
fn lock() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Asks for one helper for `scope`, starting a worker if none is idle.
///
/// # Safety
/// `scope` stays valid until this request is withdrawn ([`withdraw`] counts it) or the helper
/// that took it has returned from [`Help::help`].
pub(super) unsafe fn request(scope: &dyn Help) {
    let short: *const (dyn Help + '_) = scope;
    // SAFETY: only the lifetime changes (same fat pointer layout); the caller keeps `scope` alive
    // for as long as the pointer can be used.
    let ptr = unsafe { core::mem::transmute::<*const (dyn Help + '_), *const (dyn Help + 'static)>(short) };
    let mut state = lock();
    state.requests.push_back(Request(ptr));
    if state.requests.len() <= state.idle {
        drop(state);
        WAKE.notify_one();
    } else if state.workers < MAX_WORKERS {
        state.workers += 1;
        let n = state.workers;
        drop(state);
        let started = std::thread::Builder::new().name(alloc::format!("wasm-scope-{n}")).spawn(work);
        if started.is_err() {
            lock().workers -= 1; // the host refused a thread: the request waits for a busy worker
        }
    }
}

/// Takes back `scope`'s requests no worker has taken; returns how many.
pub(super) fn withdraw(scope: &dyn Help) -> usize {
    let me: *const dyn Help = scope;
    let mut state = lock();
    let before = state.requests.len();
    state.requests.retain(|r| !core::ptr::addr_eq(r.0, me));
    before - state.requests.len()
}

/// A worker: runs requests, blocks (no spinning) while there are none, never exits.
fn work() {
    let mut state = lock();
    loop {
        if let Some(Request(scope)) = state.requests.pop_front() {
            drop(state);
            // SAFETY: taken, so not withdrawn: `request`'s contract keeps the scope alive until
            // `help` returns.
            unsafe { (*scope).help() };
            state = lock();
            continue;
        }
        state.idle += 1;
        state = WAKE.wait(state).unwrap_or_else(PoisonError::into_inner);
        state.idle -= 1;
    }
}
