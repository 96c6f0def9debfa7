//! `#[wasm::export] async fn`: the export returns a JS promise. A shim (wasm only) calls the
//! async fn and hands its future to `wasm::task::spawn_promise` (or `spawn_promise_result` for a
//! `Result`, whose `Err` rejects); the raw export is that of a function returning
//! `ExternRef<wasm::task::Promise>`, and its record says `Promise` of the async fn's result. An
//! exported record, enum, variant or class in the result settles the promise wrapped in
//! `wasm::__private::abi::Exported`, which passes it as a sync export's result is passed.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, Type};

use crate::abi::{ClassKind, Ty};

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

pub fn shim(krate: &syn::Path, f: &ItemFn, output: &Type, ret: &Ty) -> Shim {
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
    let future = match wrap_exported(krate, ret, &quote!(__out), 0) {
        Some(wrapped) => quote!(async move { let __out = #target(#(#names),*).await; #wrapped }),
        None => quote!(#target(#(#names),*)),
    };
    let ret_ty: Type = syn::parse_quote!(#krate::ExternRef<#krate::task::Promise>);
    let item = quote! {
        fn #ident(#(#names: #types),*) -> #ret_ty {
            #krate::task::#spawn(#future)
        }
    };
    Shim { ident, item, ret: ret_ty }
}

/// `value` with every exported type in it wrapped in `Exported` (`None`: nothing to wrap).
fn wrap_exported(krate: &syn::Path, ty: &Ty, value: &TokenStream, depth: usize) -> Option<TokenStream> {
    let x = format_ident!("__x{}", depth);
    match ty {
        Ty::Class { kind: ClassKind::Owned, .. } => Some(quote!(#krate::task::Exported(#value))),
        Ty::Option(inner) => {
            let w = wrap_exported(krate, inner, &quote!(#x), depth + 1)?;
            Some(quote!(#value.map(|#x| #w)))
        }
        Ty::Result(ok, err) => {
            let wo = wrap_exported(krate, ok, &quote!(#x), depth + 1);
            let we = wrap_exported(krate, err, &quote!(#x), depth + 1);
            if wo.is_none() && we.is_none() {
                return None;
            }
            let wo = wo.unwrap_or_else(|| quote!(#x));
            let we = we.unwrap_or_else(|| quote!(#x));
            Some(quote!(match #value { Ok(#x) => Ok(#wo), Err(#x) => Err(#we) }))
        }
        _ => None,
    }
}

fn is_result(t: &Type) -> bool {
    matches!(t, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result"))
}
