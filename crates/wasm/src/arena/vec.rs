//! Growable collections in a [`Scratch`](super::Scratch): [`ScratchVec`] and [`ScratchString`].

use super::Scope;
use alloc::alloc::Layout;
use core::fmt;
use core::ops::{Deref, DerefMut};
use core::ptr::{self, NonNull};

/// A growable vector whose buffer lives in a scratch arena, for lifetime `'a`.
///
/// Growing takes a new buffer from the arena (the old one is freed with the arena). Dropping the
/// vector drops its elements; [`into_slice`](ScratchVec::into_slice) keeps them in the arena.
pub struct ScratchVec<'a, T> {
    ptr: NonNull<T>,
    len: usize,
    cap: usize,
    scope: Scope<'a>,
}

impl<'a, T> ScratchVec<'a, T> {
    pub(crate) fn new_in(scope: Scope<'a>) -> Self {
        let cap = if size_of::<T>() == 0 { usize::MAX } else { 0 };
        ScratchVec { ptr: NonNull::dangling(), len: 0, cap, scope }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Elements the buffer holds before it must grow.
    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// Makes room for `additional` more elements.
    pub fn reserve(&mut self, additional: usize) {
        let needed = self.len.checked_add(additional).expect("capacity overflow");
        if needed <= self.cap {
            return;
        }
        let cap = needed.max(self.cap * 2).max(4);
        let layout = Layout::array::<T>(cap).expect("capacity overflow");
        let new = self.scope.alloc_layout(layout).cast::<T>();
        // SAFETY: the new buffer holds `cap >= len` elements and does not overlap the old one.
        unsafe { ptr::copy_nonoverlapping(self.ptr.as_ptr(), new.as_ptr(), self.len) };
        self.ptr = new;
        self.cap = cap;
    }

    /// Appends `value`.
    #[inline]
    pub fn push(&mut self, value: T) {
        if self.len == self.cap {
            self.reserve(1);
        }
        // SAFETY: `len < cap`: the slot is inside the buffer and unused.
        unsafe { self.ptr.as_ptr().add(self.len).write(value) };
        self.len += 1;
    }

    /// Removes and returns the last element.
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        // SAFETY: the slot held an initialized element that is no longer counted.
        Some(unsafe { self.ptr.as_ptr().add(self.len).read() })
    }

    /// Drops every element, keeping the buffer.
    pub fn clear(&mut self) {
        let elems: *mut [T] = &mut **self;
        self.len = 0;
        // SAFETY: the elements were initialized and are no longer counted.
        unsafe { ptr::drop_in_place(elems) };
    }

    /// Appends clones of `items`.
    pub fn extend_from_slice(&mut self, items: &[T])
    where
        T: Clone,
    {
        self.reserve(items.len());
        for item in items {
            self.push(item.clone());
        }
    }

    /// The elements as a slice that lives as long as the arena allows; they are not dropped.
    pub fn into_slice(self) -> &'a mut [T] {
        let this = core::mem::ManuallyDrop::new(self);
        // SAFETY: `len` initialized elements in a buffer valid for `'a`, now owned by the slice.
        unsafe { core::slice::from_raw_parts_mut(this.ptr.as_ptr(), this.len) }
    }
}

impl<T> Deref for ScratchVec<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `len` initialized elements.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T> DerefMut for ScratchVec<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: `len` initialized elements, borrowed exclusively.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T> Drop for ScratchVec<'_, T> {
    fn drop(&mut self) {
        self.clear();
    }
}

impl<T> Extend<T> for ScratchVec<'_, T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        for item in iter {
            self.push(item);
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for ScratchVec<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A growable UTF-8 string in a scratch arena; implements [`fmt::Write`].
pub struct ScratchString<'a> {
    bytes: ScratchVec<'a, u8>,
}

impl<'a> ScratchString<'a> {
    pub(crate) fn new_in(scope: Scope<'a>) -> Self {
        ScratchString { bytes: ScratchVec::new_in(scope) }
    }

    /// Appends `s`.
    pub fn push_str(&mut self, s: &str) {
        self.bytes.reserve(s.len());
        // SAFETY: room for `s.len()` more bytes was just reserved; UTF-8 stays valid.
        unsafe {
            let end = self.bytes.ptr.as_ptr().add(self.bytes.len);
            ptr::copy_nonoverlapping(s.as_ptr(), end, s.len());
        }
        self.bytes.len += s.len();
    }

    /// Appends `c`.
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// The contents.
    pub fn as_str(&self) -> &str {
        // SAFETY: only whole `str`s are ever appended.
        unsafe { core::str::from_utf8_unchecked(&self.bytes) }
    }

    /// The contents as a `str` that lives as long as the arena allows.
    pub fn into_str(self) -> &'a mut str {
        // SAFETY: only whole `str`s are ever appended.
        unsafe { core::str::from_utf8_unchecked_mut(self.bytes.into_slice()) }
    }
}

impl Deref for ScratchString<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Write for ScratchString<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

impl fmt::Display for ScratchString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for ScratchString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}
