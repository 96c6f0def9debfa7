//! `wasm::thread::scope` on native threads and in Node: one program (`cases.rs`), the same
//! output; plus what only one side can show (real parallelism and caught panics natively,
//! sequential order and trapping panics on wasm32).

extern crate alloc;

#[path = "fixtures/crates/scope/src/cases.rs"]
mod cases;

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use wasm::thread::{Builder, TaskFailure, available_parallelism, scope};
use wasm_tests::{WasmBuild, repo_root, run_node};

/// Lines every build of `cases.rs` must print, computed here independently of the library.
fn expected_lines() -> Vec<String> {
    let total: u64 = (0..10_000u64).sum();
    let squares: u64 = (0..100_000u32).map(|x| x.wrapping_mul(x) as u64).sum();
    let mut bins = [0u32; 8];
    for i in 0..10_000u32 {
        bins[(i.wrapping_mul(2_654_435_761) >> 29) as usize] += 1;
    }
    let found = (0..50_000u32).position(|i| i.wrapping_mul(7919) % 100_003 == 4242).unwrap();
    vec![
        format!("seed: Ok(()) total={total}"),
        "seed with ScopeError: Ok(()) elements=10000".into(),
        format!("chunks_mut: Ok(\"body value\") sum={squares}"),
        format!("atomic histogram: Ok(()) {bins:?}"),
        format!("pod particles: Ok(()) ids={} x63=31.5 bytes={}", (0..64).sum::<u32>(), 64 * 20),
        "nested: Ok(()) tasks=40".into(),
        "task error: Err(\"task failed: chunk 3 is bad\")".into(),
        "cancel in body: Ok(true) ran=0".into(),
        "cancel in task: Ok(()) token_seen=true spawned_after_ran=false".into(),
        format!("search: Ok(()) found_at={found}"),
    ]
}

fn run_fixture(package: &str) -> String {
    let wasm = WasmBuild { package, ..Default::default() }.build();
    run_node(&repo_root().join("tests/e2e/scope.mjs"), &[wasm.as_os_str()])
}

#[test]
fn same_output_natively_and_in_node_with_and_without_std() {
    let native = cases::run_all();
    let expected = expected_lines();
    assert_eq!(native.lines().collect::<Vec<_>>(), expected, "native output");
    for package in ["scope", "scope-nostd"] {
        let out = run_fixture(package);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[..expected.len()], expected, "{package} in Node:\n{out}");
        let mut rest = lines[expected.len()..].to_vec();
        if package == "scope" {
            assert_eq!(rest.remove(2), "zero-cost: same_values=true", "{out}");
        }
        // No threads on wasm32-unknown-unknown: detected as such, tasks run in spawn order,
        // and a panicking task traps the instance (panic=abort) instead of returning.
        assert_eq!(
            rest,
            [
                "host: threads=false parallelism=1 available_parallelism=1",
                "order: 76543210",
                "panic: RuntimeError: unreachable",
            ],
            "{package} in Node:\n{out}"
        );
    }
}

/// Byte size of the body of each exported function, by export name.
fn export_body_sizes(wasm: &[u8]) -> std::collections::HashMap<String, usize> {
    use wasmparser::{ExternalKind, Parser, Payload};
    let (mut exports, mut bodies, mut imported) = (Vec::new(), Vec::new(), 0);
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.unwrap() {
            Payload::ImportSection(s) => imported = s.into_imports().count() as u32,
            Payload::ExportSection(s) => exports.extend(s.into_iter().map(Result::unwrap)),
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len()),
            _ => {}
        }
    }
    exports
        .into_iter()
        .filter(|e| e.kind == ExternalKind::Func)
        .map(|e| (e.name.to_string(), bodies[(e.index - imported) as usize]))
        .collect()
}

#[test]
fn shared_slice_chunks_cost_no_more_code_than_a_slice() {
    let wasm = std::fs::read(WasmBuild { package: "scope", ..Default::default() }.build()).unwrap();
    let sizes = export_body_sizes(&wasm);
    let (shared, slice) = (sizes["shared_scale"], sizes["slice_scale"]);
    assert!(shared <= slice, "SharedSlice loop: {shared} bytes, slice loop: {slice} bytes");
}

#[test]
fn one_thread_runs_tasks_in_spawn_order() {
    assert_eq!(cases::sequential_order(), (0..8).collect::<Vec<_>>());
}

