//! [`FuncRef`]: a reference to a host function, callable with the ABI types; [`FuncRef<S>`]
//! with a [`Signature`] `S` (`fn(f64, u32) -> bool`) is one whose types the `wasmrust` section
//! records, so `dts.mjs` declares it as `(a0: number, a1: number) => boolean`.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use super::{ExternRef, HostType, TypeTest};
use crate::abi::desc::{Desc, MARK_CALL, Marked};
use crate::abi::{FromHostValue, HostArgs, SlotReader, SlotWriter, ToHost};

/// The marker of host functions (`typeof value === "function"`).
pub enum Function {}

impl HostType for Function {
    const TEST: TypeTest = TypeTest::TypeOf("function");
}

/// An owned reference to a host function.
///
/// Call it with a tuple of ABI values and name the result type:
/// `let n: u32 = callback.call((7u32, "seven"));`. A `Result<T, E>` result catches what the
/// function throws as `Err` (see `docs/js-host.md`); any other result lets the exception
/// propagate, which traps the wasm call. Clone and drop behave as for [`ExternRef`].
///
/// `FuncRef` alone is `FuncRef<Untyped>`: any function. `FuncRef<fn(A, ...) -> R>` carries its
/// signature in its type: its `call` takes exactly those arguments and returns `R`, and the
/// `wasmrust` section records the types, so the TypeScript declarations type the function. A
/// typed one comes from [`Closure::typed`](crate::Closure::typed) (the closure's own types, so
/// no other signature can be named for it) or from the host (an export parameter, an import
/// result: the host checks it is a function, as for `FuncRef`; the signature is what the
/// declarations promise the JS side). [`FuncRef::into_untyped`] / [`FuncRef::as_untyped`] forget
/// the signature; nothing adds one to an existing reference.
#[repr(transparent)]
pub struct FuncRef<S: Signature = Untyped>(ExternRef<Function>, PhantomData<S>);

/// The signature of a [`FuncRef`] that does not record one: any function.
pub enum Untyped {}

/// The signature parameter of a [`FuncRef`] or [`Closure`](crate::Closure): [`Untyped`], or
/// `fn(A, ...) -> R` with up to 8 arguments of types the host can pass to wasm (a closure's
/// argument types: numbers, `bool`, `char`, `String`, `Vec<u8>`, `ExternRef<T>`, `FuncRef<S>`,
/// `Option` / `Result` of these) and a result wasm can pass to the host. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a signature a `FuncRef` or `Closure` can carry",
    label = "not `fn(A, ...) -> R` of boundary types",
    note = "a typed `FuncRef<fn(A, ...) -> R>` takes up to 8 owned arguments the host can pass to wasm (numbers, bool, char, String, Vec<u8>, ExternRef<T>, FuncRef, Option/Result of these) and a result wasm can pass to the host; write `FuncRef` alone for any function"
)]
pub trait Signature: sealed::Sealed {
    /// The argument count then each argument's and the result's descriptor; empty for
    /// [`Untyped`].
    #[doc(hidden)]
    const DESC: Desc;
}

mod sealed {
    pub trait Sealed {}
}

impl sealed::Sealed for Untyped {}
impl Signature for Untyped {
    const DESC: Desc = Desc::EMPTY;
}

impl<S: Signature> Clone for FuncRef<S> {
    fn clone(&self) -> Self {
        FuncRef(self.0.clone(), PhantomData)
    }
}

/// Most flat values a call's arguments (or result) may have.
const CALL_SLOTS: usize = 32;

struct CallSignature<A, R>(PhantomData<(A, R)>);

impl<A: HostArgs, R: FromHostValue> CallSignature<A, R> {
    const DESC: Desc = Desc::code(A::COUNT).then(A::DESC).then(R::DESC);
    // Marked: emit.mjs finds the signature in the data (desc.rs `Marked`).
    const MARKED: &'static Marked = &Marked::new(MARK_CALL, Self::DESC);
    const STATIC: &'static Desc = Self::MARKED.desc();
}

impl FuncRef {
    /// Checked conversion: `Ok` if the host says the value is a function.
    pub fn from_extern<T>(r: ExternRef<T>) -> Result<FuncRef, ExternRef<T>> {
        r.try_cast::<Function>().map(FuncRef::from_extern_unchecked)
    }

    /// Calls the function with `args` and lifts its result as `R`.
    pub fn call<A: HostArgs, R: FromHostValue>(&self, args: A) -> R {
        call_with(self, args)
    }
}

impl<S: Signature> FuncRef<S> {
    /// A function reference of signature `S`: for the host's references (`HostRef`), whose
    /// signature the host's declarations promise, and for closures of that signature.
    pub(crate) fn from_extern_unchecked(r: ExternRef<Function>) -> FuncRef<S> {
        FuncRef(r, PhantomData)
    }

    /// The same function without its signature, for imports and code taking any `FuncRef`.
    pub fn as_untyped(&self) -> &FuncRef {
        // SAFETY: `FuncRef<S>` is `repr(transparent)` over `ExternRef<Function>` (its other
        // field is a `PhantomData`) for every `S`, so `FuncRef<S>` and `FuncRef<Untyped>` have
        // one layout; the signature is a compile-time claim only (SAFETY.md, "Host
        // references", `FuncRef::as_untyped`).
        unsafe { &*(self as *const FuncRef<S>).cast::<FuncRef>() }
    }

