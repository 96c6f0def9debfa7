//! The records `#[wasm::export]` and `#[wasm::import]` leave in the module's `wasmrust` section
//! (format: `crates/wasm/src/abi/desc.rs`, `docs/js-host.md`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::Path;
use syn::ext::IdentExt;

/// The bytes of a name in a record: LEB128 length, then UTF-8.
pub fn name_bytes(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut n = name.len();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        out.push(if n == 0 { b } else { b | 0x80 });
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(name.as_bytes());
    out
}

/// `const _` items emitting one record into the `wasmrust` custom section (wasm targets only).
pub fn record(krate: &Path, parts: &[TokenStream]) -> TokenStream {
    record_under(krate, parts, quote!(target_family = "wasm"))
}

/// The parameter names and doc comment of the record whose identifying parts are `head` (its
/// kind, then for an import the module name, then the function name), as a record of kind
/// `RECORD_NAMES`. Debug builds only: tools read it (`dts.mjs` names the parameters of its
/// declarations and documents them), the runtime does not, and a release module does not carry it.
pub fn names_record(krate: &Path, head: &[TokenStream], names: &[String], doc: &str) -> TokenStream {
    let mut parts = vec![quote!(&[#krate::__private::abi::desc::RECORD_NAMES])];
    parts.extend_from_slice(head);
    let count = names.len() as u8;
    parts.push(quote!(&[#count]));
    for name in names.iter().map(String::as_str).chain([doc]) {
        let b = name_bytes(name);
        parts.push(quote!(&[#(#b),*]));
    }
    record_under(krate, &parts, quote!(all(target_family = "wasm", debug_assertions)))
}

/// The text of the `///` comments (`#[doc = "..."]`) among `attrs`, one leading space per line
/// removed, for [`names_record`].
pub fn doc_text(attrs: &[syn::Attribute]) -> String {
    let lines = attrs.iter().filter(|a| a.path().is_ident("doc")).filter_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    });
    let lines: Vec<String> = lines.map(|l| l.strip_prefix(' ').unwrap_or(&l).to_string()).collect();
    lines.join("\n").trim().to_string()
}

/// The names the parameter patterns give their values (`x`, `mut x`, `r#type` -> `type`; any
/// other pattern is `arg{i}`), for [`names_record`].
pub fn param_names<'a>(inputs: impl IntoIterator<Item = &'a syn::FnArg>) -> Vec<String> {
    let typed = inputs.into_iter().filter_map(|input| match input {
        syn::FnArg::Typed(pt) => Some(&*pt.pat),
        syn::FnArg::Receiver(_) => None,
    });
    typed
        .enumerate()
        .map(|(i, pat)| match pat {
            syn::Pat::Ident(p) => p.ident.unraw().to_string(),
            _ => format!("arg{i}"),
        })
        .collect()
}

fn record_under(krate: &Path, parts: &[TokenStream], cfg: TokenStream) -> TokenStream {
    quote! {
        #[cfg(#cfg)]
        const _: () = {
            const __PARTS: &[&[u8]] = &[#(#parts),*];
            #[unsafe(link_section = "wasmrust")]
            static __RECORD: [u8; #krate::__private::abi::desc::record_len(__PARTS)] =
                #krate::__private::abi::desc::record(__PARTS);
        };
    }
}
