//! The atomic view of a `SharedSlice` of 32-bit elements.

use core::fmt;
use core::marker::PhantomData;
use core::slice;
use core::sync::atomic::{AtomicU32, Ordering};

use crate::Pod;
#[cfg(test)]
use crate::SharedSlice;

mod sealed {
    pub trait Sealed {}
    impl Sealed for u32 {}
    impl Sealed for i32 {}
    impl Sealed for f32 {}
}

/// A 32-bit `Pod` element type whose cells can be used atomically: `u32`, `i32`, `f32`.
///
/// Sealed: the atomic view reinterprets the cells as `AtomicU32`, which needs exactly 4 bytes
/// with alignment 4.
pub trait Atomic32: Pod + sealed::Sealed {
    #[doc(hidden)]
    #[crate::pure]
    fn to_bits(self) -> u32;
    #[doc(hidden)]
    #[crate::pure]
    fn from_bits(bits: u32) -> Self;
    #[doc(hidden)]
    #[crate::effect(atomic_read, atomic_write)]
    fn fetch_add(cell: &AtomicU32, value: Self, order: Ordering) -> Self;
}

impl Atomic32 for u32 {
    fn to_bits(self) -> u32 {
        self
    }
    fn from_bits(bits: u32) -> Self {
        bits
    }
    fn fetch_add(cell: &AtomicU32, value: Self, order: Ordering) -> Self {
        cell.fetch_add(value, order)
    }
}

impl Atomic32 for i32 {
    fn to_bits(self) -> u32 {
        self as u32
    }
    fn from_bits(bits: u32) -> Self {
        bits as i32
    }
    // Two's complement: wrapping addition of the bits is wrapping addition of the `i32`s.
    fn fetch_add(cell: &AtomicU32, value: Self, order: Ordering) -> Self {
        cell.fetch_add(value as u32, order) as i32
    }
}

impl Atomic32 for f32 {
    fn to_bits(self) -> u32 {
        f32::to_bits(self)
    }
    fn from_bits(bits: u32) -> Self {
        f32::from_bits(bits)
    }
    // No float add in hardware atomics: a compare-exchange loop.
    fn fetch_add(cell: &AtomicU32, value: Self, order: Ordering) -> Self {
        let prev = cell.fetch_update(order, Ordering::Relaxed, |bits| {
            Some((f32::from_bits(bits) + value).to_bits())
        });
        match prev {
            Ok(bits) | Err(bits) => f32::from_bits(bits),
        }
    }
}

/// Elements of a [`SharedSlice`](crate::SharedSlice) seen as atomic cells; get one from
/// [`SharedSlice::atomic`](crate::SharedSlice::atomic).
///
/// Used by reference (`&AtomicSlice<T>`, like `&[T]`), so a non-`move` task closure borrows the
/// cells, not a local variable. Every access is atomic: tasks may load, store and add to the same
/// element concurrently. Indexing out of bounds panics, as for slices.
#[repr(transparent)]
pub struct AtomicSlice<T: Atomic32> {
    _element: PhantomData<T>,
    cells: [AtomicU32],
}

impl<T: Atomic32> AtomicSlice<T> {
    const LAYOUT_MATCHES: () = assert!(
        core::mem::size_of::<T>() == core::mem::size_of::<AtomicU32>()
            && core::mem::align_of::<T>() == core::mem::align_of::<AtomicU32>()
    );

    pub(super) fn from_mut(data: &mut [T]) -> &AtomicSlice<T> {
        let () = Self::LAYOUT_MATCHES;
        let cells = data as *mut [T] as *const [AtomicU32] as *const AtomicSlice<T>;
        // SAFETY: `T` and `AtomicU32` have the same size and alignment (checked at compile time
        // above), any `u32` bits are a valid `AtomicU32`, and `AtomicSlice` is
        // `repr(transparent)` over `[AtomicU32]`, so the pointer (with its length) is valid. The
        // unique borrow of `data` lasts as long as the returned shared borrow, so all access
        // meanwhile goes through the atomics.
        unsafe { &*cells }
    }

