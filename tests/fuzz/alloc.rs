//! Longer runs of the allocator shadow-model stress (`fixtures/crates/arena/src/stress.rs`) on
//! `wasm::arena::Global`, this binary's `#[global_allocator]`: the corpus cases of
//! `tests/fuzz/corpus/alloc` (seed, steps, max size, max live blocks), then seeded ones with
//! varied shapes (tiny blocks, page-sized, megabyte-sized; few or thousands live). Every block
//! must stay aligned, disjoint and intact; afterwards no block is live and freed memory was
//! reused (the capacity stays bounded).
//!
//! Its own `main` (`harness = false`), like `tests/arena_global.rs`: the heap is the whole
//! binary's, and the live-block count needs no other thread allocating meanwhile.

extern crate alloc;

use wasm::arena::{Global, heap_stats};

#[global_allocator]
static ALLOC: Global = Global;

#[path = "../fixtures/crates/arena/src/stress.rs"]
mod stress;

#[path = "rng.rs"]
mod rng;

/// (steps, max_size, max_live) of a seeded case: up to 60,000 steps of one shape, fewer for
/// large blocks (every step writes or checks its block's bytes).
fn shape(rng: &mut rng::Rng) -> (usize, usize, usize) {
    let max_size = *rng.pick(&[8, 64, 512, 4096, 65_536, 1 << 20]);
    // Large blocks: few live, so the case stays within tens of megabytes.
    let max_live = if max_size >= 65_536 { 1 + rng.below(32) } else { *rng.pick(&[1, 16, 300, 3000]) };
    let steps = (2_000 + rng.below(58_000)).min((64 << 20) / max_size);
    (steps, max_size, max_live)
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("a parent").to_path_buf();
    let mut cases: Vec<(String, u64, usize, usize, usize)> = rng::corpus(&root, "alloc")
        .into_iter()
        .map(|(file, bytes)| {
            let text = String::from_utf8(bytes).expect("UTF-8");
            let n: Vec<u64> = text.split_whitespace().map(|w| w.parse().expect("a number")).collect();
            assert_eq!(n.len(), 4, "{file}: `seed steps max_size max_live`");
            (format!("corpus {file}"), n[0], n[1] as usize, n[2] as usize, n[3] as usize)
        })
        .collect();
    // Cases take up to a second each (debug build): 10 random ones unless asked for more.
    for seed in rng::seeds_with("alloc", 20, 10) {
        let (steps, max_size, max_live) = shape(&mut rng::Rng::new(seed));
        cases.push((format!("seed {seed}"), seed, steps, max_size, max_live));
    }
    stress::freed_block_is_reused(&Global).unwrap();
    let before = heap_stats();
    let mut steps_run = 0;
    for (what, seed, steps, max_size, max_live) in &cases {
        if let Err(e) = stress::run(&Global, *seed, *steps, *max_size, *max_live) {
            panic!("{what} ({steps} steps, max size {max_size}, max live {max_live}): {e}");
        }
        steps_run += steps;
    }
    let after = heap_stats();
    assert_eq!(after.live_allocations, before.live_allocations, "every block was freed");
    assert!(after.capacity < 256 << 20, "freed memory is reused: {after:?}");
    println!("fuzz alloc: {} cases run ({steps_run} steps), 0 failed; heap capacity {} KiB", cases.len(), after.capacity >> 10);
}
