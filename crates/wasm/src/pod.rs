//! Plain old data: types whose values are nothing but their bytes, and so are safe to share.

use core::marker::PhantomData;
use core::num::{Saturating, Wrapping};

/// A type whose values are exactly their bytes: safe to put in memory that other threads, other
/// wasm instances or the host read and write.
///
/// Implement it with `#[derive(wasm::Pod)]`, which checks every rule below at compile time
/// (padding byte by byte, field types, layout). `cargo wasm-lint` (lint
/// `wasm_lint::non_pod_shared`) checks manual impls against the layout rustc computed.
///
/// # Safety
///
/// `unsafe impl Pod for T` promises all of:
///
/// 1. **Every bit pattern is a valid `T`.** Any `size_of::<T>()` bytes, written by anyone, read
///    as a `T` is a value, never undefined behaviour. Rules out `bool`, `char`, enums, `NonZero*`,
///    references, `Box` and anything with a niche or an invariant.
/// 2. **No padding.** Every byte of every value is initialized, so reading a `T` as bytes (or
///    copying it to the host) never reads uninitialized memory. This includes trailing padding
///    and the padding of fields.
/// 3. **No pointers or references**, not even raw ones: an address means nothing to another wasm
///    instance or to the host, and sharing one leaks where things live.
/// 4. **No interior mutability** (`UnsafeCell`, `Cell`, atomics): shared reads of a `T` never race
///    with writes hidden behind `&T`.
/// 5. **A fixed layout**: a primitive, an array of `Pod`, or a `#[repr(C)]` /
///    `#[repr(transparent)]` struct whose fields are all `Pod`, so both sides of a shared buffer
///    agree on where each field is.
///
/// `Copy + 'static` follow from these; the supertraits make them checked.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `wasm::Pod`, so it cannot be shared as plain bytes",
    label = "not `wasm::Pod`",
    note = "`Pod` data has no padding, no pointers or references, no `bool`/`char`/enums (not every bit pattern is a valid value), and a `#[repr(C)]` or `#[repr(transparent)]` layout",
    note = "for a struct of your own, add `#[repr(C)]` and `#[derive(Clone, Copy, wasm::Pod)]`"
)]
pub unsafe trait Pod: Copy + 'static {}

macro_rules! impl_pod {
    ($($t:ty),* $(,)?) => {
        // SAFETY: primitive integers and floats: every bit pattern is a value, no padding, no
        // pointers, no interior mutability, fixed layout.
        $(unsafe impl Pod for $t {})*
    };
}

impl_pod!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);

// SAFETY: an array has no padding between elements (size is a multiple of alignment) and no
// bytes of its own; it is Pod exactly when its element is.
unsafe impl<T: Pod, const N: usize> Pod for [T; N] {}

// SAFETY: `Wrapping` and `Saturating` are `#[repr(transparent)]` over `T`.
unsafe impl<T: Pod> Pod for Wrapping<T> {}
// SAFETY: as above, `#[repr(transparent)]` over `T`.
unsafe impl<T: Pod> Pod for Saturating<T> {}

// SAFETY: zero-sized with alignment 1: no bytes, so no invalid pattern and no padding. Lets
// `#[repr(transparent)]` wrappers carry type markers.
unsafe impl<T: ?Sized + 'static> Pod for PhantomData<T> {}
// SAFETY: as above, `()` has no bytes.
unsafe impl Pod for () {}

/// An all-zero value; never undefined behaviour for `Pod`.
#[inline]
pub fn zeroed<T: Pod>() -> T {
    // SAFETY: `T: Pod`: every bit pattern, all zeros included, is a valid `T`.
    unsafe { core::mem::zeroed() }
}

/// The bytes of a slice of `Pod` values.
#[inline]
pub fn as_bytes<T: Pod>(values: &[T]) -> &[u8] {
    // SAFETY: `T: Pod` has no padding, so all `size_of_val(values)` bytes are initialized; `u8`
    // has alignment 1; the borrow keeps `values` alive and unmutated.
    unsafe { core::slice::from_raw_parts(values.as_ptr().cast(), core::mem::size_of_val(values)) }
}

/// The bytes of a slice of `Pod` values, writable: any bytes written form valid values.
#[inline]
pub fn as_bytes_mut<T: Pod>(values: &mut [T]) -> &mut [u8] {
    let len = core::mem::size_of_val(values);
    // SAFETY: as in `as_bytes`, and `T: Pod` accepts every bit pattern, so no write through the
    // byte view can make a `T` invalid; the unique borrow rules out other access.
    unsafe { core::slice::from_raw_parts_mut(values.as_mut_ptr().cast(), len) }
}

#[cfg(feature = "bytemuck")]
pub use bridge::FromBytemuck;

/// The bridge to `bytemuck`, both directions where sound.
///
/// - `wasm::Pod` ⇒ `bytemuck::Pod`: `#[derive(wasm::Pod)]` also implements `bytemuck::Pod` and
///   `bytemuck::Zeroable` when this feature is on (our rules are a superset of bytemuck's).
/// - `bytemuck::Pod` ⇒ `wasm::Pod`: a blanket impl would overlap the primitive impls, so a
///   `bytemuck::Pod` type (e.g. from a math crate) enters through [`FromBytemuck`].
#[cfg(feature = "bytemuck")]
mod bridge {
    use super::Pod;

