//! `wasm::task` natively, in Node and in wasmtime: the same scenarios (tests/fixtures/crates/
//! task/src/scenarios.rs) run in every host and must produce the logs the executor's rules
//! predict.
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
    (
        "nested",
        "p-start p-spawned c-start g c-got-g p-got-30 -> Ok(Ok(44)) live=0",
    ),
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

/// Splits scenario lines (`name<TAB>log`) and checks them against [`EXPECTED`].
fn assert_scenario_logs(out: &str, host: &str) {
    let logs: BTreeMap<&str, &str> = out
        .lines()
        .map(|line| line.split_once('\t').expect("name<TAB>log"))
        .collect();
    assert_eq!(logs.len(), EXPECTED.len(), "{out}");
    for (name, want) in EXPECTED {
        assert_eq!(logs.get(name), Some(want), "scenario {name} in {host}");
    }
}

/// Checks the output of the fixture's `million` export (two rounds, then memory growth).
fn assert_million_rounds(out: &str) {
    let parts: Vec<&str> = out.trim().split(" | ").collect();
    assert_eq!(parts[..2], [MILLION, MILLION], "{out}");
    assert!(
        parts[2].starts_with("grew_pages=0 "),
        "second round grew linear memory: {out}"
    );
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
    assert_scenario_logs(&node("scenarios"), "Node");
}

#[test]
fn million_tasks_natively_leave_heap_at_baseline() {
    assert_eq!(scenarios::million(counting_alloc::live_bytes), MILLION);
}

#[test]
fn million_tasks_in_node_leave_heap_at_baseline_and_memory_unchanged() {
    assert_million_rounds(&node("million"));
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
    let [(small_future, small_task), (big_future, big_task)] = sizes[..] else {
        panic!("{out}")
    };
    assert!(
        small_task <= header + small_future.max(slot) + 8,
        "tiny task: {out}"
    );
    let overhead = big_task - big_future;
    assert!(
        (header..=header + 8).contains(&overhead),
        "overhead {overhead}: {out}"
    );
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
    assert_eq!(
        lines[0], "polls=6 waiting=6,6 codes=0,0,0,0,0 live_after=0",
        "{out}"
    );
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

/// The same module in wasmtime: no JS anywhere. The host's pending work (what `start_promise`
/// asked for) is a list in the store; the host resolves it by calling the `host_resolved`
/// export, the documented way for a wasmtime embedder to wake a task (docs/async.md).
mod wasmtime_host {
    use super::*;
    use wasmtime::{
        Caller, Engine, Instance, Linker, Module, Store, Trap, WasmParams, WasmResults,
    };

    struct Host {
        store: Store<Vec<(u32, u32)>>,
        instance: Instance,
    }

    impl Host {
        fn new() -> Self {
            static COMPILED: OnceLock<(Engine, Module)> = OnceLock::new();
            let (engine, module) = COMPILED.get_or_init(|| {
                let engine = Engine::default();
                let module =
                    Module::from_file(&engine, fixture()).expect("wasmtime compiles the fixture");
                (engine, module)
            });
            let mut linker = Linker::new(engine);
            linker
                .func_wrap(
                    "env",
                    "start_promise",
                    |mut caller: Caller<'_, Vec<(u32, u32)>>, token: u32, input: u32| {
                        caller.data_mut().push((token, input));
                    },
                )
                .unwrap();
            let mut store = Store::new(engine, Vec::new());
            let instance = linker
                .instantiate(&mut store, module)
                .expect("instantiates");
            Host { store, instance }
        }

        fn call<P: WasmParams, R: WasmResults>(
            &mut self,
            name: &str,
            args: P,
        ) -> wasmtime::Result<R> {
            let func = self
                .instance
                .get_typed_func::<P, R>(&mut self.store, name)
                .unwrap();
            func.call(&mut self.store, args)
        }

        fn u32(&mut self, name: &str, args: impl WasmParams) -> u32 {
            self.call(name, args).unwrap()
        }

        /// The text an export left at `out_ptr()`, `len` bytes.
        fn text(&mut self, len: u32) -> String {
            let ptr = self.u32("out_ptr", ()) as usize;
            let memory = self.instance.get_memory(&mut self.store, "memory").unwrap();
            String::from_utf8(memory.data(&self.store)[ptr..ptr + len as usize].to_vec()).unwrap()
        }
    }

    #[test]
    fn scenarios_in_wasmtime() {
        let mut host = Host::new();
        let lines: Vec<String> = (0..host.u32("scenario_count", ()))
            .map(|i| {
                let len = host.u32("scenario_run", i);
                host.text(len)
            })
            .collect();
        assert_scenario_logs(&lines.join("\n"), "wasmtime");
    }

    #[test]
    fn million_tasks_in_wasmtime_leave_heap_at_baseline_and_memory_unchanged() {
        let mut host = Host::new();
        let len = host.u32("million", ());
        assert_million_rounds(&host.text(len));
    }

    #[test]
    fn host_wakes_tasks_through_an_export_from_wasmtime() {
        let mut host = Host::new();
        let polls = host.u32("host_demo_start", 5u32);
        assert_eq!(
            (polls, host.u32("live_tasks", ())),
            (6, 6),
            "all six tasks ran and wait"
        );
        let pending = std::mem::take(host.store.data_mut());
        assert_eq!(
            pending.iter().map(|p| p.1).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        // Resolved in reverse start order; each call runs the tasks that woke up.
        let codes: Vec<u32> = pending
            .iter()
            .rev()
            .map(|&(token, input)| host.u32("host_resolved", (token, input * 10)))
            .collect();
        assert_eq!(codes, [0; 5]);
        assert_eq!(host.u32("live_tasks", ()), 0);
        // A spent token is stale (2); zero and a forged one are unknown (1).
        let again = host.u32("host_resolved", (pending[0].0, 1));
        let unknown = [
            host.u32("host_resolved", (0u32, 1u32)),
            host.u32("host_resolved", (0x7ffffu32, 1u32)),
        ];
        assert_eq!((again, unknown), (2, [1, 1]));
        let len = host.u32("host_demo_log", ());
        assert_eq!(host.text(len), "t4=40 t3=30 t2=20 t1=10 t0=0 sum=100");
    }

    #[test]
    fn panic_in_a_wasm_task_traps_in_wasmtime() {
        let mut host = Host::new();
        let err = host.call::<(), u32>("panic_in_task", ()).unwrap_err();
        assert_eq!(
            err.downcast_ref::<Trap>(),
            Some(&Trap::UnreachableCodeReached),
            "{err:?}"
        );
    }
}
