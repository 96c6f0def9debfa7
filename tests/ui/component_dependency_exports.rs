//@aux-build:linked_exports_aux.rs
//@rustc-env:WASM_LINT_WIT_DIR=target/ui-wit
//@rustc-env:CARGO_PRIMARY_PACKAGE=1
//@error-in-other-file: has no public path from this crate
//@error-in-other-file: is not `pub`
//@error-in-other-file: has a field that is not `pub` (`secret`)
//@error-in-other-file: is a JS-only type
// A crate built as a component from its Rust exports holds the exports of the crates it links
// (wasm_lints::wit::linked): each must be callable from here by a public path, its types built
// from here, and have a WIT form; the errors point at the dependency's items.
extern crate linked_exports_aux;

pub fn total() -> u32 {
    linked_exports_aux::touch() + linked_exports_aux::fine()
}

fn main() {}
