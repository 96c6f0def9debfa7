//@aux-build:linked_exports_clash.rs
//@compile-flags: --crate-type=lib
//@rustc-env:WASM_LINT_WIT_DIR=target/ui-wit
//@rustc-env:CARGO_PRIMARY_PACKAGE=1
//@rustc-env:CARGO_PKG_NAME=clash
//@rustc-env:CARGO_PKG_VERSION=0.1.0
//@error-in-other-file: its WIT name `version` is taken by `crate::version`
// A crate's export and a dependency's (exported by every module linking it) of one WIT name:
// the derived world would hold one of them, so the dependency's is an error naming the crate's.

pub fn total() -> u32 {
    linked_exports_clash::version()
}

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn version() -> u32 {
    2
}
