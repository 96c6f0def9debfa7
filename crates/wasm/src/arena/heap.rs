//! The general-purpose heap behind [`Global`](super::Global): boundary tags, 64 segregated free
//! lists with a one-word availability bitmap, and a "wilderness" (the untouched top of memory)
//! that is bump-allocated and grown with `memory.grow`.
//!
//! Layout. Memory is cut into chunks whose sizes are multiples of [`UNIT`] (4 words) and whose
//! bases are `UNIT`-aligned. A chunk handed out starts at the user's pointer and ends with one
//! tag word (`ALLOCATED`, plus `ABOVE_FREE` when the chunk above it is free); no header precedes
//! the user's data, because `GlobalAlloc` passes the size back on `dealloc` and `realloc`, so the
//! tag is found at `ptr + chunk_size(size) - W`. A free chunk ("gap") stores, at its base, the
//! next gap of its list, a pointer to the word that points at it (a list head or the previous
//! gap), and its size; its last word repeats the size. Sizes are multiples of `UNIT`, so the
//! last word of any chunk tells an allocated chunk (bit 0 set) from a gap (bit 0 clear) and,
//! for a gap, where it starts. Gaps never touch each other or the wilderness (they are merged
//! on free), and the word just below the wilderness is always an allocated tag (or the sentinel
//! written when a region is opened) without `ABOVE_FREE`.
//!
//! Lists. A gap of `s` units lives in one of two lists per doubling of `s + 2` (one list per
//! size below 2 units, then 2, 4, 8... sizes per list).
//! A request goes to the first non-empty list whose every gap is large enough (one bitmap
//! scan), else walks the list just below (or the last list), else bumps the wilderness, else
//! grows memory. List links and the bitmap are updated without branches (see `link`).

use core::hint::select_unpredictable;
use core::ptr::{self, null_mut};

/// Bytes in a machine word.
const W: usize = size_of::<usize>();
/// Chunk granularity and smallest chunk: a gap needs next, prev and size at its base and its
/// size again in its last word.
pub(crate) const UNIT: usize = 4 * W;
const ALLOCATED: usize = 1;
const ABOVE_FREE: usize = 2;
const LISTS: usize = 64;
const LAST: usize = LISTS - 1;
/// wasm page size; the native source hands out the same pages.
pub(crate) const PAGE: usize = 64 * 1024;

/// Bytes of the chunk that holds `size` user bytes plus its tag.
#[inline]
const fn chunk_size(size: usize) -> usize {
    (size + W + UNIT - 1) & !(UNIT - 1)
}

/// The list of a gap of `units` units: two lists per doubling of `units + 2` (one list per
/// size below 2 units, then 2, 4, 8... sizes per list). No branch: sizes on either side of a
/// boundary are equally likely, so a branch here would be mispredicted often. (`units == 0`
/// is list 0: `alloc` asks for the list below the smallest it needs.)
///
/// Two lists per doubling rather than four: the gap a request takes then has more room left
/// above the block, so a later `realloc` grows in place more often; on talc's workload that
/// saves more copying than the finer lists save memory.
#[inline]
fn list_of(units: usize) -> usize {
    let x = units + 2;
    let log = (usize::BITS - 1 - x.leading_zeros()) as usize;
    // The bit below the leading one picks the half of the doubling.
    let list = 2 * log + (x >> (log - 1)) - 4;
    list.min(LAST)
}

/// Reads or writes the word at `p`.
#[inline]
unsafe fn word(p: *mut u8) -> *mut usize {
    p.cast()
}

/// What [`Heap::measure`] finds (see [`super::ArenaStats`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct HeapMeasure {
    pub capacity: usize,
    pub used: usize,
    pub peak: usize,
    pub live_allocations: usize,
    pub free: usize,
    pub largest_free: usize,
}