    /// Number of cells.
    #[inline]
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// `true` if there are no cells.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Atomically reads cell `index`.
    #[inline]
    #[crate::effect(atomic_read)]
    pub fn load(&self, index: usize, order: Ordering) -> T {
        T::from_bits(self.cells[index].load(order))
    }

    /// Atomically writes cell `index`.
    #[inline]
    #[crate::effect(atomic_write)]
    pub fn store(&self, index: usize, value: T, order: Ordering) {
        self.cells[index].store(value.to_bits(), order)
    }

    /// Atomically replaces cell `index`, returning the previous value.
    #[inline]
    #[crate::effect(atomic_read, atomic_write)]
    pub fn swap(&self, index: usize, value: T, order: Ordering) -> T {
        T::from_bits(self.cells[index].swap(value.to_bits(), order))
    }

    /// Atomically adds to cell `index` (wrapping for integers), returning the previous value.
    #[inline]
    #[crate::effect(atomic_read, atomic_write)]
    pub fn fetch_add(&self, index: usize, value: T, order: Ordering) -> T {
        T::fetch_add(&self.cells[index], value, order)
    }

    /// Pieces of `size` cells (the last may be shorter). Panics if `size` is 0.
    #[inline]
    pub fn chunks(&self, size: usize) -> AtomicChunks<'_, T> {
        AtomicChunks { inner: self.cells.chunks(size), _element: PhantomData }
    }

    fn from_cells(cells: &[AtomicU32]) -> &AtomicSlice<T> {
        // SAFETY: `AtomicSlice<T>` is `repr(transparent)` over `[AtomicU32]`.
        unsafe { &*(cells as *const [AtomicU32] as *const AtomicSlice<T>) }
    }
}

impl<T: Atomic32 + fmt::Debug> fmt::Debug for AtomicSlice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for cell in &self.cells {
            list.entry(&T::from_bits(cell.load(Ordering::Relaxed)));
        }
        list.finish()
    }
}

/// Iterator over pieces of an [`AtomicSlice`], from [`AtomicSlice::chunks`].
pub struct AtomicChunks<'a, T: Atomic32> {
    inner: slice::Chunks<'a, AtomicU32>,
    _element: PhantomData<T>,
}

impl<'a, T: Atomic32> Iterator for AtomicChunks<'a, T> {
    type Item = &'a AtomicSlice<T>;
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(AtomicSlice::from_cells)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Atomic32> ExactSizeIterator for AtomicChunks<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_is_two_words_and_thread_safe() {
        fn assert_send_sync<T: Send + Sync + ?Sized>() {}
        assert_eq!(core::mem::size_of::<&AtomicSlice<f32>>(), 2 * core::mem::size_of::<usize>());
        assert_send_sync::<AtomicSlice<i32>>();
    }

    #[test]
    fn atomic_cells() {
        let mut v = [1.5f32, 0.0, 0.0];
        let mut s = SharedSlice::new(&mut v);
        let a = s.atomic();
        assert_eq!(a.fetch_add(0, 1.0, Ordering::Relaxed), 1.5);
        a.store(1, -2.0, Ordering::Relaxed);
        assert_eq!(a.swap(2, 4.0, Ordering::Relaxed), 0.0);
        assert_eq!(a.load(0, Ordering::Relaxed), 2.5);
        assert_eq!(a.chunks(2).map(AtomicSlice::len).collect::<alloc::vec::Vec<_>>(), [2, 1]);
        assert_eq!(v, [2.5, -2.0, 4.0]);

        let mut w = [i32::MAX, -5];
        let a = SharedSlice::new(&mut w).into_atomic();
        assert_eq!(a.fetch_add(0, 1, Ordering::SeqCst), i32::MAX);
        assert_eq!(a.fetch_add(1, 10, Ordering::SeqCst), -5);
        assert_eq!(w, [i32::MIN, 5]);
    }
}
