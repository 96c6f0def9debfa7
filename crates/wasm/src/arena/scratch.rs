//! [`Scratch`]: a bump arena for per-call temporaries, and [`Scope`], the handle allocations go
//! through.

use super::ArenaStats;
use alloc::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use core::cell::Cell;
use core::ptr::{self, NonNull};

/// A bump arena: allocating is a subtraction and a compare, freeing happens all at once.
///
/// Memory comes in chunks from the global allocator; [`reset`](Scratch::reset) makes all of it
/// free again in O(1) and keeps the chunks for reuse, so a steady workload stops allocating.
/// Values allocated here are never dropped (like `bumpalo`); [`ScratchVec`] drops its elements.
///
/// Allocations borrow the arena, so they cannot outlive it or a reset:
///
/// ```
/// let mut scratch = wasm::arena::Scratch::new();
/// let xs = scratch.alloc_slice_copy(&[1, 2, 3]);
/// let name = scratch.alloc_str("temp");
/// assert_eq!((xs.len(), &*name), (3, "temp"));
/// scratch.reset(); // needs `&mut`: `xs` and `name` are dead here
/// ```
///
/// Checkpoints are scoped: [`scope`](Scratch::scope) runs a closure with a [`Scope`] whose
/// allocations are all freed when it returns, while earlier allocations stay valid. During a
/// scope, allocating through an outer handle panics (that memory would be freed under it).
/// The per-call scratch of [`with_scratch`](super::with_scratch) is one of these arenas.
pub struct Scratch {
    /// Bump pointer: allocations grow down from the current chunk's end towards `start`.
    ptr: Cell<usize>,
    start: Cell<usize>,
    /// Current chunk, and the first of the list of chunks this arena owns.
    cur: Cell<*mut ChunkHead>,
    first: Cell<*mut ChunkHead>,
    /// Depth of the innermost active [`Scope`]; only handles of this depth may allocate.
    level: Cell<u32>,
    /// Allocations since the last reset.
    count: Cell<usize>,
    /// Bytes spent in chunks before the current one, waste at their tails included.
    retired: Cell<usize>,
    peak: Cell<usize>,
    capacity: Cell<usize>,
}

/// The header at the base of every chunk.
struct ChunkHead {
    next: *mut ChunkHead,
    size: usize,
}

const HEAD: usize = size_of::<ChunkHead>();
const CHUNK_ALIGN: usize = 16;
const FIRST_CHUNK: usize = 4096;
/// A dangling, well-aligned address: with `ptr == start` here, zero-sized requests succeed
/// without memory and every other request takes the slow path.
const EMPTY: usize = 4096;

/// What a [`Scope::scope`] restores.
#[derive(Clone, Copy)]
struct Mark {
    ptr: usize,
    start: usize,
    cur: *mut ChunkHead,
    count: usize,
    retired: usize,
}

impl Scratch {
    /// An empty arena; it takes its first chunk (4 KiB) on first use.
    pub const fn new() -> Self {
        Scratch {
            ptr: Cell::new(EMPTY),
            start: Cell::new(EMPTY),
            cur: Cell::new(ptr::null_mut()),
            first: Cell::new(ptr::null_mut()),
            level: Cell::new(0),
            count: Cell::new(0),
            retired: Cell::new(0),
            peak: Cell::new(0),
            capacity: Cell::new(0),
        }
    }

    /// An arena with one chunk of at least `bytes` bytes already taken.
    pub fn with_capacity(bytes: usize) -> Self {
        let scratch = Scratch::new();
        if bytes > 0 {
            scratch.add_chunk(bytes, 1);
        }
        scratch
    }