    /// A `bytemuck::Pod` value usable wherever `wasm::Pod` is required (`SharedSlice`, fields of
    /// a `#[derive(wasm::Pod)]` struct).
    ///
    /// `bytemuck::Pod` promises rules 1, 2, 4 and 5 of [`Pod`]; rule 3 (no pointers) is only
    /// broken by bytemuck's opt-in `unsound_ptr_pod_impl` feature. `cargo wasm-lint` checks each
    /// concrete `FromBytemuck<X>` byte by byte where a `Pod` bound is used with it.
    #[repr(transparent)]
    #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
    pub struct FromBytemuck<T>(pub T);

    // SAFETY: `#[repr(transparent)]` over a `bytemuck::Pod` type, whose contract covers
    // every-bit-pattern validity, no padding and no interior mutability (see above).
    // The generic impl rests on bytemuck's bound, not `wasm::Pod`'s, so `non_pod_shared` cannot
    // check it here; it checks every concrete use instead.
    #[cfg_attr(wasm_lint, allow(wasm_lint::non_pod_shared))]
    unsafe impl<T: bytemuck::Pod> Pod for FromBytemuck<T> {}
    // SAFETY: all-zero is valid for a `bytemuck::Pod` `T`, hence for its transparent wrapper.
    unsafe impl<T: bytemuck::Pod> bytemuck::Zeroable for FromBytemuck<T> {}
    // SAFETY: transparent over a `bytemuck::Pod` `T`.
    unsafe impl<T: bytemuck::Pod> bytemuck::Pod for FromBytemuck<T> {}
}

/// Compile-time checks `#[derive(wasm::Pod)]` expands to. Their `on_unimplemented` messages are
/// the errors users read, naming the field and the exact number of padding bytes.
#[doc(hidden)]
pub mod check {
    use super::Pod;

    /// `Self` is the field's type, `Field` a marker type named after the field.
    #[diagnostic::on_unimplemented(
        message = "field `{Field}` has type `{Self}`, which is not `wasm::Pod`",
        label = "not `wasm::Pod`",
        note = "every field of a `Pod` struct must itself be `Pod`: integers, floats, arrays of `Pod`, or `#[derive(wasm::Pod)]` types"
    )]
    pub trait PodField<Field> {}
    impl<T: Pod, Field> PodField<Field> for T {}

    /// Holds for `N == 0`: the padding in front of field `Field` of `Self`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` has {N} padding bytes before field `{Field}`",
        label = "{N} padding bytes before this field",
        note = "padding bytes are uninitialized; a `Pod` type must have none: reorder the fields (largest alignment first) or add explicit `_pad: [u8; {N}]` fields"
    )]
    pub trait NoPaddingBefore<Field, const N: usize> {}
    impl<T: ?Sized, Field> NoPaddingBefore<Field, 0> for T {}

    /// Holds for `N == 0`: the padding after the last field of `Self`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` has {N} trailing padding bytes after its last field",
        label = "{N} trailing padding bytes",
        note = "the size of a struct is rounded up to its alignment; a `Pod` type must have no padding: add an explicit `_pad: [u8; {N}]` field at the end"
    )]
    pub trait NoTrailingPadding<const N: usize> {}
    impl<T: ?Sized> NoTrailingPadding<0> for T {}

    /// Names the `PodField` obligation.
    pub const fn pod_field<T: PodField<Field> + ?Sized, Field>() {}
    /// Names the `NoPaddingBefore` obligation.
    pub const fn no_padding_before<T: NoPaddingBefore<Field, N> + ?Sized, Field, const N: usize>() {}
    /// Names the `NoTrailingPadding` obligation.
    pub const fn no_trailing_padding<T: NoTrailingPadding<N> + ?Sized, const N: usize>() {}

    /// `#[derive(wasm::Pod)]` expands to a call of this macro: under the `bytemuck` feature it
    /// also implements `bytemuck::Pod`/`Zeroable`, otherwise nothing.
    #[cfg(feature = "bytemuck")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __pod_bytemuck_bridge {
        ({$($impl_generics:tt)*} {$($ty:tt)*} {$($where:tt)*}) => {
            // SAFETY: `#[derive(wasm::Pod)]` verified the type is `wasm::Pod`, whose rules imply
            // `bytemuck::Pod`'s (and so all-zero validity).
            unsafe impl $($impl_generics)* $crate::__private::bytemuck::Zeroable for $($ty)* $($where)* {}
            // SAFETY: as above.
            unsafe impl $($impl_generics)* $crate::__private::bytemuck::Pod for $($ty)* $($where)* {}
        };
    }

    /// Without the `bytemuck` feature the bridge expands to nothing.
    #[cfg(not(feature = "bytemuck"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __pod_bytemuck_bridge {
        ($($tt:tt)*) => {};
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::size_of;

    fn is_pod<T: Pod>() {}

    #[test]
    fn primitives_arrays_and_wrappers_are_pod() {
        is_pod::<u8>();
        is_pod::<i128>();
        is_pod::<f64>();
        is_pod::<[[f32; 4]; 4]>();
        is_pod::<Wrapping<u32>>();
        is_pod::<Saturating<i16>>();
        is_pod::<PhantomData<dyn core::any::Any>>();
    }

    #[test]
    fn zeroed_and_byte_views() {
        assert_eq!(zeroed::<[u32; 3]>(), [0; 3]);
        let mut v = [1u32, 0x0102_0304];
        assert_eq!(as_bytes(&v).len(), 2 * size_of::<u32>());
        assert_eq!(as_bytes(&v)[4..], 0x0102_0304u32.to_ne_bytes());
        as_bytes_mut(&mut v)[..4].copy_from_slice(&7u32.to_ne_bytes());
        assert_eq!(v[0], 7);
    }
}