#[test]
fn a_panicking_task_is_an_error_not_an_abort() {
    let err = cases::panic_in_task().unwrap_err();
    assert!(err.is_panic());
    assert_eq!(err.failed_tasks(), 1);
    assert_eq!(err.first(), &TaskFailure::Panicked("boom in task".into()));
    assert_eq!(err.to_string(), "task panicked: boom in task");
    // Never lost: one panic among many tasks always fails the scope, on any number of threads.
    for threads in [1, 2, 4] {
        let r = Builder::new().threads(threads).scope(|s| {
            for i in 0..500 {
                s.spawn(move || assert_ne!(i, 250, "task {i}"));
            }
        });
        let err = r.unwrap_err();
        assert!(err.is_panic() && err.to_string().contains("task 250"), "{err}");
    }
}

#[test]
fn a_panicking_body_cancels_waits_and_resumes() {
    // Sequential: the body's panic cancels every queued task before any runs.
    let ran = AtomicBool::new(false);
    let payload = std::panic::catch_unwind(|| {
        let _ = Builder::new().threads(1).scope(|s| {
            s.spawn(|| ran.store(true, SeqCst));
            panic!("body failed");
        });
    })
    .unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"body failed"));
    assert!(!ran.load(SeqCst));
    // Threads: a task already running is waited for before the panic resumes.
    let (started, finished) = (AtomicBool::new(false), AtomicBool::new(false));
    let payload = std::panic::catch_unwind(|| {
        let _ = Builder::new().threads(2).scope(|s| {
            s.spawn(|| {
                started.store(true, SeqCst);
                std::thread::sleep(Duration::from_millis(50));
                finished.store(true, SeqCst);
            });
            spin_until(|| started.load(SeqCst));
            panic!("body failed too");
        });
    })
    .unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"body failed too"));
    assert!(finished.load(SeqCst));
}

/// Spins until `done()` or 20 s pass (a bound so a broken scheduler fails instead of hanging);
/// returns whether `done()` became true.
fn spin_until(done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        std::hint::spin_loop();
    }
    true
}

/// Records the thread of each of `tasks` tasks after they meet at a rendezvous of `meet` tasks.
fn threads_used(builder: Builder, tasks: usize, meet: usize) -> (usize, HashSet<ThreadId>) {
    let arrived = AtomicUsize::new(0);
    let ids = Mutex::new(HashSet::new());
    let threads = builder
        .scope(|s| {
            for _ in 0..tasks {
                s.spawn(|| {
                    arrived.fetch_add(1, SeqCst);
                    spin_until(|| arrived.load(SeqCst) >= meet);
                    ids.lock().unwrap().insert(std::thread::current().id());
                });
            }
            s.threads()
        })
        .unwrap();
    (threads, ids.into_inner().unwrap())
}

#[test]
fn tasks_run_on_distinct_threads_when_cores_exist() {
    // Two tasks that wait for each other can only both finish waiting on two threads.
    let (threads, ids) = threads_used(Builder::new().threads(2), 2, 2);
    assert_eq!((threads, ids.len()), (2, 2), "{ids:?}");
    let cores = available_parallelism().get();
    let (threads, ids) = threads_used(Builder::new(), cores, cores);
    assert_eq!(threads, cores);
    assert_eq!(ids.len(), cores, "default scope on {cores} cores used {ids:?}");
    if cores >= 2 {
        assert!(ids.len() >= 2);
    }
}

#[test]
fn thread_count_is_bounded_not_one_per_task() {
    let cores = available_parallelism().get();
    let (threads, ids) = threads_used(Builder::new(), 2000, 0);
    assert_eq!(threads, cores);
    assert!(ids.len() <= cores, "2000 tasks ran on {} threads for {cores} cores", ids.len());
}

#[test]
fn cancel_stops_polling_tasks_and_drops_queued_ones() {
    let started = AtomicBool::new(false);
    let stopped_by_token = AtomicBool::new(false);
    let late_ran = AtomicBool::new(false);
    let r = Builder::new().threads(2).scope(|s| {
        let token = s.token();
        s.spawn(|| {
            started.store(true, SeqCst);
            stopped_by_token.store(spin_until(|| token.is_cancelled()), SeqCst);
        });
        spin_until(|| started.load(SeqCst));
        s.cancel();
        s.spawn(|| late_ran.store(true, SeqCst));
        "value"
    });
    assert_eq!(r, Ok("value"));
    assert!(stopped_by_token.load(SeqCst), "the running task did not see the cancellation");
    assert!(!late_ran.load(SeqCst));
}

