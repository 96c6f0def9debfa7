//! `arena::Global` under Miri (`.ci/miri`), driven directly as an allocator by the shadow-model
//! stress of `tests/arena_global.rs`, at a size Miri runs in under a minute. Its own binary: the
//! heap reserves its address range once and never returns it (it is the process heap), which
//! Miri's leak check would report, so `.ci/miri` runs this one with `-Zmiri-ignore-leaks`.
#![cfg(miri)]

extern crate alloc;

use wasm::arena::{Global, heap_stats};

#[path = "../../../tests/fixtures/crates/arena/src/stress.rs"]
mod stress;

#[test]
fn global_heap_under_the_shadow_model() {
    let before = heap_stats();
    stress::freed_block_is_reused(&Global).unwrap();
    for seed in 0..2 {
        let report = stress::run(&Global, seed, 300, 600, 24).unwrap();
        assert!(report.allocs > 50 && report.frees > 20 && report.reallocs > 20, "{seed}: {report:?}");
    }
    // High alignments and tiny blocks.
    stress::run(&Global, 99, 200, 64, 100).unwrap();
    // `heap_stats` walks every chunk of the heap.
    let after = heap_stats();
    assert_eq!(after.live_allocations, before.live_allocations, "every block was freed");
    assert!(after.capacity >= after.peak && after.peak >= after.used);
}
