//! The same workload on three executors: `TASKS` tasks that each yield `YIELDS` times, spawned,
//! run to completion and freed. Every executor polls the same `Yield` future, so the difference
//! is the executor. Natively timed by `main.rs`, in Node by `poll.mjs` through `bench`.

use std::cell::RefCell;
use std::collections::VecDeque;
#[path = "../../yield_once.rs"]
mod yield_once;
use yield_once::Yield;

async fn worker(yields: u32, done: &'static std::thread::LocalKey<std::cell::Cell<u32>>) {
    for _ in 0..yields {
        Yield(false).await;
    }
    done.with(|d| d.set(d.get() + 1));
}

thread_local! {
    static DONE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn finished() -> u32 {
    DONE.with(|d| d.replace(0))
}

/// wasm::task: spawn (handles dropped: detached), then `run_until_stalled`.
pub fn wasm_task(tasks: u32, yields: u32) -> u32 {
    for _ in 0..tasks {
        drop(wasm::task::spawn(worker(yields, &DONE)));
    }
    wasm::task::run_until_stalled();
    finished()
}

/// futures' `LocalPool`: `spawn_local`, then `run`.
pub fn local_pool(tasks: u32, yields: u32) -> u32 {
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    for _ in 0..tasks {
        spawner.spawn_local(worker(yields, &DONE)).unwrap();
    }
    pool.run();
    finished()
}

thread_local! {
    static RUNNABLES: RefCell<VecDeque<async_task::Runnable>> = const { RefCell::new(VecDeque::new()) };
}

fn schedule(runnable: async_task::Runnable) {
    RUNNABLES.with(|q| q.borrow_mut().push_back(runnable));
}

fn run_runnables() {
    while let Some(runnable) = RUNNABLES.with(|q| q.borrow_mut().pop_front()) {
        runnable.run();
    }
}

/// The minimal executor async-task's docs describe: a FIFO of `Runnable`s, tasks from
/// `spawn_local` (which checks the thread on every poll and drop).
pub fn async_task_local(tasks: u32, yields: u32) -> u32 {
    for _ in 0..tasks {
        let (runnable, task) = async_task::spawn_local(worker(yields, &DONE), schedule);
        runnable.schedule();
        task.detach();
    }
    run_runnables();
    finished()
}

/// The same with `spawn_unchecked`: no thread checks, async-task's fastest path.
pub fn async_task_unchecked(tasks: u32, yields: u32) -> u32 {
    for _ in 0..tasks {
        // SAFETY: the future is 'static, and it and its runnable stay on this thread: the queue
        // is thread-local and drained here before returning.
        let (runnable, task) =
            unsafe { async_task::spawn_unchecked(worker(yields, &DONE), schedule) };
        runnable.schedule();
        task.detach();
    }
    run_runnables();
    finished()
}

/// An executor's name and its run of the workload (`tasks`, `yields`) -> tasks finished.
pub type Executor = (&'static str, fn(u32, u32) -> u32);

pub const EXECUTORS: &[Executor] = &[
    ("wasm::task", wasm_task),
    ("futures LocalPool", local_pool),
    ("async-task spawn_local", async_task_local),
    ("async-task spawn_unchecked", async_task_unchecked),
];

/// For Node: runs executor `which` once and returns how many tasks finished.
#[unsafe(no_mangle)]
pub extern "C" fn bench(which: u32, tasks: u32, yields: u32) -> u32 {
    (EXECUTORS[which as usize].1)(tasks, yields)
}

#[unsafe(no_mangle)]
pub extern "C" fn executor_count() -> u32 {
    EXECUTORS.len() as u32
}
