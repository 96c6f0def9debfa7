//! [`FuncRef`]: a reference to a host function, callable with the ABI types.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use super::{ExternRef, HostType, TypeTest};
use crate::abi::desc::{Desc, MARK_CALL, Marked};
use crate::abi::{FromHostValue, HostArgs, SlotReader, SlotWriter};

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
#[repr(transparent)]
#[derive(Clone)]
pub struct FuncRef(ExternRef<Function>);

/// Most flat values a call's arguments (or result) may have.
const CALL_SLOTS: usize = 32;

struct Signature<A, R>(PhantomData<(A, R)>);

impl<A: HostArgs, R: FromHostValue> Signature<A, R> {
    const DESC: Desc = Desc::code(A::COUNT).then(A::DESC).then(R::DESC);
    // Marked: emit.mjs finds the signature in the data (desc.rs `Marked`).
    const MARKED: &'static Marked = &Marked::new(MARK_CALL, Self::DESC);
    const STATIC: &'static Desc = Self::MARKED.desc();
}

impl FuncRef {
    /// Checked conversion: `Ok` if the host says the value is a function.
    pub fn from_extern<T>(r: ExternRef<T>) -> Result<FuncRef, ExternRef<T>> {
        r.try_cast::<Function>().map(FuncRef)
    }

    pub(crate) fn from_extern_unchecked(r: ExternRef<Function>) -> FuncRef {
        FuncRef(r)
    }

    /// The function as an [`ExternRef`].
    pub fn as_extern(&self) -> &ExternRef<Function> {
        &self.0
    }

    /// The function as an owned [`ExternRef`].
    pub fn into_extern(self) -> ExternRef<Function> {
        self.0
    }

    /// Calls the function with `args` and lifts its result as `R`.
    pub fn call<A: HostArgs, R: FromHostValue>(&self, args: A) -> R {
        const {
            assert!(A::FLAT <= CALL_SLOTS && R::FLAT <= CALL_SLOTS, "too many values for one call");
        }
        let mut arg_slots = [0u64; CALL_SLOTS];
        let mut keep = Vec::new();
        args.write(&mut SlotWriter::new(&mut arg_slots, &mut keep));
        let mut ret_slots = [0u64; CALL_SLOTS];
        transport::call(
            self.0.as_raw(),
            Signature::<A, R>::STATIC,
            &arg_slots,
            &mut ret_slots,
        );
        drop(keep);
        R::read(&mut SlotReader::new(&ret_slots))
    }
}

impl fmt::Debug for FuncRef {
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
