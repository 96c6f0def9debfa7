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
/// Values allocated here are never dropped (like `bumpalo`); [`ScratchVec`](super::ScratchVec) drops its elements.
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
    /// The bump state of allocations outside any scope.
    root: Frame,
    /// The frame of the innermost active [`Scope::scope`] (null: `root`), in the arena's own
    /// memory.
    innermost: Cell<*const Frame>,
    /// The first of the list of chunks this arena owns.
    first: Cell<*mut ChunkHead>,
    peak: Cell<usize>,
    capacity: Cell<usize>,
}

/// The bump state of one level (the root, or one [`Scope::scope`]), which its handles carry a
/// reference to, so an allocation reads nothing else.
///
/// Invariant: `start <= ptr`, and `start` is a multiple of [`CHUNK_ALIGN`] (it is either
/// [`EMPTY`] or a chunk's data start), so a request aligned to at most that fits exactly when
/// `ptr - start >= size`. A frame that is not the innermost is *closed*: `ptr == start == EMPTY`
/// while the inner scope runs (its own values are saved by the scope), so every non-empty
/// request through it takes the slow path, which panics.
struct Frame {
    /// Bump pointer: allocations grow down from the current chunk's end towards `start`.
    ptr: Cell<usize>,
    start: Cell<usize>,
    /// Current chunk (null before the first).
    cur: Cell<*mut ChunkHead>,
    /// Allocations since the last reset.
    count: Cell<usize>,
    /// Bytes spent in chunks before the current one, waste at their tails included.
    retired: Cell<usize>,
}

/// The header at the base of every chunk, padded so the data after it starts
/// [`CHUNK_ALIGN`]-aligned.
#[repr(align(16))]
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
const _: () = assert!(HEAD.is_multiple_of(CHUNK_ALIGN) && EMPTY.is_multiple_of(CHUNK_ALIGN));

impl Frame {
    const fn new() -> Self {
        Frame {
            ptr: Cell::new(EMPTY),
            start: Cell::new(EMPTY),
            cur: Cell::new(ptr::null_mut()),
            count: Cell::new(0),
            retired: Cell::new(0),
        }
    }

    /// The fast path: a bump in the current chunk, or `None`.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        let (ptr, start) = (self.ptr.get(), self.start.get());
        let p = if layout.align() <= CHUNK_ALIGN {
            // `start` is aligned at least as much, so rounding down stays at or above it.
            if ptr - start < layout.size() {
                return None;
            }
            (ptr - layout.size()) & !(layout.align() - 1)
        } else {
            let p = ptr.checked_sub(layout.size())? & !(layout.align() - 1);
            if p < start {
                return None;
            }
            p
        };
        self.ptr.set(p);
        self.count.set(self.count.get() + 1);
        // SAFETY: `p >= start >= EMPTY > 0`.
        Some(unsafe { NonNull::new_unchecked(ptr::with_exposed_provenance_mut(p)) })
    }

    /// End of the current chunk's usable space.
    fn cur_end(&self) -> usize {
        let cur = self.cur.get();
        // SAFETY: a non-null `cur` is a live chunk of the arena.
        if cur.is_null() { EMPTY } else { cur as usize + unsafe { (*cur).size } }
    }

    fn used(&self) -> usize {
        self.retired.get() + (self.cur_end() - self.ptr.get())
    }

    /// Counts what is left of the current chunk as spent before leaving it.
    fn retire(&self) {
        if !self.cur.get().is_null() {
            self.retired.set(self.retired.get() + (self.cur_end() - self.start.get()));
        }
    }

    fn enter(&self, chunk: *mut ChunkHead) {
        self.cur.set(chunk);
        self.start.set(chunk as usize + HEAD);
        // SAFETY: `chunk` is live.
        self.ptr.set(chunk as usize + unsafe { (*chunk).size });
    }

    /// Puts the bump state back to `saved` (the count is the frame's own: zero-sized values
    /// made through a closed frame stay counted).
    fn restore(&self, saved: &Frame) {
        self.ptr.set(saved.ptr.get());
        self.start.set(saved.start.get());
        self.cur.set(saved.cur.get());
        self.retired.set(saved.retired.get());
    }

    fn copy(&self) -> Frame {
        Frame {
            ptr: Cell::new(self.ptr.get()),
            start: Cell::new(self.start.get()),
            cur: Cell::new(self.cur.get()),
            count: Cell::new(self.count.get()),
            retired: Cell::new(self.retired.get()),
        }
    }
}

