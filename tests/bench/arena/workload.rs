//! The workloads, shared by the wasm perf module (timed in Node) and the native `count` binary
//! (instruction counts under callgrind, which are repeatable on a loaded machine).

use core::alloc::{GlobalAlloc, Layout};

const ACTIONS: usize = 100_000;
const TARGET_MIN_ACTIVE_ALLOCATIONS: usize = 50;

/// talc's `wasm-perf` workload, unchanged but for a fixed seed per run and the allocator passed
/// in: 100,000 actions of allocate (1..=10,000 bytes, align 8 << (tz/2)), free, or (with
/// `realloc`) resize.
#[inline(never)]
pub fn random_actions(a: &impl GlobalAlloc, realloc: bool, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut score = 0;
    let mut v = Vec::with_capacity(10000);
    while score < ACTIONS {
        let action = rng.usize(0..(4 + realloc as usize));
        if v.len() < TARGET_MIN_ACTIVE_ALLOCATIONS || action < 2 {
            let size = rng.usize(1..=10000);
            let align = 8 << (rng.u16(..).trailing_zeros() / 2);
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: `layout` has a non-zero size (1..=10000).
            let allocation = unsafe { a.alloc(layout) };
            if !allocation.is_null() {
                v.push((allocation, layout));
                score += 1;
            }
        } else if action < 4 {
            let index = rng.usize(0..v.len());
            let (ptr, layout) = v.swap_remove(index);
            // SAFETY: `ptr` is a live block of `a` with `layout`, removed from `v` so freed once.
            unsafe { a.dealloc(ptr, layout) };
            score += 1;
        } else {
            let index = rng.usize(0..v.len());
            let (ptr, layout) = &mut v[index];
            let new_size = rng.usize(1..=10000);
            // SAFETY: `*ptr` is a live block of `a` with `*layout`; `new_size` is non-zero and
            // small; on success the new layout (same alignment, checked by construction above)
            // replaces the old one, on failure the block is unchanged.
            unsafe {
                let p = a.realloc(*ptr, *layout, new_size);
                if !p.is_null() {
                    *ptr = p;
                    *layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    score += 1;
                }
            }
        }
    }
    for (ptr, layout) in v {
        // SAFETY: each remaining block is live, with its layout, and freed once.
        unsafe { a.dealloc(ptr, layout) };
    }
}

#[derive(Clone, Copy)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub id: u32,
}

/// `n` scratch allocations in rounds of 999 (a value, a 24-byte struct, a 16-byte slice copy),
/// reset after each round. Returns a checksum so nothing is optimized away.
macro_rules! scratch_rounds {
    ($arena:expr, $n:expr) => {{
        let arena = $arena;
        let mut sum = 0u64;
        let bytes = [7u8; 16];
        let mut i = 0u32;
        while (i as usize) < $n {
            for _ in 0..333 {
                let a = arena.alloc(std::hint::black_box(i as u64));
                let p = arena.alloc(Point { x: i as f64, y: 1.0, id: i });
                let s = arena.alloc_slice_copy(std::hint::black_box(&bytes[..]));
                sum = sum.wrapping_add(*a + p.id as u64 + p.x as u64 + p.y as u64 + s[3] as u64);
                i += 3;
            }
            arena.reset();
        }
        sum as u32
    }};
}

/// Scratch allocations on `wasm::arena::Scratch`.
#[inline(never)]
pub fn scratch_ours(n: usize) -> u32 {
    let mut arena = wasm::arena::Scratch::new();
    scratch_rounds!(&mut arena, n)
}

/// The same on bumpalo.
#[inline(never)]
pub fn scratch_bumpalo(n: usize) -> u32 {
    let mut arena = bumpalo::Bump::new();
    scratch_rounds!(&mut arena, n)
}
