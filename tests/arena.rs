//! The memory model running in a real host: the `arena` fixture (whose `#[global_allocator]` is
//! `wasm::arena::Global`) built for wasm32 and driven by Node (`tests/e2e/arena.mjs`).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;
use wasm_tests::{WasmBuild, build_wasm, repo_root, run_node};

fn fixture() -> &'static Path {
    static WASM: OnceLock<std::path::PathBuf> = OnceLock::new();
    WASM.get_or_init(|| build_wasm("arena"))
}

/// Runs `arena.mjs` in `mode` and parses its `key=value` lines.
fn node(wasm: &Path, mode: &str, args: &[&str]) -> HashMap<String, String> {
    let script = repo_root().join("tests/e2e/arena.mjs");
    let mut argv = vec![wasm.as_os_str(), OsStr::new(mode)];
    argv.extend(args.iter().map(OsStr::new));
    run_node(&script, &argv)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn num(out: &HashMap<String, String>, key: &str) -> u64 {
    out.get(key).unwrap_or_else(|| panic!("no `{key}` in {out:?}")).parse().unwrap()
}

#[test]
fn randomized_stress_against_shadow_model_in_wasm() {
    for seed in [1u32, 0xdead_beef, 42] {
        let out = node(fixture(), "stress", &[&seed.to_string(), "20000", "10000", "300"]);
        assert_eq!(out["reuse"], "ok", "seed {seed}");
        assert_eq!(out["stress"], "ok", "seed {seed}");
        assert_eq!(num(&out, "heap_live_after"), 0, "every block was freed");
        // At most 300 live blocks of at most 10,000 bytes: without reuse of freed memory the
        // 20,000 actions would need far more than this.
        assert!(num(&out, "heap_capacity") < 8 << 20, "{out:?}");
    }
}

#[test]
fn ten_thousand_top_level_calls_leave_no_scratch_and_bounded_heap() {
    let out = node(fixture(), "calls", &["10000"]);
    assert_eq!(num(&out, "max_scratch_used_after_call"), 0, "{out:?}");
    // Scratch chunks are kept and reused: a few KiB, not 10,000 calls' worth.
    assert!(num(&out, "max_scratch_capacity") <= 64 << 10, "{out:?}");
    // The persistent history is bounded (32 entries), so heap use stops growing.
    let mid = num(&out, "heap_used_mid");
    assert!(mid > 0 && num(&out, "heap_used_max_second_half") <= mid + 4096, "{out:?}");
    assert_eq!(num(&out, "host_grows"), 4);
    // Re-entrant call: the inner call ran nested (depth > 1) and did not reset the outer call's
    // scratch; the outer call's return did.
    let reentrant = num(&out, "reentrant");
    assert!(reentrant / 1000 > 1 && reentrant % 1000 == 1, "{out:?}");
    assert_eq!(num(&out, "scratch_used_after_reentrant"), 0);
}

#[test]
fn heap_grows_memory_past_64_kib() {
    let out = node(fixture(), "grow", &["2048"]);
    let (before, reached) = (num(&out, "pages_before"), num(&out, "pages_reached"));
    // 2 MiB of boxes plus a 1 MiB vector, all checked: memory grew by dozens of pages.
    assert!(reached >= before + 40, "{out:?}");
}

#[test]
fn refused_growth_returns_null_and_memory_is_reused_after_free() {
    // A module whose memory may not pass 2 MiB: Node refuses `memory.grow` beyond it.
    let wasm = WasmBuild {
        package: "arena",
        rustflags: "-C link-arg=--max-memory=2097152",
        variant: "arena-max2m",
        ..Default::default()
    }
    .build();
    for block in ["65536", "1000"] {
        let out = node(&wasm, "refuse", &[block]);
        assert_eq!(num(&out, "bytes_at_refusal"), 2 << 20, "{out:?}");
        let first = num(&out, "first");
        assert!(first > 0, "{out:?}");
        assert_eq!(num(&out, "second"), 0, "still refused: {out:?}");
        assert_eq!(num(&out, "after_release"), first, "freed memory serves again: {out:?}");
    }
}

#[test]
fn memory_map_matches_the_running_module() {
    let out = node(fixture(), "grow", &["1"]);
    let map = mem_map::render(&std::fs::read(fixture()).unwrap()).unwrap();
    println!("{map}");
    let heap_base = num(&out, "heap_base");
    assert!(map.contains(&format!("heap base (__heap_base)  {heap_base:#010x}")), "{map}");
    assert!(map.contains(&format!("initial {} pages", num(&out, "pages_before"))), "{map}");
    assert!(map.contains(".rodata"), "data segments are named: {map}");
}

#[allow(dead_code)]
#[path = "../rustc-driver/src/mem_map.rs"]
mod mem_map;