pub(crate) struct Heap {
    /// Bit `i` is set when list `i` is non-empty.
    avail: u64,
    lists: [*mut u8; LISTS],
    /// Where `link`/`unlink` write the back link of a missing neighbour, so that they need no
    /// branch on whether a list is empty (never read).
    spare: usize,
    /// The wilderness `[top, end)`.
    top: *mut u8,
    end: *mut u8,
    /// Bytes taken from the source.
    capacity: usize,
    /// The largest `used` seen by [`Heap::measure`].
    peak: usize,
    /// Growth is refused once `capacity` would pass `!not_limit`. (Stored inverted so that
    /// "no limit" is all zeros: the heap then needs no data segment.)
    not_limit: usize,
    source: Source,
}

// SAFETY: the raw pointers point into memory the heap owns (its regions and its own list heads);
// moving the heap between threads moves that ownership with it.
unsafe impl Send for Heap {}

impl Heap {
    pub(crate) const fn new() -> Self {
        Heap {
            avail: 0,
            lists: [null_mut(); LISTS],
            spare: 0,
            top: null_mut(),
            end: null_mut(),
            capacity: 0,
            peak: 0,
            not_limit: 0,
            source: Source::new(),
        }
    }

    /// Where the back link of a gap's successor `next` lives: its `prev` word, or `spare` when
    /// there is none.
    #[inline]
    fn back_link(&mut self, next: *mut u8) -> *mut usize {
        let spare = &raw mut self.spare;
        select_unpredictable(next.is_null(), spare, next.wrapping_add(W).cast())
    }

    /// Puts the gap `[base, base + size)` at the head of its list.
    #[inline]
    unsafe fn link(&mut self, base: *mut u8, size: usize) {
        let list = list_of(size / UNIT);
        let next = self.lists[list];
        // SAFETY: `base..base + size` is a gap of at least `UNIT` bytes that this heap owns, so
        // its first three words and its last word are ours to write; `back_link` is a gap's
        // `prev` word (`next` is a gap of the same list) or `spare`. The head's address is kept
        // as a plain number: `unlink` writes a head through `self`, never through that number.
        unsafe {
            *word(base) = next as usize;
            *word(base.add(W)) = self.lists.as_ptr().wrapping_add(list) as usize;
            *word(base.add(2 * W)) = size;
            *word(base.add(size - W)) = size;
            *self.back_link(next) = base as usize;
        }
        self.lists[list] = base;
        self.avail |= 1 << list;
    }

    /// Takes the gap at `base` out of its list.
    #[inline]
    unsafe fn unlink(&mut self, base: *mut u8) {
        // SAFETY: `base` is a linked gap: its next and prev words are valid, and so are the
        // words they point at (a list head, or the first word of a neighbouring gap); a null
        // `next` sends the back link to `spare`.
        unsafe {
            let next = *word(base) as *mut u8;
            let prev = *word(base.add(W));
            // `prev` is one of our heads exactly when it falls in `lists` (gaps never lie inside
            // `self`). A head is written through `self`: a pointer to it made in an earlier call
            // is no longer valid for writes once `self` has been borrowed anew (Miri).
            let i = prev.wrapping_sub(self.lists.as_ptr() as usize) / W;
            let head = self.lists.as_mut_ptr().wrapping_add(i % LISTS);
            *select_unpredictable(i < LISTS, head, ptr::with_exposed_provenance_mut(prev)) = next;
            *self.back_link(next) = prev;
            // The list became empty exactly when `next` is null and `prev` is one of our heads.
            let emptied = next.is_null() & (i < LISTS);
            self.avail &= !((emptied as u64) << (i % LISTS));
        }
    }

    /// First gap of list `list` holding at least `need` bytes, unlinked.
    unsafe fn first_fit(&mut self, list: usize, need: usize) -> Option<(*mut u8, *mut u8)> {
        let mut gap = self.lists[list];
        while !gap.is_null() {
            // SAFETY: `gap` is a linked gap; its size and next words are valid.
            unsafe {
                let size = *word(gap.add(2 * W));
                if size >= need {
                    self.unlink(gap);
                    return Some((gap, gap.add(size)));
                }
                gap = *word(gap) as *mut u8;
            }
        }
        None
    }

