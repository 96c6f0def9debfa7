//! Typed host references: [`ExternRef<T>`] and [`FuncRef`].
//!
//! A host reference names an object that lives on the host side (a JS object, a DOM node, a
//! function). Wasm code holds a 4-byte handle into the host's reference table; the table checks
//! a generation on every use, so a released or forged handle is refused with a clear error and
//! never reaches another object. See `docs/js-host.md` for the JS side.

#[cfg(feature = "wasm-bindgen")]
mod bindgen;
mod funcref;
pub(crate) mod host;
pub(crate) mod local;
#[cfg(not(target_family = "wasm"))]
pub mod native;
pub mod table;

use core::any::type_name;
use core::fmt;
use core::marker::PhantomData;
use core::num::NonZeroU32;

pub use funcref::{FuncRef, Function, Signature, Untyped};
pub use host::{begin_call, end_call, flush};
pub(crate) use host::{adopt, backend, receive, transfer};

/// How the host decides that a value is of a marker's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeTest {
    /// Every value passes ([`Any`]).
    Any,
    /// `value instanceof C`, where `C` is the class of this name: the one passed to
    /// `instantiate(.., { classes })`, else `globalThis[name]`.
    InstanceOf(&'static str),
    /// `typeof value === name` (`"string"`, `"number"`, `"function"`, `"object"`, ...).
    TypeOf(&'static str),
    /// A predicate of this name: one passed to `instantiate(.., { predicates })`, or a built-in
    /// one (`"array"`, `"null"`, `"undefined"`, `"nullish"`).
    Predicate(&'static str),
}

/// A zero-sized marker for a host type, the `T` of [`ExternRef<T>`].
///
/// Declare markers with [`host_type!`](crate::host_type); the trait is safe to implement by hand
/// too: a wrong test only makes casts and boundary checks answer wrongly, never unsound.
pub trait HostType: 'static {
    /// The host's test for this type, used by [`ExternRef::try_cast`] and by the typed JS
    /// wrappers when a reference crosses into wasm.
    const TEST: TypeTest;
}

/// The untyped marker: `ExternRef<Any>` (or just `ExternRef`) may hold any host value.
pub enum Any {}

impl HostType for Any {
    const TEST: TypeTest = TypeTest::Any;
}

/// Declares marker types for host types, each with the host's type test.
///
/// ```
/// wasm::host_type! {
///     /// An HTML `<canvas>` element.
///     pub HtmlCanvasElement: instanceof "HTMLCanvasElement";
///     /// A JS string.
///     pub JsString: typeof "string";
///     /// Anything with a `then` method; the host supplies `isThenable`.
///     pub(crate) Thenable: predicate "isThenable";
/// }
/// fn draw(canvas: &wasm::ExternRef<HtmlCanvasElement>) {}
/// ```
///
/// Each marker is an uninhabited `enum` implementing [`HostType`].
#[macro_export]
macro_rules! host_type {
    ($($(#[$meta:meta])* $vis:vis $name:ident : $kind:tt $test:literal;)*) => {
        $(
            $(#[$meta])*
            $vis enum $name {}
            impl $crate::HostType for $name {
                const TEST: $crate::TypeTest = $crate::host_type!(@test $kind $test);
            }
        )*
    };
    (@test instanceof $test:literal) => { $crate::TypeTest::InstanceOf($test) };
    (@test typeof $test:literal) => { $crate::TypeTest::TypeOf($test) };
    (@test predicate $test:literal) => { $crate::TypeTest::Predicate($test) };
    (@test $other:tt $test:literal) => {
        ::core::compile_error!(::core::concat!(
            "unknown host type test `", ::core::stringify!($other),
            "`: write `instanceof \"Class\"`, `typeof \"type\"` or `predicate \"name\"`"
        ))
    };
}

/// An owned, typed reference to a host object.
///
/// - 4 bytes, `#[repr(transparent)]` over a non-zero handle: `Option<ExternRef<T>>` is 4 bytes
///   too, and `None` crosses the boundary as 0.
/// - `!Send` and `!Sync`: handles index the table of the thread (JS realm) that made them.
/// - `Clone` adds a reference to the same host object; `Drop` releases one. Dropped references are
///   released in batches (see [`flush`]).
/// - `T` is a [`HostType`] marker; [`try_cast`](Self::try_cast) asks the host's type test, and
///   [`as_any`](Self::as_any) / [`into_any`](Self::into_any) give the untyped view.
///
/// Ownership has no leak path besides `mem::forget` / `Box::leak`, which
/// `wasm_lint::externref_escape` reports.
#[repr(transparent)]
pub struct ExternRef<T = Any> {
    raw: NonZeroU32,
    _type: PhantomData<*const T>,
}

impl<T> ExternRef<T> {
    /// Takes ownership of a raw handle received from the host; `None` for 0.
    ///
    /// The handle must be an owned reference nobody else releases. A wrong handle is not
    /// undefined behaviour: the host refuses it (traps) when it is used or released.
    #[inline]
    pub fn from_raw(raw: u32) -> Option<Self> {
        NonZeroU32::new(raw).map(|raw| ExternRef { raw, _type: PhantomData })
    }

    /// A reference the host just handed over; the host never hands out 0, a host that does traps.
    #[inline]
    pub(crate) fn from_host(raw: u32) -> Self {
        match NonZeroU32::new(raw) {
            Some(raw) => ExternRef { raw, _type: PhantomData },
            None => backend::trap("wasmrust: the host passed the null reference where a reference is required"),
        }
    }

    /// The raw handle, still owned by `self`.
    #[inline]
    pub fn as_raw(&self) -> u32 {
        self.raw.get()
    }

    /// Gives up ownership: returns the raw handle without releasing it.
    #[inline]
    pub fn into_raw(self) -> u32 {
        let raw = self.raw.get();
        core::mem::forget(self);
        raw
    }

    /// The untyped view of this reference.
    #[inline]
    pub fn as_any(&self) -> &ExternRef<Any> {
        // SAFETY: `ExternRef<T>` is `repr(transparent)` over `NonZeroU32` for every `T` (the
        // marker is only in `PhantomData`), so both types have the same layout and validity.
        unsafe { &*(self as *const Self as *const ExternRef<Any>) }
    }

    /// Forgets the type: the same reference as `ExternRef<Any>`.
    #[inline]
    pub fn into_any(self) -> ExternRef<Any> {
        self.cast_unchecked()
    }

    /// Re-types the reference without asking the host. Not unsafe: a wrong type only makes host
    /// calls on it fail on the host side.
    #[inline]
    pub fn cast_unchecked<U>(self) -> ExternRef<U> {
        let raw = self.raw;
        core::mem::forget(self);
        ExternRef { raw, _type: PhantomData }
    }

    /// Whether the host's type test for `U` accepts the object.
    #[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
    pub fn is<U: HostType>(&self) -> bool {
        match U::TEST {
            TypeTest::Any => true,
            test => backend::test(self.as_raw(), test),
        }
    }

    /// Checked cast: `Ok` with the same reference typed as `U` if the host's test for `U`
    /// accepts it, else `Err(self)`.
    pub fn try_cast<U: HostType>(self) -> Result<ExternRef<U>, Self> {
        if self.is::<U>() { Ok(self.cast_unchecked()) } else { Err(self) }
    }

    /// Checked cast of a borrowed reference.
    pub fn try_cast_ref<U: HostType>(&self) -> Option<&ExternRef<U>> {
        // SAFETY: same layout for every marker, as in `as_any`.
        self.is::<U>().then(|| unsafe { &*(self as *const Self as *const ExternRef<U>) })
    }
}

impl<T> Clone for ExternRef<T> {
    /// Another reference to the same host object (the host keeps it alive until both are dropped).
    #[inline]
    #[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
    fn clone(&self) -> Self {
        ExternRef::from_host(host::clone_ref(self.as_raw()))
    }
}

impl<T> Drop for ExternRef<T> {
    #[inline]
    #[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
    fn drop(&mut self) {
        host::drop_ref(self.raw.get());
    }
}

impl<T> fmt::Debug for ExternRef<T> {
    #[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = type_name::<T>();
        let short = name.rsplit("::").next().unwrap_or(name);
        write_described(f, format_args!("ExternRef<{short}>"), self.as_raw())
    }
}

/// Writes `{what}(0x{raw} {kind})` for a handle: with wasmrust.mjs the host says what the value
/// is (one call into JS); elsewhere the handle is all there is.
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub(crate) fn write_described(
    f: &mut fmt::Formatter<'_>,
    what: fmt::Arguments<'_>,
    raw: u32,
) -> fmt::Result {
    write!(f, "{what}(0x{raw:08x}")?;
    #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
    {
        let mut buf = [0u8; 96];
        let n = host::backend::describe(raw, &mut buf);
        if let Ok(kind) = core::str::from_utf8(&buf[..n]) {
            write!(f, " {kind}")?;
        }
    }
    f.write_str(")")
}

#[cfg(test)]
mod tests;
