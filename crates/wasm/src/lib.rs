//! WasmRust: WebAssembly resource handling, side effects and memory sharing that are checked at
//! compile time.
//!
//! Annotate code with [`linear`], [`effect`], [`export`] and [`wit`](macro@wit), share memory
//! through [`SharedSlice`], and run `cargo wasm-lint`: its lints turn leaked host handles, JS calls
//! in a WASI build, data races on shared memory and ABI misuse into compile errors. Everything here
//! also builds with stable Rust and without `std`; only the lint driver needs the pinned nightly.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
// Lets macro output that names `::wasm` work inside this crate too.
extern crate self as wasm;
#[cfg(feature = "std")]
extern crate std;

mod linear;

/// The host a build targets and what it can do.
pub mod host {
    pub mod profile;
}

pub use linear::{Handle, Linear};
pub use wasm_macros::linear;
pub use wasm_macros::{effect, pure};

/// Items the macros expand to. Not public API: names and shapes change without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::linear::LinearTypesMustNotImplementClone;
    pub use crate::host::profile::{Effect, Effects, removes_any, unavailable};
}
