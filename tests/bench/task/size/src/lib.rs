//! One workload, one executor per build, to measure each executor's code bytes in wasm: `run(n)`
//! spawns `n` detached tasks that yield once and add to a sum, runs them, returns the sum. The
//! `none` build keeps the same futures and allocations but polls each once by hand, so
//! `size(executor) - size(none)` is what the executor itself adds.
use std::cell::Cell;
use std::rc::Rc;
#[cfg(feature = "none")]
use std::{future::Future, task::Context};

#[path = "../../yield_once.rs"]
mod yield_once;
use yield_once::Yield;

async fn worker(i: u32, sum: Rc<Cell<u32>>) {
    Yield(false).await;
    sum.set(sum.get().wrapping_add(i));
}

#[cfg(feature = "none")]
fn run_all(n: u32, sum: &Rc<Cell<u32>>) {
    for i in 0..n {
        let mut future = Box::pin(worker(i, sum.clone()));
        let _ = future.as_mut().poll(&mut Context::from_waker(core::task::Waker::noop()));
    }
}

#[cfg(feature = "wasm-task")]
fn run_all(n: u32, sum: &Rc<Cell<u32>>) {
    for i in 0..n {
        drop(wasm::task::spawn(worker(i, sum.clone())));
    }
    wasm::task::run_until_stalled();
}

/// The whole public surface in use: handles awaited in `block_on`, `join`, `select`.
#[cfg(feature = "wasm-task-full")]
fn run_all(n: u32, sum: &Rc<Cell<u32>>) {
    use wasm::task;
    let handles: Vec<_> = (0..n).map(|i| task::spawn(worker(i, sum.clone()))).collect();
    let _ = task::block_on(async {
        for handle in handles {
            let _ = handle.await;
        }
        let _ =
            task::join(task::yield_now(), task::select(task::yield_now(), task::yield_now())).await;
    });
    task::tick();
}

#[cfg(feature = "local-pool")]
fn run_all(n: u32, sum: &Rc<Cell<u32>>) {
    use futures::task::LocalSpawnExt;
    let mut pool = futures::executor::LocalPool::new();
    let spawner = pool.spawner();
    for i in 0..n {
        let _ = spawner.spawn_local(worker(i, sum.clone()));
    }
    pool.run_until_stalled();
}

#[cfg(feature = "async-task")]
mod minimal {
    use core::cell::RefCell;
    use std::collections::VecDeque;

    pub struct Queue(pub RefCell<VecDeque<async_task::Runnable>>);
    // SAFETY: wasm32 without atomics has one thread.
    unsafe impl Sync for Queue {}
    pub static QUEUE: Queue = Queue(RefCell::new(VecDeque::new()));
}

#[cfg(feature = "async-task")]
fn run_all(n: u32, sum: &Rc<Cell<u32>>) {
    use minimal::QUEUE;
    let schedule = |runnable| QUEUE.0.borrow_mut().push_back(runnable);
    for i in 0..n {
        // SAFETY: one thread; the future is 'static.
        let (runnable, task) =
            unsafe { async_task::spawn_unchecked(worker(i, sum.clone()), schedule) };
        runnable.schedule();
        task.detach();
    }
    loop {
        let next = QUEUE.0.borrow_mut().pop_front();
        match next {
            Some(runnable) => {
                runnable.run();
            }
            None => break,
        }
    }
}

#[cfg(not(any(
    feature = "none",
    feature = "wasm-task",
    feature = "wasm-task-full",
    feature = "local-pool",
    feature = "async-task"
)))]
compile_error!(
    "build with exactly one feature: none, wasm-task, wasm-task-full, local-pool, async-task"
);

#[unsafe(no_mangle)]
pub extern "C" fn run(n: u32) -> u32 {
    let sum = Rc::new(Cell::new(0));
    run_all(n, &sum);
    sum.get()
}
