//! Typed numeric slices as export parameters: `&[T]`, `&mut [T]` and `SharedSlice<T>`; and
//! `Vec<T>` of the same numbers, as a parameter (lifted like `&[T]`) or a result (kept like a
//! returned byte array, read by the host as pointer and byte length).
//!
//! Two flat values, pointer and element count. A pointer of 0 means "copy": wasm allocates room
//! for the elements and asks the host for them with `__wasmrust.slice_in`; for the slices the
//! function may write (`&mut [T]`, `SharedSlice<T>`), the export copies them back with
//! `__wasmrust.slice_out` once the function returned (`Ok` or `Err`). A non-zero pointer is the
//! zero-copy path, the slice built over it in place (its bounds and alignment are checked here):
//! the caller's TypedArray already is a view of this module's memory, or the host copied it into
//! the scratch area before the call (and copies written ones back after it).

use alloc::vec::Vec;
use core::ops::{Deref, DerefMut};

use crate::Pod;

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod transport {
    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "slice_in"]
        fn host_slice_in(dst: *mut u8, bytes: u32, scratch: *const u8, scratch_len: u32);
        #[link_name = "slice_out"]
        fn host_slice_out(src: *const u8, bytes: u32);
    }

    /// Has the host write the next copied argument's `bytes` bytes to `dst`; tells the host
    /// where the scratch area is, for the next calls (as `take_str` does).
    pub(super) fn slice_in(dst: *mut u8, bytes: usize) {
        let (scratch, len) = super::super::scratch::announce();
        // SAFETY: `dst` has room for `bytes` bytes (the caller allocated them); the host writes
        // exactly the queued array's bytes, whose length it announced (SAFETY.md, "Typed slices").
        unsafe { host_slice_in(dst, bytes as u32, scratch, len as u32) }
    }

    /// Has the host copy `bytes` bytes at `src` into the caller's next written-back array.
    pub(super) fn slice_out(src: *const u8, bytes: usize) {
        // SAFETY: the host only reads `bytes` bytes at `src`, an initialized slice of ours.
        unsafe { host_slice_out(src, bytes as u32) }
    }

    /// Bytes of linear memory 0.
    pub(super) fn memory_bytes() -> usize {
        core::arch::wasm32::memory_size(0) * 65536
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod transport {
    pub(super) fn slice_in(_: *mut u8, _: usize) {
        super::super::trap("wasm: slices from the host need a JS host (wasm32 with wasmrust.mjs)")
    }
    pub(super) fn slice_out(_: *const u8, _: usize) {
        super::super::trap("wasm: slices from the host need a JS host (wasm32 with wasmrust.mjs)")
    }
    pub(super) fn memory_bytes() -> usize {
        0
    }
}

/// A typed slice parameter: the caller's elements in place, or a copy of them.
pub struct SliceParam<T: Pod>(Elems<T>);

enum Elems<T> {
    /// In the module's memory already (the caller passed a view of it).
    InPlace {
        ptr: *mut T,
        len: usize,
    },
    Copied(Vec<T>),
}

/// Lifts a typed slice parameter from its pointer (0: copy it in) and element count.
pub fn take_slice<T: Pod>(ptr: u32, len: u32) -> SliceParam<T> {
    let (ptr, len) = (ptr as usize, len as usize);
    if len == 0 {
        return SliceParam(Elems::Copied(Vec::new()));
    }
    let size = core::mem::size_of::<T>();
    if ptr != 0 {
        let end = len
            .checked_mul(size)
            .and_then(|bytes| ptr.checked_add(bytes));
        if ptr % core::mem::align_of::<T>() != 0
            || end.is_none_or(|end| end > transport::memory_bytes())
        {
            super::trap("wasmrust: a slice argument outside linear memory or misaligned");
        }
        return SliceParam(Elems::InPlace {
            ptr: ptr as *mut T,
            len,
        });
    }
    let mut v = Vec::<T>::with_capacity(len);
    transport::slice_in(v.as_mut_ptr().cast(), len * size);
    // SAFETY: the host wrote all `len * size` bytes, and every bit pattern is a valid `T: Pod`.
    unsafe { v.set_len(len) };
    SliceParam(Elems::Copied(v))
}

impl<T: Pod> SliceParam<T> {
    /// The elements as an owned `Vec` (a copied slice is already one).
    pub fn into_vec(self) -> Vec<T> {
        match self.0 {
            Elems::Copied(v) => v,
            Elems::InPlace { .. } => self.to_vec(),
        }
    }

    /// Copies a copied slice back to the caller's array (in place: nothing to do).
    pub fn write_back(&self) {
        if let Elems::Copied(v) = &self.0
            && !v.is_empty()
        {
            transport::slice_out(v.as_ptr().cast(), core::mem::size_of_val(&v[..]));
        }
    }
}

impl<T: Pod> Deref for SliceParam<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            // SAFETY: `take_slice` checked that the range is inside linear memory and aligned;
            // the host guarantees the elements are the caller's TypedArray, which nothing in
            // this module references during the call (SAFETY.md, "Typed slices").
            Elems::InPlace { ptr, len } => unsafe { core::slice::from_raw_parts(*ptr, *len) },
            Elems::Copied(v) => v,
        }
    }
}

impl<T: Pod> DerefMut for SliceParam<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            // SAFETY: as in `deref`; `&mut self` makes this the only reference to the elements.
            Elems::InPlace { ptr, len } => unsafe { core::slice::from_raw_parts_mut(*ptr, *len) },
            Elems::Copied(v) => v,
        }
    }
}

/// Keeps a returned `Vec<T>` for the host like [`keep`](super::keep) (its elements, in place, until
/// the next kept `Vec` of numbers); returns pointer and byte length.
pub fn keep_elems<T: Pod>(v: Vec<T>) -> (u32, u32) {
    let parts = super::bytes_parts(crate::pod::as_bytes(&v));
    super::keep_boxed(alloc::boxed::Box::new(v));
    parts
}

/// Bytes that JS sees as a `Uint8ClampedArray` (canvas pixels: `new ImageData(data, w, h)`):
/// `Clamped<Vec<u8>>` as an export's or import's parameter or result, `Clamped<&[u8]>` as an
/// export's parameter. They cross as `Vec<u8>` / `&[u8]` do; only the JS type differs.
///
/// ```
/// #[wasm::export]
/// fn gradient(width: u32, height: u32) -> wasm::Clamped<Vec<u8>> {
///     let px = (0..width * height).flat_map(|i| [(i % 256) as u8, 0, 0, 255]);
///     wasm::Clamped(px.collect())
/// }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Clamped<T>(pub T);

impl<T> Deref for Clamped<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Clamped<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}