#[test]
fn a_failed_task_cancels_the_others() {
    let started = AtomicBool::new(false);
    let saw_cancel = AtomicBool::new(false);
    let r = Builder::new().threads(2).scope(|s| {
        let token = s.token();
        s.spawn(|| {
            started.store(true, SeqCst);
            saw_cancel.store(spin_until(|| token.is_cancelled()), SeqCst);
        });
        spin_until(|| started.load(SeqCst));
        s.spawn(|| Err::<(), _>("disk full"));
    });
    assert_eq!(r.unwrap_err().to_string(), "task failed: disk full");
    assert!(saw_cancel.load(SeqCst));
}

#[test]
fn scope_error_converts_with_question_mark() {
    fn boxed() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        scope(|s| s.spawn(|| Err::<(), _>(std::fmt::Error)))?;
        Ok(())
    }
    assert_eq!(boxed().unwrap_err().to_string(), "task failed: an error occurred when formatting an argument");
}

/// More spawns than the lock-free task list holds (262,080): the rest go to the scope's locked
/// queue. Every task runs once, tasks spawned by tasks too, and the first failure reported is the
/// earliest spawned one, wherever it was queued.
#[test]
fn spawns_past_the_task_list_run_once_and_report_the_earliest_failure() {
    const TASKS: usize = 300_000;
    let ran: Vec<AtomicBool> = (0..TASKS + 1).map(|_| AtomicBool::new(false)).collect();
    let ran = &ran;
    let r = Builder::new().threads(2).scope(|s| {
        for i in 0..TASKS {
            s.spawn(move || {
                assert!(!ran[i].swap(true, SeqCst), "task {i} ran twice");
                if i == TASKS - 1 {
                    s.spawn(move || ran[TASKS].store(true, SeqCst));
                }
            });
        }
    });
    assert_eq!(r, Ok(()));
    assert!(ran.iter().all(|r| r.load(SeqCst)), "a task never ran");

    // On one thread, tasks run in spawn order across the list's end, and a failure cancels the
    // tasks after it.
    let next = AtomicUsize::new(0);
    let next = &next;
    let r = Builder::new().threads(1).scope(|s| {
        for i in 0..TASKS {
            s.spawn(move || {
                assert_eq!(next.fetch_add(1, SeqCst), i, "out of spawn order");
                if i == 270_000 || i == 280_000 { Err(format!("task {i}")) } else { Ok(()) }
            });
        }
    });
    let err = r.unwrap_err();
    assert_eq!((err.failed_tasks(), err.to_string().as_str()), (1, "task failed: task 270000"));
    assert_eq!(next.load(SeqCst), 270_001, "tasks after the failure were dropped unrun");
}

/// A run of tasks one thread claimed shares one `catch_unwind`: after a panic in the middle of a
/// run, the tasks after it are dropped unrun (the scope is cancelled), each capture dropped once,
/// and the task list's blocks, kept for the next scope, serve it cleanly (every task once).
#[test]
fn a_panic_mid_run_drops_the_rest_once_and_the_next_scope_reuses_clean_blocks() {
    struct Counted<'a>(&'a AtomicUsize);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.fetch_add(1, SeqCst);
        }
    }
    let (ran, dropped) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let (ran, dropped) = (&ran, &dropped);
    let r = Builder::new().threads(1).scope(|s| {
        for i in 0..10 {
            let guard = Counted(dropped);
            s.spawn(move || {
                let _guard = guard;
                ran.fetch_add(1, SeqCst);
                if i == 3 {
                    panic!("task {i}");
                }
            });
        }
    });
    assert_eq!(r.unwrap_err().to_string(), "task panicked: task 3");
    assert_eq!((ran.load(SeqCst), dropped.load(SeqCst)), (4, 10), "tasks 0-3 ran, all ten captures dropped once");
    for threads in [1, 2, 1, 2] {
        let hits: Vec<AtomicUsize> = (0..20_000).map(|_| AtomicUsize::new(0)).collect();
        let hits = &hits;
        Builder::new()
            .threads(threads)
            .scope(|s| {
                for i in 0..hits.len() {
                    s.spawn(move || {
                        hits[i].fetch_add(1, SeqCst);
                    });
                }
            })
            .unwrap();
        assert!(hits.iter().all(|h| h.load(SeqCst) == 1), "a task ran twice or never ({threads} threads)");
    }
}
