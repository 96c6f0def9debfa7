//! `#[wasm::export(start)]`: the module's start function. It is exported as `__wasmrust_start`,
//! which `wasmrust.mjs` calls once after instantiation, before `instantiate` resolves (awaiting
//! it when the function is `async`), and leaves out of `exports`. A second start function in
//! the module is a duplicate `__wasmrust_start` symbol, refused when the module is linked.
//! The `wasm_lint::export(start)` mark keeps it out of a component's world (components have
//! no start function; `cargo wasm-lint component` drops the JS entry points anyway).

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::ItemFn;

use crate::export::{Args, expand_named};

/// The export the JS runtime looks for.
pub const START_EXPORT: &str = "__wasmrust_start";

pub fn expand(args: &Args, f: ItemFn) -> syn::Result<TokenStream> {
    if let Some(name) = &args.name {
        return Err(syn::Error::new(
            name.span(),
            "a start function has no export name: `instantiate` runs it, and it is not among the exports",
        ));
    }
    if !f.sig.inputs.is_empty() {
        return Err(syn::Error::new(
            f.sig.inputs.span(),
            "a start function takes no parameters: `instantiate` calls it with none",
        ));
    }
    expand_named(args, f, START_EXPORT, quote!(start))
}
