//! splitmix64, the one seeded generator of the test harnesses: the fuzz harnesses (through
//! `rng.rs`) and the allocator stress of the `arena` fixture (`stress.rs`, also built into the
//! fixture's wasm module) include this file with `#[path]`: no crate of theirs depends on another.
#![allow(dead_code)] // each includer uses its own subset

/// splitmix64: small, fast and good enough to spread test cases; never for anything secret.
pub struct Rng(pub u64);

impl Rng {
    /// A generator for case seed `seed` (mixed, so seeds 0, 1, 2... start far apart).
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True once in `n` draws.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
