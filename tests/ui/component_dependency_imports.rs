//@aux-build:linked_imports_aux.rs
//@compile-flags: --crate-type=lib
//@rustc-env:WASM_LINT_WIT_DIR=target/ui-wit
//@rustc-env:CARGO_PRIMARY_PACKAGE=1
//@rustc-env:CARGO_PKG_NAME=clash
//@rustc-env:CARGO_PKG_VERSION=0.1.0
//@error-in-other-file: `host.measure` is imported by `crate::measure` too, with another signature
// The crate and a library it links import one name, `host.measure`, with two signatures: the
// world has one function per import name, so the dependency's is an error naming the crate's.
// The library's JS-bound `alert` is not in the world, and no error.

pub fn total() -> u32 {
    linked_imports_aux::alert("x");
    linked_imports_aux::measure("x") + measure(1)
}

#[cfg_attr(wasm_lint, wasm_lint::import(module = "host"))]
pub fn measure(times: u32) -> u32 {
    times
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn version() -> u32 {
    2
}
