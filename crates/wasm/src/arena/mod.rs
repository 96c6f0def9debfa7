//! The memory model: what lives for one call, and what lives on.
//!
//! - **Per call**: a [`Scratch`] bump arena for temporaries (values, slices, strings, vectors),
//!   reached with [`with_scratch`] and reset in O(1) when the outermost [`call_boundary`]
//!   returns. Re-entrant calls (a host callback calling back in) do not reset it. Allocations
//!   borrow the arena, so none can outlive the call: that is a compile error, not a
//!   use-after-free.
//! - **Persistent**: ordinary `Box`/`Vec`/`String` on [`Global`], a general-purpose allocator
//!   that reuses freed memory and grows linear memory on demand (no fixed ceiling), returning
//!   null when the host refuses.
//! - **Observed**: [`stats`] reports both arenas; `cargo wasm-lint mem <file.wasm>` prints a
//!   module's static layout (data segments, stack, heap base, memory limits).
//!
//! ```
//! use wasm::arena::{call_boundary, stats, with_scratch};
//!
//! fn handle_request(n: usize) -> usize {
//!     call_boundary(|| {
//!         with_scratch(|s| {
//!             let mut list = s.vec();
//!             list.extend((0..n).map(|i| s.format(format_args!("item {i}"))));
//!             list.iter().map(|item| item.len()).sum()
//!         })
//!     })
//! }
//! assert_eq!(handle_request(3), 18);
//! assert_eq!(stats().scratch.used, 0);
//! ```
//!
//! See `docs/memory.md` for the design and the invariants.

mod global;
mod heap;
mod scratch;
mod vec;

#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
mod call;
#[cfg(test)]
mod tests;

#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
pub use call::{CallEndHook, call_boundary, call_depth, with_scratch};
#[cfg(all(
    target_family = "wasm",
    not(feature = "wasm-bindgen"),
    any(feature = "std", not(target_feature = "atomics"))
))]
pub(crate) use call::abandoned;
pub use global::{Global, set_heap_limit};
pub use scratch::{Scope, Scratch};
pub use vec::{ScratchString, ScratchVec};

/// Usage of one arena. Bytes are counted in the arena's own units: heap figures include each
/// block's tag and rounding, scratch figures the padding for alignment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArenaStats {
    /// Bytes in use now (heap: allocated blocks; scratch: handed out since the last reset).
    pub used: usize,
    /// Bytes the arena has taken (heap: from the host; scratch: from the heap).
    pub capacity: usize,
    /// The most `used` has been.
    pub peak: usize,
    /// Blocks allocated and not freed (scratch: allocations since the last reset).
    pub live_allocations: usize,
    /// Free bytes within `capacity`.
    pub free: usize,
    /// The largest free block: the biggest request served without growing.
    pub largest_free: usize,
}

impl ArenaStats {
    /// External fragmentation in `0.0..=1.0`: the share of free memory not in the largest free
    /// block (0 when all free memory is one block or there is none).
    pub fn fragmentation(&self) -> f64 {
        if self.free == 0 { 0.0 } else { 1.0 - self.largest_free as f64 / self.free as f64 }
    }
}

/// Usage of both arenas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// This thread's per-call scratch arena.
    pub scratch: ArenaStats,
    /// The program-wide heap of [`Global`] (all zero when nothing allocated through it).
    pub heap: ArenaStats,
}

/// Usage of the per-call scratch arena (this thread's) and of the [`Global`] heap.
#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
pub fn stats() -> Stats {
    Stats { scratch: call::scratch_stats(), heap: heap_stats() }
}

/// Usage of the [`Global`] heap. Walks all its blocks (the allocator keeps no counts on its
/// hot paths), so it costs time in the number of blocks.
pub fn heap_stats() -> ArenaStats {
    let m = global::HEAP.with(|heap| heap.measure());
    ArenaStats {
        used: m.used,
        capacity: m.capacity,
        peak: m.peak,
        live_allocations: m.live_allocations,
        free: m.free,
        largest_free: m.largest_free,
    }
}
