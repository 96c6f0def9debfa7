//! Small pieces shared by the macros.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Item, Path, Token};

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

/// A tool attribute for the lints (`#[wasm_lint::NAME(ARGS)]`), or nothing.
///
/// Marks are emitted only when this macro crate itself was compiled by `wasm-lint-driver`, which
/// passes `--cfg wasm_lint` to every crate and registers the `wasm_lint` tool. A normal build
/// therefore sees no mark at all (no unknown-tool error, no `unexpected_cfgs` warning), and a
/// `cargo wasm-lint` build, which has its own target directory, always does, in the local crate and
/// in every dependency (tool attributes are encoded in crate metadata).
pub fn lint_mark(name: &str, args: TokenStream) -> TokenStream {
    if cfg!(wasm_lint) { lint_mark_tokens(name, args) } else { TokenStream::new() }
}

/// The attribute `lint_mark` emits under the driver; separate so it is unit-testable.
pub fn lint_mark_tokens(name: &str, args: TokenStream) -> TokenStream {
    let name = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
    if args.is_empty() {
        quote!(#[wasm_lint::#name])
    } else {
        quote!(#[wasm_lint::#name(#args)])
    }
}

/// The keyword that starts an item (`struct`, `impl`, `fn`, ...), where an error about the kind
/// of item an attribute sits on points.
pub fn item_keyword_span(item: &Item) -> proc_macro2::Span {
    match item {
        Item::Fn(f) => f.sig.fn_token.span,
        Item::Struct(s) => s.struct_token.span,
        Item::Enum(e) => e.enum_token.span,
        Item::Union(u) => u.union_token.span,
        Item::Trait(t) => t.trait_token.span,
        Item::Impl(i) => i.impl_token.span,
        Item::Type(t) => t.type_token.span,
        Item::Mod(m) => m.mod_token.span,
        Item::Const(c) => c.const_token.span,
        Item::Static(s) => s.static_token.span,
        other => other.span(),
    }
}
