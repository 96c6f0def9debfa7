//! `SharedSlice`: `Pod` data split across parallel tasks, with atomic cells where tasks must
//! share individual elements.

use core::fmt;
use core::ops::{Deref, DerefMut};
use core::slice;

use crate::Pod;

#[cfg(target_has_atomic = "32")]
mod atomic;
#[cfg(target_has_atomic = "32")]
pub use atomic::{Atomic32, AtomicChunks, AtomicSlice};

/// A slice of plain data that parallel tasks may share: readable by many through [`chunks`],
/// writable in disjoint pieces through [`chunks_mut`], and, for 32-bit elements, usable as atomic
/// cells through [`atomic`].
///
/// It owns the same access a `&'a mut [T]` does and costs the same: two words (pointer and
/// length), no check beyond a slice's bounds checks, `Send` and `Sync` for every `Pod` element
/// type that is. What it adds is the `T: Pod` guarantee, which `cargo wasm-lint`
/// (`wasm_lint::non_pod_shared`) relies on: data that reaches other threads, other instances or
/// the host through a `SharedSlice` is bytes, with no padding to leak and no pointers to forge.
///
/// ```
/// use wasm::SharedSlice;
/// use wasm::thread::{scope, ScopeError};
///
/// fn parallel_transform(mut data: SharedSlice<f32>) -> Result<(), ScopeError> {
///     scope(|s| {
///         for chunk in data.chunks_mut(1000) {
///             s.spawn(|| chunk.iter_mut().for_each(|x| *x = x.sqrt()));
///         }
///     })
/// }
/// let mut v = vec![4.0f32; 2500];
/// parallel_transform(SharedSlice::new(&mut v)).unwrap();
/// assert!(v.iter().all(|&x| x == 2.0));
/// ```
///
/// [`chunks`]: SharedSlice::chunks
/// [`chunks_mut`]: SharedSlice::chunks_mut
/// [`atomic`]: SharedSlice::atomic
pub struct SharedSlice<'a, T: Pod> {
    data: &'a mut [T],
}

impl<'a, T: Pod> SharedSlice<'a, T> {
    /// Shares a slice the caller owns for `'a`.
    #[inline]
    pub const fn new(data: &'a mut [T]) -> Self {
        SharedSlice { data }
    }

    /// Shares `len` elements at `ptr`, e.g. a buffer the host wrote into linear memory.
    ///
    /// # Safety
    ///
    /// As for [`core::slice::from_raw_parts_mut`]: `ptr` is non-null, aligned for `T`, and valid
    /// for reads and writes of `len` elements in one allocation of at most `isize::MAX` bytes;
    /// and for all of `'a` nothing else (no reference, no other `SharedSlice`, no host code)
    /// reads or writes that memory. The memory must really hold `T` values: `cargo wasm-lint`
    /// rejects pointers cast here from non-`Pod` data (`wasm_lint::non_pod_shared`).
    #[inline]
    pub unsafe fn from_raw_parts(ptr: *mut T, len: usize) -> Self {
        // SAFETY: the caller upholds `from_raw_parts_mut`'s contract and exclusivity for `'a`.
        SharedSlice { data: unsafe { slice::from_raw_parts_mut(ptr, len) } }
    }

    /// Number of elements.
    #[inline]
    pub const fn len(&self) -> usize {
        self.data.len()
    }

    /// `true` if there are no elements.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The element at `index`, or `None` past the end.
    #[inline]
    pub fn get(&self, index: usize) -> Option<&T> {
        self.data.get(index)
    }

