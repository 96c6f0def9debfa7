//! `#[wasm::export] async fn`: the export returns a JS promise. A shim (wasm only) calls the
//! async fn and hands its future to `wasm::task::spawn_promise` (or `spawn_promise_result` for a
//! `Result`, whose `Err` rejects); the raw export and its record are those of a function
//! returning `ExternRef<wasm::task::Promise>`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Type};

use crate::abi::Ty;

/// What the export calls instead of the async fn, and the type it returns.
pub struct Shim {
    pub ident: syn::Ident,
    pub item: TokenStream,
    pub ret: Type,
}

/// Errors for parameters a task cannot keep past the call (borrowed ones).
pub fn check_params(f: &ItemFn, params: &[Ty]) -> Vec<syn::Error> {
    let typed = f.sig.inputs.iter().filter_map(|i| match i {
        FnArg::Typed(pt) => Some(pt),
        FnArg::Receiver(_) => None,
    });
    typed
        .zip(params)
        .filter(|(_, t)| t.is_borrowed())
        .map(|(pt, _)| {
            syn::Error::new(
                pt.ty.span(),
                "an async export's parameters must be owned (`String`, not `&str`; `ExternRef<T>`, not `&ExternRef<T>`): its task runs after the call returns",
            )
        })
        .collect()
}

pub fn shim(krate: &syn::Path, f: &ItemFn, output: &Type) -> Shim {
    let ident = format_ident!("__wasmrust_async_{}", f.sig.ident);
    let target = &f.sig.ident;
    let (names, types): (Vec<_>, Vec<_>) = f
        .sig
        .inputs
        .iter()
        .filter_map(|i| match i {
            FnArg::Typed(pt) => Some(&pt.ty),
            FnArg::Receiver(_) => None,
        })
        .enumerate()
        .map(|(i, ty)| (format_ident!("__p{}", i), ty))
        .unzip();
    let spawn = if is_result(output) {
        quote!(spawn_promise_result)
    } else {
        quote!(spawn_promise)
    };
    let ret: Type = syn::parse_quote!(#krate::ExternRef<#krate::task::Promise>);
    let item = quote! {
        fn #ident(#(#names: #types),*) -> #ret {
            #krate::task::#spawn(#target(#(#names),*))
        }
    };
    Shim { ident, item, ret }
}

fn is_result(t: &Type) -> bool {
    matches!(t, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result"))
}
