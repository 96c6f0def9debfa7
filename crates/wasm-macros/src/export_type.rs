//! `#[wasm::export]` on a struct with named fields (a record: a JS plain object, copied) or an
//! enum (C-like: the case names as JS strings; with payloads: `{ tag, val }`).
//!
//! The type stays as written; the macro implements `wasm::__private::abi::ExportValue` for it: a
//! descriptor naming the type, its fields or cases and their types (each field type's own
//! descriptor, so types nest), and the encoding `wasmrust.mjs` (part `values.mjs`) decodes by
//! that descriptor (format in `crates/wasm/src/abi/value.rs`). A field type without
//! `ExportValue` is a compile error at the field.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Fields, ItemEnum, ItemStruct};

use crate::util::lint_mark;

fn no_generics(g: &syn::Generics) -> syn::Result<()> {
    if g.params.is_empty() {
        Ok(())
    } else {
        Err(syn::Error::new(g.span(), "an exported type cannot be generic: the host needs one concrete type"))
    }
}

fn name_of(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}

/// A record: fields in order. With `flags`, every field is a `bool` and the type is a WIT
/// `flags` (JS sees the same plain object of booleans).
pub fn record(krate: &syn::Path, s: &ItemStruct, flags: Option<&syn::Ident>) -> syn::Result<TokenStream> {
    no_generics(&s.generics)?;
    let Fields::Named(fields) = &s.fields else {
        return Err(syn::Error::new(
            s.struct_token.span,
            "an exported struct is a record with named fields (`struct P { x: f64 }`); for a tuple or unit struct, export an `impl` block (a class) or name the fields",
        ));
    };
    let abi = quote!(#krate::__private::abi);
    let ident = &s.ident;
    let name = name_of(ident);
    let count = fields.named.len();
    if count > 255 {
        return Err(syn::Error::new(s.ident.span(), "an exported record has at most 255 fields"));
    }
    let count = count as u8;
    let idents: Vec<_> = fields.named.iter().map(|f| f.ident.clone().expect("named")).collect();
    let descs = fields.named.iter().map(|f| {
        let (ty, fname) = (&f.ty, name_of(f.ident.as_ref().expect("named")));
        quote_spanned!(ty.span()=> .name(#fname).then(&<#ty as #abi::ExportValue>::DESC))
    });
    let reads = fields.named.iter().map(|f| {
        let (ty, i) = (&f.ty, &f.ident);
        quote_spanned!(ty.span()=> #i: <#ty as #abi::ExportValue>::read(r))
    });
    let writes = fields.named.iter().zip(&idents).map(|(f, i)| {
        let ty = &f.ty;
        quote_spanned!(ty.span()=> <#ty as #abi::ExportValue>::write(self.#i, out);)
    });
    if let Some(flags) = flags {
        check_flags(flags, fields)?;
    }
    let mark = lint_mark("export", if flags.is_some() { quote!(flags) } else { TokenStream::new() });
    let by_ref = by_ref(&abi, ident);
    Ok(quote! {
        #mark
        #s
        #by_ref
        impl #abi::ExportValue for #ident {
            const DESC: #abi::ValueDesc = #abi::ValueDesc::code(#abi::value_code::RECORD).name(#name).push(#count) #(#descs)*;
            fn read(r: &mut #abi::Reader<'_>) -> Self {
                #ident { #(#reads),* }
            }
            fn write(self, out: &mut #abi::__Vec<u8>) {
                #(#writes)*
            }
        }
    })
}

/// A WIT `flags` has 1 to 32 flags (the Component Model's limit), each a `bool` field here.
fn check_flags(flags: &syn::Ident, fields: &syn::FieldsNamed) -> syn::Result<()> {
    if fields.named.is_empty() || fields.named.len() > 32 {
        return Err(syn::Error::new(flags.span(), "a `flags` type has 1 to 32 `bool` fields (the Component Model's limit)"));
    }
    for f in &fields.named {
        let is_bool = matches!(&f.ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("bool"));
        if !is_bool {
            return Err(syn::Error::new(f.ty.span(), "every field of a `flags` type is a `bool` (one flag each)"));
        }
    }
    Ok(())
}

/// `&T` parameters of a record or enum: the value JS copied in, owned for the call.
fn by_ref(abi: &TokenStream, ident: &syn::Ident) -> TokenStream {
    quote! {
        impl #abi::ExportRef for #ident {
            type Anchor = #abi::Copied<#ident>;
            const REF_DESC: #abi::ValueDesc = <#ident as #abi::ExportValue>::DESC;
            fn lift_ref(a: u32, b: u32, member: &'static str) -> Self::Anchor {
                #abi::Copied(<#ident as #abi::ExportValue>::from_flat(a, b, member))
            }
        }
    }
}

/// An enum: C-like (case names) or a variant (cases with one payload or none).
pub fn enumeration(krate: &syn::Path, e: &ItemEnum) -> syn::Result<TokenStream> {
    no_generics(&e.generics)?;
    let abi = quote!(#krate::__private::abi);
    let ident = &e.ident;
    let name = name_of(ident);
    if e.variants.is_empty() || e.variants.len() > 255 {
        return Err(syn::Error::new(e.ident.span(), "an exported enum has 1 to 255 cases"));
    }
    let mut errors = Vec::new();
    for v in &e.variants {
        match &v.fields {
            Fields::Unit => {}
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {}
            other => errors.push(syn::Error::new(
                other.span(),
                "a case of an exported enum has no payload or one (`Case(T)`); put several values in an exported record",
            )),
        }
    }
    crate::util::combine(errors)?;
    let count = e.variants.len() as u8;
    let c_like = e.variants.iter().all(|v| matches!(v.fields, Fields::Unit));
    let mut descs = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for (k, v) in e.variants.iter().enumerate() {
        let (vi, vname, k) = (&v.ident, name_of(&v.ident), k as u32);
        match &v.fields {
            Fields::Unnamed(f) => {
                let ty = &f.unnamed[0].ty;
                descs.push(quote_spanned!(ty.span()=> .name(#vname).push(1).then(&<#ty as #abi::ExportValue>::DESC)));
                reads.push(quote_spanned!(ty.span()=> #k => #ident::#vi(<#ty as #abi::ExportValue>::read(r))));
                writes.push(quote!(#ident::#vi(x) => { #abi::ExportValue::write(#k, out); #abi::ExportValue::write(x, out); }));
            }
            _ => {
                descs.push(if c_like { quote!(.name(#vname)) } else { quote!(.name(#vname).push(0)) });
                reads.push(quote!(#k => #ident::#vi));
                writes.push(quote!(#ident::#vi => #abi::ExportValue::write(#k, out),));
            }
        }
    }
    let kind = if c_like { quote!(ENUM) } else { quote!(VARIANT) };
    let mark = lint_mark("export", TokenStream::new());
    let by_ref = by_ref(&abi, ident);
    Ok(quote! {
        #mark
        #e
        #by_ref
        impl #abi::ExportValue for #ident {
            const DESC: #abi::ValueDesc = #abi::ValueDesc::code(#abi::value_code::#kind).name(#name).push(#count) #(#descs)*;
            fn read(r: &mut #abi::Reader<'_>) -> Self {
                match r.u32() {
                    #(#reads,)*
                    _ => r.fail(concat!("not a case of ", #name)),
                }
            }
            fn write(self, out: &mut #abi::__Vec<u8>) {
                match self { #(#writes)* }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    fn expand_str(attr: &str, item: &str) -> String {
        crate::export::expand(attr.parse().unwrap(), item.parse().unwrap()).to_string()
    }

    #[test]
    fn records_and_enums_implement_export_value() {
        let out = expand_str("", "struct Point { x: f64, label: String }");
        assert!(out.contains("impl :: wasm :: __private :: abi :: ExportValue for Point"), "{out}");
        assert!(out.contains(". name (\"x\") . then (& < f64 as"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
        let out = expand_str("", "enum Cell { Dead, Alive }");
        assert!(out.contains("value_code :: ENUM"), "{out}");
        let out = expand_str("", "enum Shape { Circle(f64), Empty }");
        assert!(out.contains("value_code :: VARIANT"), "{out}");
        assert!(out.contains(". name (\"Empty\") . push (0)"), "{out}");
    }

    #[test]
    fn flags_are_records_of_bools_marked_for_wit() {
        let out = expand_str("flags", "struct Perms { read: bool, write: bool }");
        assert!(out.contains("impl :: wasm :: __private :: abi :: ExportValue for Perms"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
        let fields: String = (0..33).map(|i| format!("f{i}: bool,")).collect();
        let out = expand_str("flags", &format!("struct Many {{ {fields} }}"));
        assert!(out.contains("compile_error") && out.contains("1 to 32"), "{out}");
        let mark = crate::util::lint_mark_tokens("export", quote::quote!(flags)).to_string();
        assert_eq!(mark, "# [wasm_lint :: export (flags)]");
    }

    #[test]
    fn refusals_are_spanned_errors() {
        for (attr, src, what) in [
            ("", "struct T(u32);", "named fields"),
            ("", "struct G<T> { x: T }", "cannot be generic"),
            ("", "enum E { A { x: u32 } }", "no payload or one"),
            ("", "enum E { A(u32, u32) }", "no payload or one"),
            ("", "enum E {}", "1 to 255 cases"),
            ("flags", "struct F { a: bool, n: u8 }", "every field of a `flags` type is a `bool`"),
            ("flags", "struct F {}", "1 to 32 `bool` fields"),
            ("flags", "fn f() {}", "applies to a struct of `bool` fields"),
            ("flags", "enum E { A }", "applies to a struct of `bool` fields"),
        ] {
            let out = expand_str(attr, src);
            assert!(out.contains("compile_error") && out.contains(what), "{src}: {out}");
        }
    }
}
