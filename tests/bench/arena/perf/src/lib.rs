//! Throughput module: talc's random-actions workload on the selected global allocator, and
//! scratch allocation against bumpalo. Timed by `bench.mjs` with `performance.now()`.

#[path = "../../allocators.rs"]
mod allocators;
#[path = "../../workload.rs"]
mod workload;

use std::alloc::{GlobalAlloc, Layout};

/// The program's `#[global_allocator]`, whichever it is (what talc's workload calls).
struct Std;

// SAFETY: every method forwards to the global allocator with the caller's own arguments, so
// `GlobalAlloc`'s contract holds exactly as it does for the global allocator.
unsafe impl GlobalAlloc for Std {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract (non-zero size).
        unsafe { std::alloc::alloc(layout) }
    }
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the global one) with `layout` (caller's contract).
        unsafe { std::alloc::dealloc(ptr, layout) }
    }
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is valid for `layout`'s alignment (caller's contract).
        unsafe { std::alloc::realloc(ptr, layout, new_size) }
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn random_actions(realloc: u32, seed: u32) {
    workload::random_actions(&Std, realloc != 0, seed as u64);
}

#[unsafe(no_mangle)]
pub extern "C" fn scratch_ours(n: u32) -> u32 {
    workload::scratch_ours(n as usize)
}

#[unsafe(no_mangle)]
pub extern "C" fn scratch_bumpalo(n: u32) -> u32 {
    workload::scratch_bumpalo(n as usize)
}

/// An allocator that does no work (one static buffer for every request, frees nothing), for
/// `count.sh`'s baseline: the instructions of the workload itself (random numbers, the vector
/// of live blocks), to subtract from the allocators' figures.
struct Baseline;

static mut BUFFER: [u64; 4096] = [0; 4096];

// SAFETY: not a real allocator, on purpose: every block is the same static buffer (aligned as
// asked), so blocks alias. Only `count.sh`'s baseline run uses it, whose workload never reads or
// writes the blocks it gets (it only counts the instructions around the calls).
unsafe impl GlobalAlloc for Baseline {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let base = &raw mut BUFFER as usize;
        ((base + layout.align() - 1) & !(layout.align() - 1)) as *mut u8
    }
    #[inline(never)]
    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, _layout: Layout, _new_size: usize) -> *mut u8 {
        ptr
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn baseline_actions(realloc: u32, seed: u32) {
    workload::random_actions(&Baseline, realloc != 0, seed as u64);
}

/// `n` empty outermost calls through `wasm::arena::call_boundary` (what every
/// `#[wasm::export]` wraps its body in), for `count.sh`.
#[unsafe(no_mangle)]
pub extern "C" fn boundary_calls(n: u32) -> u32 {
    let mut sum = 0u32;
    for i in 0..n {
        sum = sum.wrapping_add(wasm::arena::call_boundary(|| std::hint::black_box(i)));
    }
    sum
}
