//! `wasm::task` behaviour that exists only natively: caught panics, and wakers used on other
//! threads (the `Waker: Send + Sync` contract) against the thread-local executor.

#[path = "task_counting_alloc.rs"]
mod counting_alloc;

use std::future::poll_fn;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

use wasm::task::{self, BlockOnError, yield_now};

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

#[test]
fn a_panicking_task_is_reported_on_its_handle_and_others_keep_running() {
    let n = std::hint::black_box(7);
    let bad = task::spawn(async move {
        yield_now().await;
        panic!("boom {n}");
    });
    let good = task::spawn(async {
        yield_now().await;
        yield_now().await;
        5
    });
    // bad: 2 polls (the second panics); good: 3.
    assert_eq!(task::run_until_stalled(), 5);
    let err = task::block_on(bad).unwrap().unwrap_err();
    assert!(err.is_panic() && !err.is_cancelled());
    assert_eq!(err.panic_message(), Some("boom 7"));
    assert_eq!(err.to_string(), "task panicked: boom 7");
    let payload = err.try_into_panic().unwrap();
    assert_eq!(payload.downcast_ref::<String>().map(String::as_str), Some("boom 7"));
    assert_eq!(task::block_on(good).unwrap().unwrap(), 5);
    assert_eq!(task::live_tasks(), 0);
}

#[test]
fn a_panic_in_block_on_s_own_future_propagates_and_the_executor_recovers() {
    let caught = std::panic::catch_unwind(|| task::block_on(async { panic!("main") }));
    assert!(caught.is_err());
    assert_eq!(task::block_on(async { 1 }), Ok(1));
}

/// A future that hands its waker to another thread once and finishes when that thread says so.
fn woken_from(
    thread_side: impl FnOnce(Waker, Arc<AtomicBool>) + Send + 'static,
) -> impl Future<Output = ()> {
    let done = Arc::new(AtomicBool::new(false));
    let mut thread_side = Some(thread_side);
    poll_fn(move |cx| {
        if done.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        if let Some(f) = thread_side.take() {
            let (waker, done) = (cx.waker().clone(), done.clone());
            thread::spawn(move || f(waker, done));
        }
        Poll::Pending
    })
}

fn wake_later(waker: Waker, done: Arc<AtomicBool>) {
    thread::sleep(Duration::from_millis(20));
    done.store(true, Ordering::Release);
    waker.wake();
}

#[test]
fn block_on_parks_until_another_thread_wakes_its_future() {
    assert_eq!(task::block_on(woken_from(wake_later)), Ok(()));
}

#[test]
fn block_on_parks_until_another_thread_wakes_a_task() {
    let handle = task::spawn(woken_from(wake_later));
    assert!(matches!(task::block_on(handle), Ok(Ok(()))));
    assert_eq!(task::live_tasks(), 0);
}

#[test]
fn block_on_stalls_when_the_other_thread_drops_the_waker_unused() {
    let drop_later = |waker: Waker, _done| {
        thread::sleep(Duration::from_millis(20));
        drop(waker);
    };
    assert_eq!(task::block_on(woken_from(drop_later)), Err(BlockOnError::Stalled));
    let handle = task::spawn(woken_from(drop_later));
    assert!(matches!(task::block_on(handle), Err(BlockOnError::Stalled)));
}

/// A task whose waker goes to the worker threads: they clone it, wake a clone early (a spurious
/// wake), set `done`, wake another clone, and drop the original.
fn thread_woken_task(
    i: usize,
    to_workers: &mpsc::Sender<(Waker, Arc<AtomicBool>)>,
) -> impl Future<Output = u8> + 'static {
    let to_workers = to_workers.clone();
    // 4 KiB each: makes the task's allocation a size nothing else here has.
    let ballast = [i as u8; 4096];
    let done = Arc::new(AtomicBool::new(false));
    let mut sent = false;
    poll_fn(move |cx| {
        if done.load(Ordering::Acquire) {
            return Poll::Ready(ballast[0]);
        }
        if !sent {
            sent = true;
            to_workers.send((cx.waker().clone(), done.clone())).unwrap();
        }
        Poll::Pending
    })
}

#[test]
fn wakers_cloned_woken_and_dropped_on_other_threads_free_every_task() {
    const TASKS: usize = 2000;
    let (tx, rx) = mpsc::channel::<(Waker, Arc<AtomicBool>)>();
    let rx = Arc::new(Mutex::new(rx));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let rx = rx.clone();
            thread::spawn(move || {
                while let Ok((waker, done)) = rx.lock().unwrap().recv() {
                    let clone = waker.clone();
                    let spurious = clone.clone();
                    spurious.wake_by_ref();
                    drop(spurious);
                    done.store(true, Ordering::Release);
                    clone.wake();
                    drop(waker);
                }
            })
        })
        .collect();
    // The size of one such task's allocation, from a probe spawned while nothing else runs.
    task::live_tasks();
    let probe = thread_woken_task(0, &tx);
    let before = counting_alloc::live_bytes();
    let probe = task::spawn(probe);
    let task_size = (counting_alloc::live_bytes() - before) as usize;
    counting_alloc::watch_size(task_size);
    let handles: Vec<_> = (0..TASKS).map(|i| task::spawn(thread_woken_task(i, &tx))).collect();
    assert_eq!(counting_alloc::watched_live(), TASKS as isize);
    drop(tx);
    let outputs = task::block_on(async {
        let mut outputs = Vec::with_capacity(TASKS);
        for handle in handles {
            outputs.push(handle.await.unwrap());
        }
        outputs
    })
    .unwrap();
    assert!(outputs.iter().enumerate().all(|(i, &o)| o == i as u8));
    assert!(matches!(task::block_on(probe), Ok(Ok(0))));
    for worker in workers {
        worker.join().unwrap();
    }
    // The workers' last drops may arrive after the tasks finished; applying them frees the tasks.
    task::run_until_stalled();
    assert_eq!(task::live_tasks(), 0);
    // The probe was allocated before the watch started; every watched task has been freed.
    assert_eq!(counting_alloc::watched_live(), -1);
}

#[test]
fn wakers_outliving_their_thread_are_harmless() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let waiting = task::spawn(poll_fn(move |cx| {
            tx.send(cx.waker().clone()).unwrap();
            Poll::<()>::Pending
        }));
        // A task left waiting on the host: its waker sits in the executor's slot table.
        let on_host = task::spawn(async { task::HostWait::new().await });
        task::run_until_stalled();
        drop((waiting, on_host));
    })
    .join()
    .unwrap();
    // The executor that owned the task is gone; its wakers post to a mailbox nobody reads.
    let waker = rx.recv().unwrap();
    waker.wake_by_ref();
    let clone = waker.clone();
    drop(waker);
    clone.wake();
}
