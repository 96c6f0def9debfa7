//! `wasm::task` natively and in Node: the same scenarios (tests/fixtures/crates/task/src/
//! scenarios.rs) run in both hosts and must produce the logs the executor's rules predict.
//! Thread and panic behaviour, which only exist natively, are in tests/task_threads.rs.

#[path = "task_counting_alloc.rs"]
mod counting_alloc;
#[path = "fixtures/crates/task/src/scenarios.rs"]
mod scenarios;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::OnceLock;

use wasm_tests::{build_wasm, repo_root, run_node};

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// What each scenario must log, derived from the executor's rules (see each scenario's doc).
const EXPECTED: &[(&str, &str)] = &[
    // Round-robin in spawn order; each task: 3 logging polls + 1 finishing poll.
    ("fifo", "a0 b0 c0 a1 b1 c1 a2 b2 c2 polls=12 live=0"),
    // The main future polls, then the round of tasks queued at that moment, and so on.
    ("interleave", r#"m0 x0 y0 m1 x1 y1 m2 -> Ok("main") live=0"#),
    // Children run after their parent yields; 30 + 1 + 4 + 9.
    ("nested", "p-start p-spawned c-start g c-got-g p-got-30 -> Ok(Ok(44)) live=0"),
    (
        "join_values",
        "before=(false, false) after=(true, true, true) detached=true \
         values=18446744073709551615 [1, 2, 3] text live=0",
    ),
    (
        "combinators",
        r#"join=(1, "two") select=Right(5) race=Left('a') handles=(2, 3) both_ready=Left(1) live=0"#,
    ),
    // tick 1 polls `forever` once, tick 2 cancels `never` unpolled, tick 3 finishes `done`; the
    // last poll cancels `forever`; aborting `done` after it finished changes nothing.
    (
        "abort",
        r#"ticks=[true, true, true] count=1 never_ran=true results=["cancelled", "cancelled", "9"] polls=1 idle_tick=false live=0"#,
    ),
    (
        "stall",
        "pending=Err(Stalled) stuck_task=Err(Stalled) host=Err(Stalled) after=Ok(7) \
         inside_task=(Err(Nested), 0, false) live=0",
    ),
    // Codes: 0 ok, 1 unknown, 2 stale.
    (
        "host_tokens",
        "waiting=2 first=0 polls=1 again=2 next_generation=1 zero=1 out_of_range=1 second=0 \
         reuse=(true, 2) values=[10, 20] live=0",
    ),
];

const MILLION: &str = "spawned=1000000 polls=2000000 sum=499999500000 live=0 leaked=0";

fn expected(name: &str) -> &'static str {
    EXPECTED
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no expectation for {name}"))
        .1
}

/// The fixture, built once per test run.
fn fixture() -> &'static PathBuf {
    static WASM: OnceLock<PathBuf> = OnceLock::new();
    WASM.get_or_init(|| build_wasm("task"))
}

fn node(mode: &str) -> String {
    let script = repo_root().join("tests/e2e/task.mjs");
    run_node(&script, &[fixture().as_os_str(), OsStr::new(mode)])
}

#[test]
fn scenarios_natively() {
    assert_eq!(scenarios::ALL.len(), EXPECTED.len());
    for (name, run) in scenarios::ALL {
        assert_eq!(run(), expected(name), "scenario {name}");
    }
}

#[test]
fn scenarios_in_node() {
    let out = node("scenarios");
    let logs: BTreeMap<&str, &str> =
        out.lines().map(|line| line.split_once('\t').expect("name<TAB>log")).collect();
    assert_eq!(logs.len(), EXPECTED.len(), "{out}");
    for (name, want) in EXPECTED {
        assert_eq!(logs.get(name), Some(want), "scenario {name} in Node");
    }
}

#[test]
fn million_tasks_natively_leave_heap_at_baseline() {
    assert_eq!(scenarios::million(counting_alloc::live_bytes), MILLION);
}

#[test]
fn million_tasks_in_node_leave_heap_at_baseline_and_memory_unchanged() {
    let out = node("million");
    let parts: Vec<&str> = out.trim().split(" | ").collect();
    assert_eq!(parts[..2], [MILLION, MILLION], "{out}");
    assert!(parts[2].starts_with("grew_pages=0 "), "second round grew linear memory: {out}");
}

/// `future/task` pairs from `scenarios::task_bytes`: (future size, heap bytes per task).
fn parse_task_bytes(out: &str) -> Vec<(isize, isize)> {
    out.split_whitespace()
        .map(|pair| {
            let (f, t) = pair.split_once('/').unwrap();
            (f.parse().unwrap(), t.parse().unwrap())
        })
        .collect()
}

/// The overhead per task is fixed: `header` bytes, plus at most 8 for the stage's tag and
/// alignment; a future smaller than the output slot (`slot`: the output `()` or the `JoinError`
/// a task stores when it finishes) takes the slot's size.
fn assert_fixed_overhead(out: &str, header: isize, slot: isize) {
    let sizes = parse_task_bytes(out);
    let [(small_future, small_task), (big_future, big_task)] = sizes[..] else { panic!("{out}") };
    assert!(small_task <= header + small_future.max(slot) + 8, "tiny task: {out}");
    let overhead = big_task - big_future;
    assert!((header..=header + 8).contains(&overhead), "overhead {overhead}: {out}");
}

#[test]
fn task_overhead_is_small_and_fixed_natively() {
    // Header natively: state + next + vtable + join waker (2 words) + home = 6 words; the output
    // slot is one word (a caught panic is boxed behind a thin pointer).
    let out = scenarios::task_bytes(counting_alloc::live_bytes);
    let word = size_of::<usize>() as isize;
    assert_eq!(size_of::<wasm::task::JoinError>() as isize, word);
    assert_fixed_overhead(&out, 6 * word, word);
}

#[test]
fn task_overhead_is_small_and_fixed_in_wasm() {
    // Header on wasm32: state + next + vtable + join waker (2 words) = 20 bytes; panics abort
    // there, so `JoinError` only says "cancelled" and takes no bytes.
    assert_fixed_overhead(node("bytes").trim(), 20, 0);
}

#[test]
fn panic_in_a_wasm_task_traps_the_instance() {
    // panic = "abort" on wasm32: documented in docs/async.md.
    assert_eq!(node("panic").trim(), "RuntimeError: unreachable");
}

#[test]
fn host_wakes_tasks_through_an_export_from_js_promises() {
    let out = node("host");
    let lines: Vec<&str> = out.lines().collect();
    // Five tasks and their summing task, all waiting after the first run and still after a
    // macrotask; every promise resolved a live token (code 0) and every task finished.
    assert_eq!(lines[0], "polls=6 waiting=6,6 codes=0,0,0,0,0 live_after=0", "{out}");
    // A spent token is stale (2); zero and a forged one are unknown (1).
    assert_eq!(lines[1], "again=2 zero=1 forged=1", "{out}");
    // JS settles the promises in reverse start order; each task continued inside the export call
    // its promise's callback made, and the summing task after the last one.
    assert_eq!(lines[2], "t4=40 t3=30 t2=20 t1=10 t0=0 sum=100", "{out}");
}

#[test]
fn the_executor_imports_nothing_from_the_host() {
    let bytes = std::fs::read(fixture()).unwrap();
    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
            for import in reader.into_imports() {
                let import = import.unwrap();
                imports.push(format!("{}.{}", import.module, import.name));
            }
        }
    }
    // The fixture's own `start_promise` (its host demo) is the only import.
    assert_eq!(imports, ["env.start_promise"]);
}