    /// Allocates `size` bytes aligned to `align` (a power of two), or returns null when memory
    /// cannot grow.
    ///
    /// # Safety
    /// `size + align` must not overflow `isize` (true for every [`core::alloc::Layout`]).
    #[cfg_attr(not(target_family = "wasm"), inline)]
    pub(crate) unsafe fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        let req = chunk_size(size);
        // Room to slide the chunk up to an aligned base inside any gap that is large enough.
        let need = if align > UNIT { req + align - UNIT } else { req };
        let ceil = list_of(need / UNIT - 1) + 1;
        // SAFETY: every region below comes from a gap we unlinked or from the wilderness, both
        // owned by this heap and at least `need` bytes long; the word below each is a tag.
        unsafe {
            let (base, end) = 'found: {
                if ceil < LAST {
                    let fit = self.avail >> ceil << ceil;
                    if fit != 0 {
                        let gap = self.lists[fit.trailing_zeros() as usize];
                        let size = *word(gap.add(2 * W));
                        self.unlink(gap);
                        break 'found (gap, gap.add(size));
                    }
                }
                let list = if ceil < LAST { ceil - 1 } else { LAST };
                if let Some(found) = self.first_fit(list, need) {
                    break 'found found;
                }
                if (self.end as usize - self.top as usize) < need && !self.refill(need) {
                    return null_mut();
                }
                let base = self.top;
                let end = base.add((base as usize).wrapping_neg() & (align - 1)).add(req);
                self.top = end;
                (base, end)
            };
            // Both are multiples of `UNIT`, so the slide is one too (zero when `align <= UNIT`).
            let ptr = base.add((base as usize).wrapping_neg() & (align - 1));
            if ptr != base {
                self.link(base, ptr as usize - base as usize);
                *word(base.sub(W)) |= ABOVE_FREE;
            } else {
                *word(base.sub(W)) &= !ABOVE_FREE;
            }
            let chunk_end = ptr.add(req);
            let mut tag = req | ALLOCATED;
            if chunk_end != end {
                self.link(chunk_end, end as usize - chunk_end as usize);
                tag |= ABOVE_FREE;
            }
            *word(chunk_end.sub(W)) = tag;
            ptr
        }
    }

    /// Frees a block of `size` bytes at `ptr`.
    ///
    /// # Safety
    /// `ptr` was returned by this heap for `size` bytes (or resized to `size`) and not freed.
    #[cfg_attr(not(target_family = "wasm"), inline)]
    pub(crate) unsafe fn dealloc(&mut self, ptr: *mut u8, size: usize) {
        // SAFETY: forwarded from the caller: `ptr..ptr + req` is an allocated chunk.
        unsafe { self.release(ptr, ptr.add(chunk_size(size))) }
    }

    /// Returns the chunk `[base, end)` (its tag valid at `end - W`) to the free lists or the
    /// wilderness, merging it with free neighbours.
    #[cfg_attr(not(target_family = "wasm"), inline)]
    unsafe fn release(&mut self, mut base: *mut u8, mut end: *mut u8) {
        // SAFETY: `[base, end)` is a chunk of this heap: the word below it is a tag or the end of
        // a gap, and its own tag tells whether a gap starts at `end`.
        unsafe {
            let tag = *word(end.sub(W));
            let below = *word(base.sub(W));
            if below & ALLOCATED == 0 {
                base = base.sub(below);
                self.unlink(base);
            } else {
                *word(base.sub(W)) = below | ABOVE_FREE;
            }
            if tag & ABOVE_FREE != 0 {
                let above = *word(end.add(2 * W));
                self.unlink(end);
                end = end.add(above);
            }
            if end == self.top {
                self.top = base;
                *word(base.sub(W)) &= !ABOVE_FREE;
            } else {
                self.link(base, end as usize - base as usize);
            }
        }
    }

    /// Resizes the block at `ptr` in place when it can (shrinking always can; growing can into a
    /// free chunk above or the wilderness), else moves it. Returns null, leaving the block
    /// untouched, when memory cannot grow.
    ///
    /// # Safety
    /// `ptr` was returned by this heap for `old_size` bytes and alignment `align`, not freed;
    /// `new_size + align` does not overflow `isize`.
    pub(crate) unsafe fn realloc(
        &mut self,
        ptr: *mut u8,
        old_size: usize,
        align: usize,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: `ptr..old_end` is our allocated chunk; the chunk above it, when its tag says
        // so, is a linked gap, and the wilderness is `[top, end)`. Whatever is taken from above
        // becomes part of the chunk `[ptr, end)`, whose tail past `new_end` is then released.
        unsafe {
            let old_end = ptr.add(chunk_size(old_size));
            let new_end = ptr.add(chunk_size(new_size));
            let mut end = old_end;
            if new_end > old_end {
                // Grow into the free space above when it is enough: a gap, or the wilderness.
                if *word(old_end.sub(W)) & ABOVE_FREE != 0 {
                    let gap_end = old_end.add(*word(old_end.add(2 * W)));
                    if new_end <= gap_end {
                        self.unlink(old_end);
                        end = gap_end;
                    }
                } else if old_end == self.top && new_end <= self.end {
                    end = self.end;
                    self.top = end;
                }
                if end == old_end {
                    let moved = self.alloc(new_size, align);
                    if !moved.is_null() {
                        ptr::copy_nonoverlapping(ptr, moved, old_size);
                        self.dealloc(ptr, old_size);
                    }
                    return moved;
                }
                *word(end.sub(W)) = (end as usize - ptr as usize) | ALLOCATED;
            }
            if new_end != end {
                *word(new_end.sub(W)) = (new_end as usize - ptr as usize) | ALLOCATED;
                self.release(new_end, end);
            }
            ptr
        }
    }

    /// Makes the wilderness at least `need` bytes long; false when the source refuses.
    #[cold]
    #[inline(never)]
    unsafe fn refill(&mut self, need: usize) -> bool {
        loop {
            let have = self.end as usize - self.top as usize;
            if have >= need {
                return true;
            }
            // A fresh region also spends a unit on its header (at page-aligned starts).
            let want = need + UNIT - have;
            if (!self.not_limit).saturating_sub(self.capacity) < want {
                return false;
            }
            let first = self.end.is_null();
            let Some((start, len)) = self.source.grow(want, first) else { return false };
            self.capacity += len;
            // SAFETY: `start..start + len` is fresh memory the source gave us; the old
            // wilderness, if abandoned, is ours and has a tag word below it.
            unsafe {
                let end = start.add(len);
                let end = end.sub(end as usize & (UNIT - 1));
                if start != self.end {
                    // Not contiguous (first region, or someone else grew memory): a new region
                    // opens with a header below its top, the end of the previous region and a
                    // sentinel tag of size 0; the old wilderness becomes a gap.
                    let top = start.add((start as usize + 2 * W).wrapping_neg() & (UNIT - 1));
                    let top = top.add(2 * W);
                    if top >= end {
                        continue; // too small to hold a chunk: left unused
                    }
                    if have != 0 {
                        self.link(self.top, have);
                        *word(self.top.sub(W)) |= ABOVE_FREE;
                    }
                    *word(top.sub(2 * W)) = self.end as usize;
                    *word(top.sub(W)) = ALLOCATED;
                    self.top = top;
                }
                self.end = end;
            }
        }
    }

    pub(crate) fn set_limit(&mut self, limit: usize) {
        self.not_limit = !limit;
    }

    /// Measures the heap by walking every chunk, from the top of each region down: the hot
    /// paths keep no counts, so allocations are counted here. Each tag carries its chunk's
    /// size, a gap's last word its size, and a region starts with a header (the previous
    /// region's end, then a sentinel tag of size 0).
    pub(crate) fn measure(&mut self) -> HeapMeasure {
        let wild = self.end as usize - self.top as usize;
        let mut m = HeapMeasure {
            capacity: self.capacity,
            free: wild,
            largest_free: wild,
            ..HeapMeasure::default()
        };
        let mut region_end = self.top;
        while !region_end.is_null() {
            let mut at = region_end;
            // SAFETY: `at` is the end of a chunk of a region of this heap (or of the region's
            // header): the word below it is a tag or a gap's size, and a region's header lies
            // below its sentinel.
            unsafe {
                loop {
                    let last = *word(at.sub(W));
                    let size = last & !(UNIT - 1);
                    if last & ALLOCATED == 0 {
                        m.free += size;
                        m.largest_free = m.largest_free.max(size);
                    } else if size == 0 {
                        break; // the sentinel: the region's first chunk starts at `at`
                    } else {
                        m.live_allocations += 1;
                    }
                    at = at.sub(size);
                }
                region_end = *word(at.sub(2 * W)) as *mut u8;
            }
        }
        // Everything not free is in use: blocks with their tags, plus the few header and
        // alignment bytes at the edges of regions.
        m.used = m.capacity - m.free;
        self.peak = self.peak.max(m.used);
        m.peak = self.peak;
        m
    }
}