    /// The element at `index` for writing, or `None` past the end.
    #[inline]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.data.get_mut(index)
    }

    /// Iterates over the elements.
    #[inline]
    pub fn iter(&self) -> slice::Iter<'_, T> {
        self.data.iter()
    }

    /// Iterates over the elements for writing.
    #[inline]
    pub fn iter_mut(&mut self) -> slice::IterMut<'_, T> {
        self.data.iter_mut()
    }

    /// Read-only pieces of `size` elements (the last may be shorter), to hand to parallel tasks.
    /// Panics if `size` is 0.
    ///
    /// The pieces are plain `&[T]`, so a non-`move` closure such as `|| process(chunk)` borrows
    /// the data for the whole scope, not the loop variable.
    #[inline]
    pub fn chunks(&self, size: usize) -> slice::Chunks<'_, T> {
        self.data.chunks(size)
    }

    /// Disjoint writable pieces of `size` elements (the last may be shorter); each may go to a
    /// different parallel task. Panics if `size` is 0.
    #[inline]
    pub fn chunks_mut(&mut self, size: usize) -> slice::ChunksMut<'_, T> {
        self.data.chunks_mut(size)
    }

    /// Splits into two disjoint shared slices at `mid`. Panics if `mid > len`.
    #[inline]
    pub fn split_at_mut(&mut self, mid: usize) -> (SharedSlice<'_, T>, SharedSlice<'_, T>) {
        let (a, b) = self.data.split_at_mut(mid);
        (SharedSlice::new(a), SharedSlice::new(b))
    }

    /// A shorter-lived `SharedSlice` over the same data, to pass on without giving this one up.
    #[inline]
    pub fn reborrow(&mut self) -> SharedSlice<'_, T> {
        SharedSlice::new(self.data)
    }

    /// The elements as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        self.data
    }

    /// The elements as a writable slice.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.data
    }

    /// Gives the slice back for all of `'a`.
    #[inline]
    pub fn into_mut_slice(self) -> &'a mut [T] {
        self.data
    }

    /// The elements as bytes (no padding to read: `T: Pod`), e.g. to copy out to the host.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        crate::pod::as_bytes(self.data)
    }

    /// Views the elements as atomic cells that many tasks may load, store and add to at once.
    ///
    /// Takes `&mut self`: while the atomic view lives, no `&T` or `&[T]` into the same memory
    /// can exist (they would be non-atomic reads racing with atomic writes, which is undefined
    /// behaviour). When the view's borrow ends, plain access resumes and sees every atomic write
    /// (a scope joins its tasks before it returns).
    #[cfg(target_has_atomic = "32")]
    #[inline]
    pub fn atomic(&mut self) -> &AtomicSlice<T>
    where
        T: Atomic32,
    {
        AtomicSlice::from_mut(self.data)
    }

    /// Like [`atomic`](SharedSlice::atomic), for all of `'a`.
    #[cfg(target_has_atomic = "32")]
    #[inline]
    pub fn into_atomic(self) -> &'a AtomicSlice<T>
    where
        T: Atomic32,
    {
        AtomicSlice::from_mut(self.data)
    }
}

impl<T: Pod> Deref for SharedSlice<'_, T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.data
    }
}

impl<T: Pod> DerefMut for SharedSlice<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        self.data
    }
}

impl<'a, T: Pod> From<&'a mut [T]> for SharedSlice<'a, T> {
    #[inline]
    fn from(data: &'a mut [T]) -> Self {
        SharedSlice::new(data)
    }
}

impl<'a, T: Pod, const N: usize> From<&'a mut [T; N]> for SharedSlice<'a, T> {
    #[inline]
    fn from(data: &'a mut [T; N]) -> Self {
        SharedSlice::new(data)
    }
}

impl<T: Pod> Default for SharedSlice<'_, T> {
    fn default() -> Self {
        SharedSlice::new(&mut [])
    }
}

impl<T: Pod + fmt::Debug> fmt::Debug for SharedSlice<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.data.fmt(f)
    }
}

impl<'s, T: Pod> IntoIterator for &'s SharedSlice<'_, T> {
    type Item = &'s T;
    type IntoIter = slice::Iter<'s, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

impl<'s, T: Pod> IntoIterator for &'s mut SharedSlice<'_, T> {
    type Item = &'s mut T;
    type IntoIter = slice::IterMut<'s, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter_mut()
    }
}

impl<'a, T: Pod> IntoIterator for SharedSlice<'a, T> {
    type Item = &'a mut T;
    type IntoIter = slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::size_of;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn two_words_with_a_niche_and_thread_safe() {
        assert_eq!(size_of::<SharedSlice<'_, f32>>(), 2 * size_of::<usize>());
        assert_eq!(size_of::<SharedSlice<'_, [u8; 3]>>(), 2 * size_of::<usize>());
        assert_eq!(size_of::<Option<SharedSlice<'_, u64>>>(), 2 * size_of::<usize>());
        assert_send_sync::<SharedSlice<'_, f32>>();
    }

    #[test]
    fn slice_access() {
        let mut v = [1u32, 2, 3, 4, 5];
        let mut s = SharedSlice::from(&mut v);
        assert_eq!((s.len(), s.get(4), s.get(5)), (5, Some(&5), None));
        *s.get_mut(0).unwrap() = 10;
        assert_eq!(s.chunks(2).map(|c| c.len()).collect::<alloc::vec::Vec<_>>(), [2, 2, 1]);
        for c in s.chunks_mut(2) {
            c[0] += 100;
        }
        for x in &mut s {
            *x += 1;
        }
        assert_eq!(s.iter().copied().sum::<u32>(), 111 + 3 + 104 + 5 + 106);
        let (a, b) = s.split_at_mut(2);
        assert_eq!((a.len(), b[0]), (2, 104));
        assert_eq!(s.as_bytes().len(), 20);
        assert_eq!(v, [111, 3, 104, 5, 106]);
    }

    #[test]
    fn raw_parts_round_trip() {
        let mut v = [7i16; 4];
        // SAFETY: `v` is a live local array of 4 `i16`, not otherwise accessed while `s` lives.
        let s = unsafe { SharedSlice::from_raw_parts(v.as_mut_ptr(), v.len()) };
        assert_eq!(s.into_mut_slice(), &[7; 4]);
    }
}
