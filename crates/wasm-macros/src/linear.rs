//! `#[wasm::linear]`: marks a struct or enum as a resource that must be consumed exactly once.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Generics, Ident, Item, Path, Token};

use crate::util::{CratePath, combine, error_with_item, item_keyword_span};

// rustc adds its own "use `let _ = ...`" help, which would drop the value unconsumed: the note
// says so, since the suggestion cannot be removed.
const MUST_USE: &str = "a linear value must be consumed exactly once: call one of its `self`-taking methods, return it, or move it to an owner; not `let _ = ...`, which drops it unconsumed (`cargo wasm-lint` rejects that)";

/// Arguments of the attribute: nothing, or `crate = path`.
#[derive(Default)]
struct Args {
    krate: CratePath,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Args::default());
        }
        let lookahead = input.lookahead1();
        if !lookahead.peek(Token![crate]) {
            return Err(syn::Error::new(
                input.span(),
                "`#[wasm::linear]` takes no arguments except `crate = path`",
            ));
        }
        let krate = input.parse::<CratePath>()?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after `crate = path`"));
        }
        Ok(Args { krate })
    }
}

/// Expands `#[wasm::linear]`; errors come back as `compile_error!` next to the original item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let result = syn::parse2::<Args>(attr)
        .and_then(|args| Ok((args, syn::parse2::<Item>(item.clone())?)))
        .and_then(|(args, parsed)| expand_item(&args, parsed));
    result.unwrap_or_else(|e| error_with_item(e, item))
}

fn expand_item(args: &Args, item: Item) -> syn::Result<TokenStream> {
    let (attrs, ident, generics) = match &item {
        Item::Struct(s) => (&s.attrs, &s.ident, &s.generics),
        Item::Enum(e) => (&e.attrs, &e.ident, &e.generics),
        other => {
            return Err(syn::Error::new(
                item_keyword_span(other),
                format!(
                    "`#[wasm::linear]` applies to a struct or an enum, not to {}",
                    item_kind_name(other)
                ),
            ));
        }
    };
    combine(clone_derives(attrs))?;

    let krate = &args.krate.0;
    let must_use = if attrs.iter().any(|a| a.path().is_ident("must_use")) {
        quote!()
    } else {
        quote!(#[must_use = #MUST_USE])
    };
    let linear_impl = linear_impl(krate, ident, generics);
    let not_clone = not_clone_check(krate, ident, generics);
    Ok(quote! {
        #must_use
        #item
        #linear_impl
        #not_clone
    })
}

fn linear_impl(krate: &Path, ident: &Ident, generics: &Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Linear for #ident #ty_generics #where_clause {}
    }
}

/// A function that only names `<T as LinearTypesMustNotImplementClone<_>>::check`: ambiguous, and
/// so a compile error pointing at the type's name, exactly when the type is `Clone`.
fn not_clone_check(krate: &Path, ident: &Ident, generics: &Generics) -> TokenStream {
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let check = quote_spanned! {ident.span()=>
        let _ = <#ident #ty_generics as #krate::__private::LinearTypesMustNotImplementClone<_>>::check;
    };
    quote! {
        const _: () = {
            #[allow(dead_code, non_snake_case, clippy::extra_unused_type_parameters)]
            fn __linear_type_is_not_clone #impl_generics () #where_clause {
                #check
            }
        };
    }
}

/// `derive(Clone)` / `derive(Copy)` entries, each as an error spanned on the derive path.
fn clone_derives(attrs: &[Attribute]) -> Vec<syn::Error> {
    let mut errors = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
        else {
            continue; // rustc reports a malformed derive itself
        };
        for path in paths {
            let Some(last) = path.segments.last() else { continue };
            let name = last.ident.to_string();
            if name == "Clone" || name == "Copy" {
                errors.push(syn::Error::new(
                    path.span(),
                    format!(
                        "a `#[wasm::linear]` type cannot derive `{name}`: a copy would be a second \
                         obligation to consume the same resource"
                    ),
                ));
            }
        }
    }
    errors
}

fn item_kind_name(item: &Item) -> &'static str {
    match item {
        Item::Fn(_) => "a function",
        Item::Union(_) => "a union",
        Item::Trait(_) => "a trait",
        Item::Impl(_) => "an impl block",
        Item::Type(_) => "a type alias",
        Item::Mod(_) => "a module",
        Item::Const(_) => "a constant",
        Item::Static(_) => "a static",
        Item::Use(_) => "a `use` item",
        _ => "this item",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(attr: &str, item: &str) -> String {
        expand(attr.parse().unwrap(), item.parse().unwrap()).to_string()
    }

    #[test]
    fn implements_linear_and_adds_must_use() {
        let out = expand_str("", "struct C(wasm::Handle);");
        assert!(out.contains("impl :: wasm :: Linear for C"), "{out}");
        assert!(out.contains("must_use"), "{out}");
        assert!(out.contains("LinearTypesMustNotImplementClone"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn keeps_generics_and_where_clauses() {
        let out = expand_str("", "enum R<T: Send, const N: usize> where T: Sized { A([T; N]) }");
        assert!(
            out.contains("impl < T : Send , const N : usize > :: wasm :: Linear for R < T , N > where T : Sized"),
            "{out}"
        );
    }

    #[test]
    fn existing_must_use_is_not_duplicated() {
        let out = expand_str("", "#[must_use = \"x\"] struct C;");
        assert_eq!(out.matches("must_use").count(), 1, "{out}");
    }

    #[test]
    fn renamed_crate_path() {
        let out = expand_str("crate = my::w", "struct C;");
        assert!(out.contains("impl my :: w :: Linear for C"), "{out}");
    }

    #[test]
    fn rejects_clone_and_copy_derives() {
        let out = expand_str("", "#[derive(Debug, Clone, core::marker::Copy)] struct C;");
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        assert!(out.contains("cannot derive `Clone`"), "{out}");
        assert!(out.contains("cannot derive `Copy`"), "{out}");
    }

    #[test]
    fn rejects_other_items() {
        for (src, kind) in [
            ("fn f() {}", "a function"),
            ("union U { a: u32 }", "a union"),
            ("trait T {}", "a trait"),
            ("type A = u32;", "a type alias"),
        ] {
            let out = expand_str("", src);
            assert!(out.contains("compile_error"), "{out}");
            assert!(out.contains(kind), "{src}: {out}");
        }
    }

    #[test]
    fn rejects_unknown_arguments_without_panicking() {
        for attr in ["consume", "crate", "crate = ", "crate = a, b", "1 + 2"] {
            let out = expand_str(attr, "struct C;");
            assert!(out.contains("compile_error"), "{attr}: {out}");
        }
    }

    #[test]
    fn malformed_item_is_an_error_not_a_panic() {
        let out = expand("".parse().unwrap(), "struct".parse().unwrap()).to_string();
        assert!(out.contains("compile_error"), "{out}");
    }
}
