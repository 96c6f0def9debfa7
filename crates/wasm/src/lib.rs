//! WasmRust: WebAssembly resource handling, side effects and memory sharing that are checked at
//! compile time.
//!
//! Annotate code with [`linear`](macro@linear), [`effect`](macro@effect),
//! [`export`](macro@export) and [`import`](macro@import), share memory through [`SharedSlice`] of
//! [`Pod`] data, and run `cargo wasm-lint`: its lints turn leaked host handles, undeclared effects
//! (a JS call left in a WASI build), non-Pod data in shared memory and escaped host references
//! into compile errors. The crate also carries the memory model
//! ([`arena`]: per-call scratch, a growable global allocator), structured concurrency
//! ([`thread::scope`]) and an async executor that needs no host ([`task`]).
//!
//! Everything here builds with stable Rust and without `std`; only the lint driver needs the
//! pinned nightly.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
// Lets macro output that names `::wasm` work inside this crate too.
extern crate self as wasm;
#[cfg(feature = "std")]
extern crate std;

#[doc(hidden)]
pub mod abi;
pub mod arena;
#[cfg(feature = "component")]
pub mod component;
pub mod closure;
pub mod externref;
mod linear;
pub mod host;
pub mod pod;
mod shared;
pub mod thread;
#[cfg(feature = "web")]
pub mod web;
// The executor needs one executor per thread: a static where there is one thread, else `std`'s
// thread-locals.
#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
pub mod task;

pub use closure::{Closure, with_closure};
pub use externref::{Any, ExternRef, FuncRef, HostType, Signature, TypeTest, Untyped};
pub use linear::{Handle, Linear, Release};
pub use wasm_macros::{effect, export, import, linear, pure};
#[cfg(feature = "component")]
pub use wasm_macros::{wit, wit_inline};
pub use pod::Pod;
pub use wasm_macros::Pod;
#[cfg(target_has_atomic = "32")]
pub use shared::{Atomic32, AtomicChunks, AtomicSlice};
pub use shared::SharedSlice;
pub use abi::panic::report_panics;
pub use abi::Clamped;

/// Items the macros expand to. Not public API: names and shapes change without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::abi;
    pub use crate::linear::LinearTypesMustNotImplementClone;
    pub use crate::host::profile::{Effect, Effects, removes_any, unavailable};

    /// Runs the body of an exported function. Every `#[wasm::export]` goes through here once per
    /// host call, so per-call work has one place to live:
    /// - an export with reference parameters (`REFS`) is a
    ///   [`call_boundary`](crate::arena::call_boundary), as its lent references are per call;
    ///   other exports add no level: the per-call scratch ends with the outermost `with_scratch`
    ///   (a call boundary itself), so such an export is its body alone, the cost of a raw
    ///   `extern "C"` export with or without LTO;
    /// - when parameters carry references (`REFS`; other exports link none of that code), lent
    ///   references promoted during the call are let go after *every* such call, nested ones
    ///   included, since a later lent handle may reuse the same value, and owned parameters wasm
    ///   still holds are pinned by the host (`externref::begin_call` / `end_call`).
    #[inline(always)]
    pub fn export_call<const REFS: bool, R>(body: impl FnOnce() -> R) -> R {
        if !REFS {
            return body();
        }
        let mark = crate::externref::begin_call();
        #[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
        let result = crate::arena::call_boundary(body);
        #[cfg(not(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics")))))]
        let result = body();
        crate::externref::end_call(mark);
        result
    }
    #[cfg(feature = "bytemuck")]
    pub use bytemuck;
}