    /// The handle for allocating at the outermost level.
    #[inline]
    pub fn root(&self) -> Scope<'_> {
        Scope { scratch: self, level: 0 }
    }

    /// The handle for allocating at the innermost active level (what
    /// [`with_scratch`](super::with_scratch) hands out).
    #[inline]
    pub(crate) fn current(&self) -> Scope<'_> {
        Scope { scratch: self, level: self.level.get() }
    }

    /// Frees every allocation at once, keeping the chunks for reuse. O(1).
    pub fn reset(&mut self) {
        // SAFETY: `&mut self` proves no allocation (they all borrow `self`) is alive.
        unsafe { self.reset_unchecked() }
    }

    /// # Safety
    /// No allocation of this arena is used afterwards.
    pub(crate) unsafe fn reset_unchecked(&self) {
        self.note_peak();
        self.level.set(0);
        self.count.set(0);
        self.retired.set(0);
        let first = self.first.get();
        self.cur.set(first);
        if first.is_null() {
            self.ptr.set(EMPTY);
            self.start.set(EMPTY);
        } else {
            // SAFETY: `first` is a live chunk of this arena.
            let size = unsafe { (*first).size };
            self.start.set(first as usize + HEAD);
            self.ptr.set(first as usize + size);
        }
    }

    /// End of the current chunk's usable space.
    fn cur_end(&self) -> usize {
        let cur = self.cur.get();
        // SAFETY: a non-null `cur` is a live chunk of this arena.
        if cur.is_null() { EMPTY } else { cur as usize + unsafe { (*cur).size } }
    }

    fn used(&self) -> usize {
        self.retired.get() + (self.cur_end() - self.ptr.get())
    }

    fn note_peak(&self) {
        self.peak.set(self.peak.get().max(self.used()));
    }

    /// Usage of this arena: bytes handed out since the last reset (chunk-tail waste included),
    /// bytes of chunks owned, the peak of the former, allocations since the last reset, and the
    /// free space (total and the largest contiguous piece: the rest of the current chunk or an
    /// untouched later chunk).
    pub fn stats(&self) -> ArenaStats {
        self.note_peak();
        let mut largest = self.ptr.get() - self.start.get();
        let mut free = largest;
        let mut chunk = self.cur.get();
        while !chunk.is_null() {
            // SAFETY: chunks in the list are live; those after `cur` are untouched.
            unsafe {
                chunk = (*chunk).next;
                if let Some(c) = chunk.as_ref() {
                    free += c.size - HEAD;
                    largest = largest.max(c.size - HEAD);
                }
            }
        }
        ArenaStats {
            used: self.used(),
            capacity: self.capacity.get(),
            peak: self.peak.get(),
            live_allocations: self.count.get(),
            free,
            largest_free: largest,
        }
    }

    /// Allocates `layout` at scope depth `level`, or returns `None` when the global allocator
    /// fails. Panics when `level` is not the innermost active scope.
    #[inline]
    fn try_alloc_at(&self, level: u32, layout: Layout) -> Option<NonNull<u8>> {
        if level != self.level.get() {
            outer_scope_used();
        }
        self.count.set(self.count.get() + 1);
        if let Some(p) = self.ptr.get().checked_sub(layout.size()) {
            let p = p & !(layout.align() - 1);
            if p >= self.start.get() {
                self.ptr.set(p);
                // SAFETY: `p >= start > 0`, inside the current chunk (or `EMPTY` for size 0).
                return Some(unsafe { NonNull::new_unchecked(ptr::with_exposed_provenance_mut(p)) });
            }
        }
        self.alloc_slow(layout)
    }

    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, layout: Layout) -> Option<NonNull<u8>> {
        // Move on through chunks kept from before the last reset, then take a new one.
        let mut next = self.cur.get();
        // SAFETY: chunks in the list are live and owned by this arena.
        unsafe {
            next = if next.is_null() { self.first.get() } else { (*next).next };
            while !next.is_null() {
                self.retire();
                self.enter(next);
                if let Some(p) = self.bump(layout) {
                    return Some(p);
                }
                next = (*next).next;
            }
        }
        self.add_chunk(layout.size(), layout.align())?;
        self.bump(layout)
    }

    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        let p = self.ptr.get().checked_sub(layout.size())? & !(layout.align() - 1);
        if p < self.start.get() {
            return None;
        }
        self.ptr.set(p);
        NonNull::new(ptr::with_exposed_provenance_mut(p))
    }

    /// Counts what is left of the current chunk as spent before leaving it.
    fn retire(&self) {
        self.retired.set(self.retired.get() + (self.cur_end() - self.start.get()));
    }

    fn enter(&self, chunk: *mut ChunkHead) {
        self.cur.set(chunk);
        self.start.set(chunk as usize + HEAD);
        // SAFETY: `chunk` is live.
        self.ptr.set(chunk as usize + unsafe { (*chunk).size });
    }

    /// Appends a chunk large enough for `size` bytes at `align` and makes it current.
    fn add_chunk(&self, size: usize, align: usize) -> Option<()> {
        let mut last = self.first.get();
        let mut prev_size = FIRST_CHUNK / 2;
        // SAFETY: chunks in the list are live.
        unsafe {
            while !last.is_null() && !(*last).next.is_null() {
                last = (*last).next;
            }
            if let Some(l) = last.as_ref() {
                prev_size = l.size;
            }
        }
        let want = size.checked_add(align)?.checked_add(HEAD)?;
        let chunk_size = want.max(prev_size.saturating_mul(2)).checked_next_multiple_of(CHUNK_ALIGN)?;
        let layout = Layout::from_size_align(chunk_size, CHUNK_ALIGN).ok()?;
        // SAFETY: the layout is non-zero; the chunk is freed in `Drop` with the same layout.
        let chunk = unsafe { alloc(layout) }.cast::<ChunkHead>();
        if chunk.is_null() {
            return None;
        }
        // SAFETY: fresh, suitably aligned memory for the header; `last` is live.
        unsafe {
            chunk.write(ChunkHead { next: ptr::null_mut(), size: chunk_size });
            match last.as_mut() {
                Some(l) => l.next = chunk,
                None => self.first.set(chunk),
            }
        }
        self.capacity.set(self.capacity.get() + chunk_size);
        if !self.cur.get().is_null() {
            self.retire();
        }
        self.enter(chunk);
        Some(())
    }

    fn mark(&self) -> Mark {
        Mark {
            ptr: self.ptr.get(),
            start: self.start.get(),
            cur: self.cur.get(),
            count: self.count.get(),
            retired: self.retired.get(),
        }
    }

    fn rewind(&self, mark: Mark) {
        self.note_peak();
        self.ptr.set(mark.ptr);
        self.start.set(mark.start);
        self.cur.set(mark.cur);
        self.count.set(mark.count);
        self.retired.set(mark.retired);
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut chunk = self.first.get();
        while !chunk.is_null() {
            // SAFETY: each chunk was allocated in `add_chunk` with this layout; `&mut self`
            // proves no allocation in it is alive.
            unsafe {
                let ChunkHead { next, size } = chunk.read();
                dealloc(chunk.cast(), Layout::from_size_align_unchecked(size, CHUNK_ALIGN));
                chunk = next;
            }
        }
    }
}

