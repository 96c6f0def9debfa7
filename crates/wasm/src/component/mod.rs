//! Component Model guests from WIT (feature `component`).
//!
//! `#[wasm::wit(path = "wit", world = "app")] mod bindings {}` generates the bindings of a world
//! (wit-bindgen's shape, wit-bindgen-rust 0.60 as the generator) and
//! `wasm::wit_inline! { .. }` does the same from WIT written in the call. The generated code
//! reaches its runtime through [`rt`], so a guest depends on `wasm` alone. See
//! `docs/components.md`.
//!
//! Imported resource handles are linear: each implements [`Linear`](crate::Linear) and
//! [`Release`](crate::Release) (the resource-drop), and `cargo wasm-lint` rejects one that is
//! dropped without being passed on, returned or released.

/// The wit-bindgen runtime the generated bindings call (`Resource`, `cabi_realloc`, ...).
///
/// Its exact version is the generator's: the `cabi_realloc` it links is version-suffixed.
#[doc(hidden)]
pub use wit_bindgen::rt;