impl Scratch {
    /// An empty arena; it takes its first chunk (4 KiB) on first use.
    pub const fn new() -> Self {
        Scratch {
            root: Frame::new(),
            innermost: Cell::new(ptr::null()),
            first: Cell::new(ptr::null_mut()),
            peak: Cell::new(0),
            capacity: Cell::new(0),
        }
    }

    /// An arena with one chunk of at least `bytes` bytes already taken.
    pub fn with_capacity(bytes: usize) -> Self {
        let scratch = Scratch::new();
        if bytes > 0 {
            scratch.add_chunk(&scratch.root, bytes, 1);
        }
        scratch
    }

    /// The handle for allocating at the outermost level.
    #[inline]
    pub fn root(&self) -> Scope<'_> {
        Scope { scratch: self, frame: &self.root }
    }

    /// The innermost active frame.
    #[inline]
    fn innermost(&self) -> &Frame {
        let inner = self.innermost.get();
        // SAFETY: a non-null `innermost` is a frame in this arena's memory, allocated by a
        // `scope` and kept until its guard restores the outer frame, or, if a host exception
        // abandoned the scope, until the reset at the end of the outermost call clears it.
        if inner.is_null() { &self.root } else { unsafe { &*inner } }
    }

    /// The handle for allocating at the innermost active level (what
    /// [`with_scratch`](super::with_scratch) hands out).
    ///
    /// # Safety
    /// The handle must not outlive the innermost scope (or the current call, when that scope
    /// was abandoned).
    #[inline]
    pub(crate) unsafe fn current(&self) -> Scope<'_> {
        Scope { scratch: self, frame: self.innermost() }
    }

    /// Frees every allocation at once, keeping the chunks for reuse. O(1).
    pub fn reset(&mut self) {
        // SAFETY: `&mut self` proves no allocation (they all borrow `self`) and no scope is
        // alive.
        unsafe { self.reset_unchecked() }
    }

    /// True when a reset would change nothing (the common case for a call that used no
    /// scratch): no allocation since the last reset, no chunk left (leaving one adds to
    /// `retired`) and no scope left open.
    #[inline]
    pub(crate) fn untouched(&self) -> bool {
        let root = &self.root;
        root.count.get() == 0 && root.retired.get() == 0 && self.innermost.get().is_null()
    }

    /// # Safety
    /// No allocation of this arena is used afterwards, and no scope is active (a scope whose
    /// frames a host exception abandoned is not: its frame is gone, and this reopens the root).
    pub(crate) unsafe fn reset_unchecked(&self) {
        if self.untouched() {
            return;
        }
        let root = &self.root;
        self.note_peak();
        self.innermost.set(ptr::null());
        root.count.set(0);
        root.retired.set(0);
        let first = self.first.get();
        if first.is_null() {
            root.ptr.set(EMPTY);
            root.start.set(EMPTY);
        } else {
            root.enter(first);
        }
    }

    fn note_peak(&self) {
        self.peak.set(self.peak.get().max(self.innermost().used()));
    }

    /// Usage of this arena: bytes handed out since the last reset (chunk-tail waste included),
    /// bytes of chunks owned, the peak of the former, allocations since the last reset, and the
    /// free space (total and the largest contiguous piece: the rest of the current chunk or an
    /// untouched later chunk).
    pub fn stats(&self) -> ArenaStats {
        self.note_peak();
        let frame = self.innermost();
        let mut largest = frame.ptr.get() - frame.start.get();
        let mut free = largest;
        let mut chunk = frame.cur.get();
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
            used: frame.used(),
            capacity: self.capacity.get(),
            peak: self.peak.get(),
            live_allocations: frame.count.get(),
            free,
            largest_free: largest,
        }
    }

    /// Allocates `layout` in `frame` when the current chunk has no room, or returns `None`
    /// when the global allocator fails. Panics when `frame` is not the innermost.
    #[cold]
    #[inline(never)]
    fn alloc_slow(&self, frame: &Frame, layout: Layout) -> Option<NonNull<u8>> {
        if !ptr::eq(frame, self.innermost()) {
            outer_scope_used();
        }
        // Move on through chunks kept from before the last reset, then take a new one.
        let mut next = frame.cur.get();
        // SAFETY: chunks in the list are live and owned by this arena; those after the
        // innermost frame's `cur` hold nothing alive.
        unsafe {
            next = if next.is_null() { self.first.get() } else { (*next).next };
            while !next.is_null() {
                frame.retire();
                frame.enter(next);
                if let Some(p) = frame.bump(layout) {
                    return Some(p);
                }
                next = (*next).next;
            }
        }
        self.add_chunk(frame, layout.size(), layout.align())?;
        frame.bump(layout)
    }

    /// Appends a chunk large enough for `size` bytes at `align` and makes it `frame`'s current.
    fn add_chunk(&self, frame: &Frame, size: usize, align: usize) -> Option<()> {
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
        let chunk_size =
            want.max(prev_size.saturating_mul(2)).checked_next_multiple_of(CHUNK_ALIGN)?;
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
        frame.retire();
        frame.enter(chunk);
        Some(())
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
    frame: &'a Frame,
}

