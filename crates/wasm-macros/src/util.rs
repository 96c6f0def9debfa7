//! Small pieces shared by the macros.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Path, Token};

/// Returns the item unchanged next to the error, so one mistake does not cascade into
/// "cannot find type" errors wherever the item is used.
pub fn error_with_item(err: syn::Error, item: TokenStream) -> TokenStream {
    let err = err.to_compile_error();
    quote! { #err #item }
}

/// Folds a list of errors into one `syn::Error` (all of them are reported), or `Ok` if empty.
pub fn combine(errors: Vec<syn::Error>) -> syn::Result<()> {
    let mut iter = errors.into_iter();
    match iter.next() {
        None => Ok(()),
        Some(mut first) => {
            for e in iter {
                first.combine(e);
            }
            Err(first)
        }
    }
}

/// The path under which the `wasm` crate is reached from generated code: `::wasm` unless the
/// user wrote `crate = some::path`.
pub struct CratePath(pub Path);

impl Default for CratePath {
    fn default() -> Self {
        CratePath(syn::parse_quote!(::wasm))
    }
}

impl CratePath {
    /// Parses a `crate = path` argument; the caller has already seen `crate`.
    pub fn parse_value(input: ParseStream) -> syn::Result<Self> {
        input.parse::<Token![=]>()?;
        Ok(CratePath(input.call(Path::parse_mod_style)?))
    }
}

impl Parse for CratePath {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        input.parse::<Token![crate]>()?;
        Self::parse_value(input)
    }
}
