//! Rust -> WIT: the WIT form of a crate's component boundary (its `#[wasm::export]` functions
//! and types, its `#[wasm::import]` functions, and those of the crates it links), read through
//! `tcx` with full type information, dependency crates' types included.
//!
//! `cargo wasm-lint wit` and `component` build a wit-parser `Resolve` from [`CrateWit`] (in the
//! driver); the `invalid_component_abi` lint reports [`NoWit`]s: the types with no WIT form.

pub mod collect;
pub mod imports;
pub mod linked;
pub mod map;
pub mod model;

pub use collect::{Collected, collected};
pub use map::{ErrorAt, NoWit, Role};
pub use model::CrateWit;

/// Set by `cargo wasm-lint wit` / `component`: the packages cargo was asked for are built as
/// components (their exports must have a WIT form), and their WIT is written into this folder.
pub const WIT_DIR_ENV: &str = "WASM_LINT_WIT_DIR";

/// Whether this compilation builds a component from the crate's Rust exports.
pub fn builds_component() -> bool {
    std::env::var_os(WIT_DIR_ENV).is_some_and(|d| !d.is_empty()) && std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some()
}