impl<'a> Scope<'a> {
    /// Allocates raw memory for `layout`, or `None` when the global allocator is out of memory.
    #[inline]
    pub fn try_alloc_layout(&self, layout: Layout) -> Option<NonNull<u8>> {
        match self.frame.bump(layout) {
            Some(p) => Some(p),
            None => self.scratch.alloc_slow(self.frame, layout),
        }
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
    pub fn alloc_slice_fill_with<T>(
        &self,
        len: usize,
        mut f: impl FnMut(usize) -> T,
    ) -> &'a mut [T] {
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
    /// through this (outer) handle panics (zero-sized values excepted: they take no memory).
    pub fn scope<R>(&self, f: impl FnOnce(&Scope<'_>) -> R) -> R {
        let scratch = self.scratch;
        let outer = self.frame;
        if !ptr::eq(outer, scratch.innermost()) {
            outer_scope_used();
        }
        // The inner frame lives in the arena itself, taken through the outer frame before it
        // closes: if a host exception abandons this call's frames (no guard runs), `innermost`
        // still points at valid memory until the outermost call's reset clears it. The inner
        // frame continues below itself; the outer one is closed until the scope ends, then
        // restored as it stood before, which frees the inner frame and all it allocated.
        let saved = outer.copy();
        let inner: &Frame = self.alloc(saved.copy());
        inner.ptr.set(outer.ptr.get());
        inner.start.set(outer.start.get());
        inner.cur.set(outer.cur.get());
        inner.count.set(saved.count.get());
        inner.retired.set(outer.retired.get());
        struct Reopen<'s> {
            scratch: &'s Scratch,
            outer: &'s Frame,
            saved: Frame,
            prev: *const Frame,
        }
        impl Drop for Reopen<'_> {
            fn drop(&mut self) {
                self.scratch.note_peak();
                self.outer.restore(&self.saved);
                self.scratch.innermost.set(self.prev);
            }
        }
        // The inner frame is not one of the outer level's allocations.
        outer.count.set(saved.count.get());
        let _reopen = Reopen { scratch, outer, saved, prev: scratch.innermost.get() };
        outer.ptr.set(EMPTY);
        outer.start.set(EMPTY);
        scratch.innermost.set(inner);
        f(&Scope { scratch, frame: inner })
    }

    /// The arena this handle allocates in.
    pub fn scratch(&self) -> &'a Scratch {
        self.scratch
    }
}

impl core::fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Scope")
            .field("innermost", &ptr::eq(self.frame, self.scratch.innermost()))
            .finish_non_exhaustive()
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
