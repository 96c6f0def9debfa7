//! A global allocator that counts the heap bytes each thread has in use, for the `wasm::task`
//! memory tests (included with `#[path]`; not a test target). Per thread, because the test harness
//! runs other tests on other threads at the same time; the executor is per thread too.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts bytes allocated minus bytes freed on the current thread.
pub struct Counting;

thread_local! {
    // `const` and without drop glue: usable from inside the allocator, on any thread, any time.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static WATCHED_SIZE: Cell<usize> = const { Cell::new(usize::MAX) };
    static WATCHED_LIVE: Cell<isize> = const { Cell::new(0) };
}

fn add(delta: isize) {
    LIVE.set(LIVE.get() + delta);
}

fn count(layout: Layout, delta: isize) {
    add(delta * layout.size() as isize);
    if layout.size() == WATCHED_SIZE.get() {
        WATCHED_LIVE.set(WATCHED_LIVE.get() + delta);
    }
}

// SAFETY: every method forwards to `System` unchanged and only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout, 1);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(layout, -1);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout, 1);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(layout, -1);
        count(
            Layout::from_size_align(new_size, layout.align()).unwrap(),
            1,
        );
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Heap bytes the current thread has allocated and not freed.
pub fn live_bytes() -> isize {
    LIVE.get()
}

/// From now on, also count this thread's live allocations of exactly `size` bytes (frees on other
/// threads skew byte totals; a size only one kind of allocation has gives an exact count).
#[allow(dead_code)]
pub fn watch_size(size: usize) {
    WATCHED_SIZE.set(size);
    WATCHED_LIVE.set(0);
}

/// Live allocations of the watched size made by this thread.
#[allow(dead_code)]
pub fn watched_live() -> isize {
    WATCHED_LIVE.get()
}