/// Where the heap gets memory: `memory.grow` on wasm, one lazily committed reservation from the
/// system allocator natively (so growth is contiguous, as on wasm), nothing on `no_std` natively.
struct Source {
    #[cfg(all(not(target_family = "wasm"), feature = "std"))]
    next: usize,
    #[cfg(all(not(target_family = "wasm"), feature = "std"))]
    end: usize,
}

/// Bytes reserved (not committed) for the native heap.
#[cfg(all(not(target_family = "wasm"), feature = "std"))]
const NATIVE_RESERVE: usize = if usize::BITS >= 64 { 1 << 30 } else { 1 << 27 };

impl Source {
    const fn new() -> Self {
        Source {
            #[cfg(all(not(target_family = "wasm"), feature = "std"))]
            next: 0,
            #[cfg(all(not(target_family = "wasm"), feature = "std"))]
            end: 0,
        }
    }

    /// At least `bytes` more bytes, in whole pages: `(start, len)`. `first` on the heap's first
    /// call, which may take the memory the module starts with instead.
    #[cfg(target_family = "wasm")]
    fn grow(&mut self, bytes: usize, first: bool) -> Option<(*mut u8, usize)> {
        #[cfg(target_arch = "wasm32")]
        use core::arch::wasm32 as arch;
        #[cfg(target_arch = "wasm64")]
        use core::arch::wasm64 as arch;
        unsafe extern "C" {
            /// First byte after the module's static data and stack, placed by the linker.
            static __heap_base: u8;
        }
        // The memory between `__heap_base` and the initial memory size belongs to nobody yet:
        // the heap (there is one per program) takes it before asking the host for pages.
        if first {
            let base = &raw const __heap_base as usize;
            let size = arch::memory_size(0) * PAGE;
            if size > base {
                return Some((ptr::with_exposed_provenance_mut(base), size - base));
            }
        }
        let pages = bytes.div_ceil(PAGE);
        match arch::memory_grow(0, pages) {
            usize::MAX => None,
            old => Some((ptr::with_exposed_provenance_mut(old * PAGE), pages * PAGE)),
        }
    }

    #[cfg(all(not(target_family = "wasm"), feature = "std"))]
    fn grow(&mut self, bytes: usize, _first: bool) -> Option<(*mut u8, usize)> {
        if self.end == 0 {
            let layout = core::alloc::Layout::from_size_align(NATIVE_RESERVE, PAGE).ok()?;
            // SAFETY: the layout is non-zero. The reservation is never freed: like wasm memory,
            // the heap only grows. Large system allocations are mapped lazily, so untouched
            // pages cost nothing.
            let start = unsafe { std::alloc::GlobalAlloc::alloc(&std::alloc::System, layout) };
            if start.is_null() {
                return None;
            }
            self.next = start.expose_provenance();
            self.end = self.next + NATIVE_RESERVE;
        }
        let len = bytes.checked_next_multiple_of(PAGE)?;
        if len > self.end - self.next {
            return None;
        }
        let start = self.next;
        self.next += len;
        Some((ptr::with_exposed_provenance_mut(start), len))
    }

    #[cfg(all(not(target_family = "wasm"), not(feature = "std")))]
    fn grow(&mut self, _bytes: usize, _first: bool) -> Option<(*mut u8, usize)> {
        None
    }
}

#[cfg(test)]
#[path = "heap_tests.rs"]
mod tests;
