//! [`Global`]: the program-wide heap as a `#[global_allocator]`.

use super::heap::Heap;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

/// A general-purpose allocator for wasm: `alloc`, `dealloc` and `realloc` with reuse of freed
/// blocks, growing linear memory with `memory.grow` as needed (no fixed ceiling) and returning
/// null when the host refuses to grow. `no_std` compatible.
///
/// ```
/// #[global_allocator]
/// static ALLOC: wasm::arena::Global = wasm::arena::Global;
/// ```
///
/// `Global` is a handle: every value of it uses the one program-wide heap that
/// [`stats`](super::stats) reports, whether or not it is the `#[global_allocator]`. The heap
/// first takes the unused memory between the linker's `__heap_base` and the initial memory size,
/// then grows memory by whole pages. Natively (tests, tools) it takes pages from one lazily
/// committed reservation of the system allocator (1 GiB on 64-bit hosts), so growth behaves as
/// on wasm; without `std` natively it has no memory and every allocation returns null.
///
/// The design (boundary tags, 64 segregated free lists, a bump-allocated top) is described in
/// `docs/memory.md`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Global;

/// Caps the heap at `bytes` of memory taken from the host (`None`: no cap, the default);
/// allocations that would need more return null. Memory already taken is kept.
pub fn set_heap_limit(bytes: Option<usize>) {
    HEAP.with(|heap| heap.set_limit(bytes.unwrap_or(usize::MAX)));
}

pub(crate) static HEAP: Locked<Heap> = Locked::new(Heap::new());

// SAFETY: every method forwards a valid `Layout` (non-zero size, size + align within `isize`)
// and, for `dealloc`/`realloc`, a pointer this heap returned for that layout, as `GlobalAlloc`'s
// own contract requires of the caller.
unsafe impl GlobalAlloc for Global {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        HEAP.with(|heap| unsafe { heap.alloc(layout.size(), layout.align()) })
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: see the impl.
        HEAP.with(|heap| unsafe { heap.dealloc(ptr, layout.size()) })
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl.
        HEAP.with(|heap| unsafe { heap.realloc(ptr, layout.size(), layout.align(), new_size) })
    }
}

/// Single-threaded wasm needs no lock: nothing can interrupt an allocator call.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
pub(crate) struct Locked<T> {
    cell: UnsafeCell<T>,
}

/// Elsewhere a spin lock: allocator calls are short and never allocate themselves.
#[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
pub(crate) struct Locked<T> {
    busy: core::sync::atomic::AtomicBool,
    cell: UnsafeCell<T>,
}

// SAFETY: `with` gives out the `&mut T` to one caller at a time: under the spin lock, or on
// single-threaded wasm where there is only one caller.
unsafe impl<T: Send> Sync for Locked<T> {}

impl<T> Locked<T> {
    pub(crate) const fn new(value: T) -> Self {
        Locked {
            #[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
            busy: core::sync::atomic::AtomicBool::new(false),
            cell: UnsafeCell::new(value),
        }
    }

    #[inline]
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        #[cfg(not(all(target_family = "wasm", not(target_feature = "atomics"))))]
        {
            use core::sync::atomic::Ordering::{Acquire, Relaxed, Release};
            while self.busy.compare_exchange_weak(false, true, Acquire, Relaxed).is_err() {
                core::hint::spin_loop();
            }
            struct Unlock<'a>(&'a core::sync::atomic::AtomicBool);
            impl Drop for Unlock<'_> {
                fn drop(&mut self) {
                    self.0.store(false, Release);
                }
            }
            let _unlock = Unlock(&self.busy);
            // SAFETY: the lock is held until `_unlock` drops, after `f` returns or unwinds.
            f(unsafe { &mut *self.cell.get() })
        }
        #[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
        // SAFETY: single-threaded, and `f` (heap code) never re-enters `with`.
        f(unsafe { &mut *self.cell.get() })
    }
}
