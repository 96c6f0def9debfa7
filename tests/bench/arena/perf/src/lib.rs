//! Throughput module: talc's random-actions workload on the selected global allocator, and
//! scratch allocation against bumpalo. Timed by `bench.mjs` with `performance.now()`.

#[path = "../../allocators.rs"]
mod allocators;
#[path = "../../workload.rs"]
mod workload;

use std::alloc::{GlobalAlloc, Layout};

/// The program's `#[global_allocator]`, whichever it is (what talc's workload calls).
struct Std;

unsafe impl GlobalAlloc for Std {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { std::alloc::alloc(layout) }
    }
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { std::alloc::dealloc(ptr, layout) }
    }
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
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
