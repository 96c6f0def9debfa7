//! Size module (after talc's `wasm-size`): only alloc/dealloc/realloc exports on the selected
//! allocator, `no_std`, so the module's bytes are the allocator's plus a fixed baseline.
#![no_std]

extern crate alloc;
use core::alloc::{GlobalAlloc, Layout};

#[path = "../../allocators.rs"]
mod allocators;

#[cfg(feature = "dlmalloc")]
#[global_allocator]
static A: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// The baseline: an allocator that always fails.
#[cfg(not(any(feature = "ours", feature = "talc", feature = "dlmalloc", feature = "lol_alloc")))]
#[global_allocator]
static A: NoAlloc = NoAlloc;

#[allow(dead_code)]
struct NoAlloc;
// SAFETY: every allocation fails (null), which `GlobalAlloc` allows; nothing is ever freed.
unsafe impl GlobalAlloc for NoAlloc {
    unsafe fn alloc(&self, _: Layout) -> *mut u8 {
        core::ptr::null_mut()
    }
    unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn alloc(size: usize) -> *mut u8 {
    // SAFETY: 8 is a power of two and the host passes sizes that do not overflow when rounded
    // up to it (the size benchmark's harness); a zero size is the host's error, as in C.
    unsafe { alloc::alloc::alloc(Layout::from_size_align_unchecked(size, 8)) }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, size: usize) {
    // SAFETY: the host passes a pointer from `alloc`/`realloc` above with its size (the same
    // layout it was allocated with).
    unsafe { alloc::alloc::dealloc(ptr, Layout::from_size_align_unchecked(size, 8)) }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn realloc(ptr: *mut u8, old_size: usize, new_size: usize) -> *mut u8 {
    // SAFETY: as for `dealloc`; `new_size` rounded up to 8 does not overflow (the harness).
    unsafe { alloc::alloc::realloc(ptr, Layout::from_size_align_unchecked(old_size, 8), new_size) }
}