impl core::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Scratch").field("stats", &self.stats()).finish()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn outer_scope_used() -> ! {
    panic!("scratch allocation through an outer handle while an inner `scope` is active");
}

/// A handle that allocates in a [`Scratch`] for lifetime `'a`.
///
/// [`with_scratch`](super::with_scratch) and [`Scratch::scope`] hand these out; everything
/// allocated through one lives as long as `'a` and no longer, which the compiler enforces.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    scratch: &'a Scratch,
    level: u32,
}

impl<'a> Scope<'a> {
    /// Allocates raw memory for `layout`, or `None` when the global allocator is out of memory.
    #[inline]
    pub fn try_alloc_layout(&self, layout: Layout) -> Option<NonNull<u8>> {
        self.scratch.try_alloc_at(self.level, layout)
    }

    /// Allocates raw memory for `layout`; aborts through `handle_alloc_error` when out of memory.
    #[inline]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        match self.try_alloc_layout(layout) {
            Some(p) => p,
            None => handle_alloc_error(layout),
        }
    }

    /// Moves `value` into the arena. It is never dropped.
    #[inline]
    pub fn alloc<T>(&self, value: T) -> &'a mut T {
        let p = self.alloc_layout(Layout::new::<T>()).cast::<T>();
        // SAFETY: fresh memory for one `T`, exclusively ours for `'a`.
        unsafe {
            p.write(value);
            &mut *p.as_ptr()
        }
    }

    /// Copies `src` into the arena.
    #[inline]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &'a mut [T] {
        let p = self.alloc_layout(Layout::for_value(src)).cast::<T>();
        // SAFETY: fresh memory for `src.len()` values of `T`; `T: Copy`.
        unsafe {
            ptr::copy_nonoverlapping(src.as_ptr(), p.as_ptr(), src.len());
            core::slice::from_raw_parts_mut(p.as_ptr(), src.len())
        }
    }

    /// A slice of `len` values made by `f(index)`.
    pub fn alloc_slice_fill_with<T>(&self, len: usize, mut f: impl FnMut(usize) -> T) -> &'a mut [T] {
        let mut v = self.vec_with_capacity(len);
        for i in 0..len {
            v.push(f(i));
        }
        v.into_slice()
    }

    /// Copies `s` into the arena.
    #[inline]
    pub fn alloc_str(&self, s: &str) -> &'a mut str {
        let bytes = self.alloc_slice_copy(s.as_bytes());
        // SAFETY: a copy of valid UTF-8.
        unsafe { core::str::from_utf8_unchecked_mut(bytes) }
    }

    /// Formats `args` into the arena: `s.format(format_args!("{x}"))`.
    pub fn format(&self, args: core::fmt::Arguments<'_>) -> &'a mut str {
        let mut s = self.string();
        // Writing into a `ScratchString` cannot fail; a failing `Display` impl truncates.
        let _ = core::fmt::Write::write_fmt(&mut s, args);
        s.into_str()
    }

    /// An empty growable vector in the arena.
    pub fn vec<T>(&self) -> super::ScratchVec<'a, T> {
        super::ScratchVec::new_in(*self)
    }

    /// An empty vector with room for `capacity` elements.
    pub fn vec_with_capacity<T>(&self, capacity: usize) -> super::ScratchVec<'a, T> {
        let mut v = super::ScratchVec::new_in(*self);
        v.reserve(capacity);
        v
    }

    /// An empty growable string in the arena.
    pub fn string(&self) -> super::ScratchString<'a> {
        super::ScratchString::new_in(*self)
    }

    /// Runs `f` with a nested handle (a checkpoint): everything `f` allocates through it is freed
    /// when `f` returns, and nothing allocated in it can leave `f`. While `f` runs, allocating
    /// through this (outer) handle panics.
    pub fn scope<R>(&self, f: impl FnOnce(&Scope<'_>) -> R) -> R {
        if self.level != self.scratch.level.get() {
            outer_scope_used();
        }
        struct Rewind<'s>(&'s Scratch, Mark, u32);
        impl Drop for Rewind<'_> {
            fn drop(&mut self) {
                self.0.rewind(self.1);
                self.0.level.set(self.2);
            }
        }
        let _rewind = Rewind(self.scratch, self.scratch.mark(), self.level);
        let inner = self.level.checked_add(1).expect("scratch scopes nested too deeply");
        self.scratch.level.set(inner);
        f(&Scope { scratch: self.scratch, level: inner })
    }

    /// The arena this handle allocates in.
    pub fn scratch(&self) -> &'a Scratch {
        self.scratch
    }
}

impl core::fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Scope").field("level", &self.level).finish_non_exhaustive()
    }
}

/// The root handle's methods, on the arena itself.
impl Scratch {
    /// See [`Scope::alloc`].
    #[inline]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        self.root().alloc(value)
    }
    /// See [`Scope::alloc_slice_copy`].
    #[inline]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        self.root().alloc_slice_copy(src)
    }
    /// See [`Scope::alloc_str`].
    #[inline]
    pub fn alloc_str(&self, s: &str) -> &mut str {
        self.root().alloc_str(s)
    }
    /// See [`Scope::alloc_layout`].
    #[inline]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        self.root().alloc_layout(layout)
    }
    /// See [`Scope::vec`].
    pub fn vec<T>(&self) -> super::ScratchVec<'_, T> {
        self.root().vec()
    }
    /// See [`Scope::string`].
    pub fn string(&self) -> super::ScratchString<'_> {
        self.root().string()
    }
    /// See [`Scope::scope`].
    pub fn scope<R>(&self, f: impl FnOnce(&Scope<'_>) -> R) -> R {
        self.root().scope(f)
    }
}
