//! Linear resource types: values that must be consumed exactly once.

use core::fmt;
use core::num::NonZeroU32;

/// Marks a type whose values must be consumed exactly once.
///
/// Implemented by `#[wasm::linear]`; write the attribute rather than the impl. Rust's ownership
/// already rules out using a value twice (a second use after a consuming call is E0382). What Rust
/// allows is using it *zero* times: letting it fall out of scope. `cargo wasm-lint` closes that
/// gap: the `wasm_lint::linear_not_consumed` lint rejects every path on which a `Linear` value, or
/// a value containing one, is dropped instead of being consumed by one of its type's `self`-taking
/// methods, returned, or moved to a new owner.
///
/// A linear type must not be `Clone` (and so not `Copy`): a clone would be a second obligation
/// created from nothing. `#[wasm::linear]` rejects `derive(Clone)`/`derive(Copy)` and checks at
/// compile time that no `Clone` impl exists.
pub trait Linear {}

/// The explicit end of a linear host resource whose type has no consuming method of its own.
///
/// Every imported WIT resource handle implements it: `release` is the resource's
/// `[resource-drop]`. Where a WIT method named `release` shadows it, call it as
/// `wasm::Release::release(handle)`.
pub trait Release: Linear + Sized {
    /// Ends the resource.
    fn release(self);
}

/// A raw host handle: a non-zero `u32` naming an object that lives on the host side.
///
/// `Handle` is `Copy` because it is only a name; the obligation to release the object belongs to
/// the `#[wasm::linear]` type that wraps it. Zero is never a valid handle, so
/// `Option<Handle>` is 4 bytes and `None` crosses the ABI as `0`.
#[repr(transparent)]
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Handle(NonZeroU32);

impl Handle {
    /// Wraps a raw handle received from the host; `None` for `0`, which no host hands out.
    #[inline]
    pub const fn from_raw(raw: u32) -> Option<Handle> {
        match NonZeroU32::new(raw) {
            Some(n) => Some(Handle(n)),
            None => None,
        }
    }

    /// The raw value to pass back to the host.
    #[inline]
    pub const fn to_raw(self) -> u32 {
        self.0.get()
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.0)
    }
}

/// Compile-time proof that a linear type is not `Clone`, used by `#[wasm::linear]`.
///
/// Every type gets the `()` impl; `Clone` types also get the `ImplementsClone` impl. The macro names
/// `<T as LinearTypesMustNotImplementClone<_>>::check`, which is ambiguous exactly when `T: Clone`,
/// so a `Clone` impl anywhere in the program (derived or manual) fails to compile with this
/// trait's name in the error.
#[doc(hidden)]
pub trait LinearTypesMustNotImplementClone<CloneImplFound> {
    /// Never called; only named.
    fn check() {}
}

impl<T: ?Sized> LinearTypesMustNotImplementClone<()> for T {}

#[doc(hidden)]
pub struct ImplementsClone;

impl<T: ?Sized + Clone> LinearTypesMustNotImplementClone<ImplementsClone> for T {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handle_niche_makes_option_four_bytes() {
        assert_eq!(core::mem::size_of::<Handle>(), 4);
        assert_eq!(core::mem::size_of::<Option<Handle>>(), 4);
    }

    #[test]
    fn zero_is_not_a_handle() {
        assert_eq!(Handle::from_raw(0), None);
        assert_eq!(Handle::from_raw(7).map(Handle::to_raw), Some(7));
    }
}