    /// The function without its signature.
    pub fn into_untyped(self) -> FuncRef {
        FuncRef::from_extern_unchecked(self.0)
    }

    /// The function as an [`ExternRef`].
    pub fn as_extern(&self) -> &ExternRef<Function> {
        &self.0
    }

    /// The function as an owned [`ExternRef`].
    pub fn into_extern(self) -> ExternRef<Function> {
        self.0
    }
}

/// `FuncRef::call` of any signature: lowers `args`, calls, lifts the result as `R`.
fn call_with<A: HostArgs, R: FromHostValue>(f: &FuncRef, args: A) -> R {
    const {
        assert!(A::FLAT <= CALL_SLOTS && R::FLAT <= CALL_SLOTS, "too many values for one call");
    }
    let mut arg_slots = [0u64; CALL_SLOTS];
    let mut keep = Vec::new();
    args.write(&mut SlotWriter::new(&mut arg_slots, &mut keep));
    let mut ret_slots = [0u64; CALL_SLOTS];
    transport::call(f.0.as_raw(), CallSignature::<A, R>::STATIC, &arg_slots, &mut ret_slots);
    drop(keep);
    R::read(&mut SlotReader::new(&ret_slots))
}

macro_rules! signatures {
    ($($n:literal: ($($t:ident $i:tt),*);)*) => {$(
        impl<R, $($t),*> sealed::Sealed for fn($($t),*) -> R {}
        impl<R: ToHost, $($t: FromHostValue),*> Signature for fn($($t),*) -> R {
            const DESC: Desc = Desc::code($n)$(.then($t::DESC))*.then(R::DESC);
        }
        impl<R: FromHostValue + ToHost, $($t: ToHost + FromHostValue),*> FuncRef<fn($($t),*) -> R> {
            /// Calls the function with `args`, of its signature's types, and lifts its result
            /// as the signature's `R` (as for an untyped [`FuncRef::call`]). For signatures
            /// whose types can go both ways (all owned boundary types can).
            pub fn call(&self, args: ($($t,)*)) -> R {
                call_with(self.as_untyped(), args)
            }
        }
    )*};
}

crate::abi::tuple_arities!(signatures);

impl<S: Signature> fmt::Debug for FuncRef<S> {
    /// `FuncRef(0x… function name)`: the function's name from the host, as for [`ExternRef`].
    #[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::write_described(f, format_args!("FuncRef"), self.0.as_raw())
    }
}

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod transport {
    use crate::abi::desc::Desc;

    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "call"]
        fn host_call(func: u32, signature: *const Desc, args: *const u64, ret: *mut u64);
    }

    pub(super) fn call(func: u32, signature: &'static Desc, args: &[u64; 32], ret: &mut [u64; 32]) {
        // SAFETY: the host reads the signature and the argument slots it describes, and writes
        // the result's flat values (at most `R::FLAT <= 32`, checked at compile time) into `ret`.
        unsafe { host_call(func, signature, args.as_ptr(), ret.as_mut_ptr()) }
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod transport {
    use crate::abi::desc::Desc;

    pub(super) fn call(_: u32, _: &'static Desc, _: &[u64; 32], _: &mut [u64; 32]) {
        crate::abi::trap("wasm: FuncRef::call needs a JS host (wasm32 with wasmrust.mjs)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::desc::code;
    use alloc::string::String;

    #[test]
    fn a_typed_reference_records_its_signature_and_an_untyped_one_does_not() {
        type Tick = FuncRef<fn(f64, u32) -> bool>;
        let sig = [2, code::F64, code::U32, code::BOOL];
        assert_eq!(<Tick as ToHost>::DESC.as_bytes(), [&[code::FUNC][..], &sig].concat());
        assert_eq!(<Tick as FromHostValue>::DESC.as_bytes(), [&[code::FUNC][..], &sig].concat());
        assert_eq!(<&Tick as ToHost>::DESC.as_bytes(), [&[code::FUNC_BORROWED][..], &sig].concat());
        assert_eq!(<FuncRef as ToHost>::DESC.as_bytes(), b"\x12\x02\x08function");
        // Nested: a function of a function; a unit result; in an Option.
        assert_eq!(
            <FuncRef<fn(FuncRef<fn(u32)>)> as ToHost>::DESC.as_bytes(),
            [code::FUNC, 1, code::FUNC, 1, code::U32, code::UNIT, code::UNIT]
        );
        assert_eq!(<Option<Tick> as ToHost>::DESC.as_bytes()[..2], [code::OPTION, code::FUNC]);
    }

    #[test]
    fn a_signature_costs_nothing_at_run_time() {
        assert_eq!(size_of::<FuncRef<fn(f64, u32) -> bool>>(), size_of::<FuncRef>());
        assert_eq!(size_of::<Option<FuncRef<fn() -> String>>>(), 4);
        assert_eq!(<FuncRef<fn(u32) -> u32> as ToHost>::FLAT, 1);
    }
}
