//! The native backends of `wasm`'s unsafe code, sized for Miri (`.ci/miri` runs this with the
//! library's unit tests and `miri_global.rs`): `thread::scope` with `SharedSlice` chunks and
//! atomic cells on real threads, the task executor's scenarios, and the executor's cross-thread
//! waker tests. Compiled only under Miri: natively the same code runs, bigger, in `tests/`
//! (wasm-tests).
#![cfg(miri)]

extern crate alloc;

use std::sync::atomic::Ordering::Relaxed;

use wasm::SharedSlice;
use wasm::thread::Builder;

/// A scope on two threads (Miri reports one CPU, which would run tasks sequentially).
const TWO: Builder = Builder::new().threads(2);

// The executor's native tests, whole: panics caught per task, wakers sent to other threads. They
// make their counting allocator (over `System`) this binary's global allocator.
#[path = "../../../tests/task_threads.rs"]
mod task_threads;

#[path = "../../../tests/fixtures/crates/task/src/scenarios.rs"]
#[allow(dead_code)] // the million-task scenarios are too long for Miri
mod scenarios;

#[test]
fn scoped_tasks_write_disjoint_chunks_and_share_atomic_cells() {
    let mut v: Vec<u32> = (0..64).collect();
    let mut shared = SharedSlice::new(&mut v);
    let r = TWO.scope(|s| {
        for chunk in shared.chunks_mut(16) {
            s.spawn(|| chunk.iter_mut().for_each(|x| *x = x.wrapping_mul(*x)));
        }
        "body"
    });
    assert_eq!(r.unwrap(), "body");
    assert!(v.iter().enumerate().all(|(i, &x)| x == (i * i) as u32));

    let mut bins = [0u32; 4];
    let mut hist = SharedSlice::new(&mut bins);
    let cells = hist.atomic();
    let input: Vec<u32> = (0..48).map(|i| i % 4).collect();
    TWO.scope(|s| {
        for chunk in input.chunks(12) {
            s.spawn(|| chunk.iter().for_each(|&b| {
                cells.fetch_add(b as usize, 1, Relaxed);
            }));
        }
    })
    .unwrap();
    assert_eq!(bins, [12; 4]);
}

#[test]
fn a_panicking_scoped_task_is_reported_and_the_rest_join() {
    let mut data = [1u64; 8];
    let mut shared = SharedSlice::new(&mut data);
    let r = TWO.scope(|s| {
        for (i, chunk) in shared.chunks_mut(2).enumerate() {
            s.spawn(move || {
                assert!(i != 2, "task {i} fails");
                chunk.iter_mut().for_each(|x| *x += 1);
            });
        }
    });
    let err = r.unwrap_err();
    assert!(err.is_panic() && err.failed_tasks() == 1, "{err}");
    assert_eq!(data.iter().filter(|&&x| x == 2).count(), 6, "every other task ran to the end");
}

#[test]
fn executor_scenarios_leave_no_task_behind() {
    for (name, run) in scenarios::ALL {
        let log = run();
        assert!(log.ends_with("live=0"), "{name}: {log}");
    }
}
