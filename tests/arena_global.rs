//! `wasm::arena::Global` natively, as this test binary's own `#[global_allocator]`: the shadow
//! model stress, reuse, refusal at a limit, and stats.

extern crate alloc;

use core::alloc::{GlobalAlloc, Layout};
use wasm::arena::{Global, heap_stats, set_heap_limit};

#[global_allocator]
static ALLOC: Global = Global;

#[path = "fixtures/crates/arena/src/stress.rs"]
mod stress;

// One test, run without libtest (`harness = false`): the heap is shared by the whole binary,
// and the checks on live blocks, reuse and the limit need no other thread allocating meanwhile.
fn main() {
    global_heap_natively();
    println!("test global_heap_natively ... ok");
    println!("1 passed; 0 failed");
}

fn global_heap_natively() {
    stress::freed_block_is_reused(&Global).unwrap();

    let before = heap_stats();
    for seed in 0..4 {
        let report = stress::run(&Global, seed, 30_000, 10_000, 400).unwrap();
        assert!(report.allocs > 5_000 && report.reallocs > 5_000 && report.frees > 5_000);
    }
    // High alignments and tiny blocks.
    stress::run(&Global, 99, 20_000, 64, 2_000).unwrap();
    let after = heap_stats();
    assert_eq!(after.live_allocations, before.live_allocations, "every block was freed");
    assert!(after.peak >= after.used && after.capacity >= after.peak);
    assert!(after.capacity < 16 << 20, "freed memory is reused: {after:?}");

    // A limit makes the source refuse: allocation returns null, nothing breaks.
    let cap = heap_stats().capacity;
    set_heap_limit(Some(cap));
    let huge = Layout::from_size_align(cap + (1 << 20), 8).unwrap();
    // SAFETY: a valid layout; a null result is checked.
    assert!(unsafe { Global.alloc(huge) }.is_null());
    let small = Layout::new::<[u64; 4]>();
    // SAFETY: as above; freed with its layout.
    unsafe {
        let p = Global.alloc(small);
        assert!(!p.is_null(), "free memory still serves under the limit");
        Global.dealloc(p, small);
    }
    set_heap_limit(None);
    let v: Vec<u8> = vec![7; 4 << 20];
    assert!(v.iter().all(|&b| b == 7));
}
