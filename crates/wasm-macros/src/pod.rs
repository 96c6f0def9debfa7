//! `#[derive(wasm::Pod)]`: implements `wasm::Pod` for a struct after proving it is plain data.
//!
//! What the macro can see in tokens it rejects itself, naming the field: enums, unions, missing
//! `#[repr(C)]`/`#[repr(transparent)]`, lifetimes, `bool`/`char`/references/pointers/tuples, and
//! generic structs whose padding depends on the parameters. What needs the compiler's layout it
//! expands to checks that fail with messages from `wasm::pod::check`: a field type that is not
//! `Pod`, and the exact number of padding bytes before a field or at the end.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{
    Data, DataStruct, DeriveInput, Field, Fields, GenericParam, Ident, Member, Path, Type,
    WherePredicate,
};

use crate::util::{CratePath, combine};

/// Expands the derive; every rejection comes back as a spanned `compile_error!`.
pub fn expand(input: TokenStream) -> TokenStream {
    syn::parse2::<DeriveInput>(input)
        .and_then(|input| expand_input(&input))
        .unwrap_or_else(|e| e.to_compile_error())
}

fn expand_input(input: &DeriveInput) -> syn::Result<TokenStream> {
    let krate = crate_path(input)?;
    let data = match &input.data {
        Data::Struct(data) => data,
        Data::Enum(e) => {
            return Err(syn::Error::new(
                e.enum_token.span,
                "`wasm::Pod` cannot be derived for an enum: only its declared discriminants are \
                 valid values, so not every bit pattern is one; share a `#[repr(C)]` struct with \
                 an integer field instead",
            ));
        }
        Data::Union(u) => {
            return Err(syn::Error::new(
                u.union_token.span,
                "`wasm::Pod` cannot be derived for a union: the bytes a smaller field leaves \
                 unused are uninitialized; use a `#[repr(C)]` struct or a byte array",
            ));
        }
    };
    let repr = Repr::parse(input)?;
    let mut errors = Vec::new();
    if !repr.c && !repr.transparent {
        errors.push(syn::Error::new(
            input.ident.span(),
            format!(
                "`{}` needs `#[repr(C)]` or `#[repr(transparent)]` to derive `wasm::Pod`: Rust's \
                 default layout may reorder fields and insert padding",
                input.ident
            ),
        ));
    }
    for param in &input.generics.params {
        if let GenericParam::Lifetime(l) = param {
            errors.push(syn::Error::new(
                l.lifetime.span(),
                "a `wasm::Pod` type cannot have lifetime parameters: `Pod` data holds no \
                 references and is `'static`",
            ));
        }
    }
    let fields = fields_of(data);
    for (i, field) in fields.iter().enumerate() {
        if let Some(reason) = not_pod_reason(&field.ty) {
            errors.push(syn::Error::new(
                field.ty.span(),
                format!(
                    "field `{}` has type `{}`, which is not `wasm::Pod`: {reason}",
                    field_name(field, i),
                    type_string(&field.ty)
                ),
            ));
        }
    }
    let generic = input
        .generics
        .params
        .iter()
        .any(|p| !matches!(p, GenericParam::Lifetime(_)));
    if generic && repr.c {
        errors.extend(generic_padding_error(input, &repr, &fields));
    }
    if errors.is_empty() {
        return Ok(generate(&krate, input, &repr, &fields, generic));
    }
    // Still check the fields the tokens could not judge, so every bad field is reported at once.
    let mut out = combine(errors).unwrap_err().to_compile_error();
    if !generic && input.generics.params.is_empty() {
        let unjudged: Vec<&Field> =
            fields.iter().copied().filter(|f| not_pod_reason(&f.ty).is_none()).collect();
        let markers = markers(&unjudged);
        let checks = field_checks(&krate, &unjudged, &markers);
        out.extend(quote! {
            const _: () = {
                #[allow(non_camel_case_types, dead_code)]
                mod __pod_fields { #(pub struct #markers;)* }
                #[allow(dead_code)]
                fn __pod_checks() { #(#checks)* }
            };
        });
    }
    Ok(out)
}

/// The `#[repr(..)]` items that matter for layout.
#[derive(Default)]
struct Repr {
    c: bool,
    transparent: bool,
    /// Span of an `align(N)` modifier, which can add trailing padding.
    align: Option<Span>,
}

impl Repr {
    fn parse(input: &DeriveInput) -> syn::Result<Repr> {
        let mut repr = Repr::default();
        for attr in input.attrs.iter().filter(|a| a.path().is_ident("repr")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("C") {
                    repr.c = true;
                } else if meta.path.is_ident("transparent") {
                    repr.transparent = true;
                } else if meta.path.is_ident("align") {
                    repr.align = Some(meta.path.span());
                }
                // `packed(N)` and anything else: skip the arguments; rustc validates them.
                if meta.input.peek(syn::token::Paren) {
                    let _: TokenStream = meta.input.parse::<proc_macro2::Group>()?.stream();
                }
                Ok(())
            })?;
        }
        Ok(repr)
    }
}

/// `#[pod(crate = path)]` when the `wasm` crate is renamed.
fn crate_path(input: &DeriveInput) -> syn::Result<Path> {
    let mut krate = CratePath::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("pod")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = CratePath::parse_value(meta.input)?;
                Ok(())
            } else {
                Err(meta.error("unknown `pod` option; the only one is `crate = path`"))
            }
        })?;
    }
    Ok(krate.0)
}

fn fields_of(data: &DataStruct) -> Vec<&Field> {
    match &data.fields {
        Fields::Named(f) => f.named.iter().collect(),
        Fields::Unnamed(f) => f.unnamed.iter().collect(),
        Fields::Unit => Vec::new(),
    }
}

fn field_name(field: &Field, index: usize) -> String {
    match &field.ident {
        Some(ident) => ident.to_string(),
        None => index.to_string(),
    }
}

fn member(field: &Field, index: usize) -> Member {
    match &field.ident {
        Some(ident) => Member::Named(ident.clone()),
        None => Member::Unnamed(syn::Index { index: index as u32, span: field.ty.span() }),
    }
}

/// The type as a user wrote it, near enough: token spacing removed where rustfmt has none.
fn type_string(ty: &Type) -> String {
    let mut s = quote!(#ty).to_string();
    for (from, to) in [
        (" < ", "<"), ("< ", "<"), (" >", ">"), ("& ", "&"), ("* const ", "*const "),
        ("* mut ", "*mut "), (" ,", ","), ("[ ", "["), (" ]", "]"), (" ;", ";"), ("( ", "("),
        (" )", ")"), (" :: ", "::"), (":: ", "::"), ("' ", "'"),
    ] {
        s = s.replace(from, to);
    }
    s
}

/// Why a type is certainly not `Pod`, when the tokens alone show it.
fn not_pod_reason(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let ident = p.path.get_ident()?;
            if ident == "bool" {
                Some("only the bytes 0 and 1 are valid `bool`s; use `u8`")
            } else if ident == "char" {
                Some("only Unicode scalar values are valid `char`s; use `u32`")
            } else if ident == "str" {
                Some("`str` is unsized and must be UTF-8; use a byte array")
            } else {
                None
            }
        }
        Type::Reference(_) => Some(
            "a reference is an address into this instance's memory, meaningless to the host and \
             to other instances, and must never dangle; share an index (`u32`) instead",
        ),
        Type::Ptr(_) => Some(
            "a raw pointer is an address into this instance's memory, meaningless to the host and \
             to other instances; share an index or offset (`u32`) instead",
        ),
        Type::BareFn(_) => Some("a function pointer is an address and is never null; share an index instead"),
        Type::Tuple(t) if !t.elems.is_empty() => {
            Some("tuples have no fixed layout; use an array or a `#[repr(C)]` struct")
        }
        Type::Slice(_) => Some("a slice is unsized; use an array `[T; N]`"),
        Type::TraitObject(_) | Type::ImplTrait(_) => Some("trait objects are unsized and hold a vtable pointer"),
        Type::Never(_) => Some("`!` has no values"),
        Type::Array(a) => not_pod_reason(&a.elem),
        Type::Paren(p) => not_pod_reason(&p.elem),
        Type::Group(g) => not_pod_reason(&g.elem),
        _ => None,
    }
}

/// For a generic `#[repr(C)]` struct the padding cannot be computed once for all parameters. It
/// provably has none when every field (ignoring `PhantomData`) has the same element type
/// (`T`, `[T; N]`, `[[T; N]; M]` ...): then every offset is a multiple of that type's size,
/// hence of its alignment, and so is the total size.
fn generic_padding_error(input: &DeriveInput, repr: &Repr, fields: &[&Field]) -> Option<syn::Error> {
    if let Some(span) = repr.align {
        return Some(syn::Error::new(
            span,
            format!(
                "cannot verify that generic struct `{}` has no padding: `align(..)` adds trailing \
                 padding for some parameters; remove it or use concrete field types",
                input.ident
            ),
        ));
    }
    let mut first: Option<(&Field, usize, &Type)> = None;
    for (i, field) in fields.iter().enumerate() {
        if is_phantom(&field.ty) {
            continue;
        }
        let elem = element_type(&field.ty);
        match first {
            None => first = Some((field, i, elem)),
            Some((f0, i0, e0)) if quote!(#e0).to_string() != quote!(#elem).to_string() => {
                return Some(syn::Error::new(
                    field.ty.span(),
                    format!(
                        "cannot verify that generic struct `{}` has no padding for every choice \
                         of its parameters: field `{}` (`{}`) and field `{}` (`{}`) may have \
                         padding between them; give all fields one element type (`T`, `[T; N]`), \
                         use `#[repr(transparent)]`, or use concrete types",
                        input.ident,
                        field_name(f0, i0),
                        type_string(&f0.ty),
                        field_name(field, i),
                        type_string(&field.ty),
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    None
}

fn element_type(ty: &Type) -> &Type {
    match ty {
        Type::Array(a) => element_type(&a.elem),
        Type::Paren(p) => element_type(&p.elem),
        Type::Group(g) => element_type(&g.elem),
        other => other,
    }
}

fn is_phantom(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "PhantomData"),
        _ => false,
    }
}

fn generate(krate: &Path, input: &DeriveInput, repr: &Repr, fields: &[&Field], generic: bool) -> TokenStream {
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    let type_params: Vec<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    // Perfect-derive bounds: `FieldType: Pod` for each field that mentions a type parameter,
    // so `Id<T> { raw: u32, _t: PhantomData<T> }` is Pod for every `'static` T.
    let predicates: Vec<WherePredicate> = fields
        .iter()
        .filter(|f| mentions_any(&f.ty, &type_params))
        .map(|f| {
            let ty = &f.ty;
            syn::parse_quote!(#ty: #krate::Pod)
        })
        .collect();
    generics.make_where_clause().predicates.extend(predicates);
    let ty_generics = input.generics.split_for_impl().1;

    if generic {
        // `derive(Copy)` bounds every parameter by `Copy`; require exactly what it requires.
        let copy: WherePredicate = syn::parse_quote!(#ident #ty_generics: ::core::marker::Copy);
        generics.make_where_clause().predicates.push(copy);
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let markers = markers(fields);
    let field_checks = field_checks(krate, fields, &markers);
    let padding_checks = if generic || !repr.c {
        // repr(transparent) has exactly the layout of its one non-zero-sized field; generic
        // repr(C) structs were proven padding-free in `generic_padding_error`.
        Vec::new()
    } else {
        padding_checks(krate, ident, fields, &markers)
    };
    let bridge_ty = quote!(#ident #ty_generics);
    quote! {
        const _: () = {
            #[allow(non_camel_case_types, dead_code)]
            mod __pod_fields { #(pub struct #markers;)* }
            #[allow(dead_code, clippy::extra_unused_type_parameters)]
            fn __pod_checks #impl_generics () #where_clause {
                #(#field_checks)*
                #(#padding_checks)*
            }
            // SAFETY: the checks above fail to compile unless every field is `Pod`, the layout is
            // `repr(C)`/`repr(transparent)` and there is no padding byte.
            #[automatically_derived]
            unsafe impl #impl_generics #krate::Pod for #ident #ty_generics #where_clause {}
            #krate::__pod_bytemuck_bridge!({#impl_generics} {#bridge_ty} {#where_clause});
        };
    }
}

/// Marker types named after the fields (`_0`, `_1`, .. for tuple fields), for the messages.
fn markers(fields: &[&Field]) -> Vec<Ident> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| match &f.ident {
            Some(ident) => ident.clone(),
            None => format_ident!("_{}", i),
        })
        .collect()
}

/// `PodField` obligations, spanned at each field's type.
fn field_checks(krate: &Path, fields: &[&Field], markers: &[Ident]) -> Vec<TokenStream> {
    fields
        .iter()
        .zip(markers)
        .map(|(f, marker)| {
            let ty = &f.ty;
            quote_spanned! {ty.span()=> #krate::pod::check::pod_field::<#ty, __pod_fields::#marker>(); }
        })
        .collect()
}

/// One check per field (padding in front of it) and one for the end, each spanned so the error
/// points at the field (or the struct's name) and states the exact byte count.
fn padding_checks(krate: &Path, ident: &Ident, fields: &[&Field], markers: &[Ident]) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for i in 1..fields.len() {
        let (prev, this) = (fields[i - 1], fields[i]);
        let (prev_member, this_member) = (member(prev, i - 1), member(this, i));
        let prev_ty = &prev.ty;
        let marker = &markers[i];
        let span = this.ident.as_ref().map_or_else(|| this.ty.span(), Ident::span);
        let mut self_ty = ident.clone();
        self_ty.set_span(span);
        checks.push(quote_spanned! {span=>
            #krate::pod::check::no_padding_before::<#self_ty, __pod_fields::#marker, {
                ::core::mem::offset_of!(#ident, #this_member)
                    - (::core::mem::offset_of!(#ident, #prev_member) + ::core::mem::size_of::<#prev_ty>())
            }>();
        });
    }
    let end = match fields.last() {
        Some(last) => {
            let last_member = member(last, fields.len() - 1);
            let last_ty = &last.ty;
            quote!(::core::mem::offset_of!(#ident, #last_member) + ::core::mem::size_of::<#last_ty>())
        }
        None => quote!(0),
    };
    checks.push(quote_spanned! {ident.span()=>
        #krate::pod::check::no_trailing_padding::<#ident, { ::core::mem::size_of::<#ident>() - (#end) }>();
    });
    checks
}

fn mentions_any(ty: &Type, params: &[Ident]) -> bool {
    if params.is_empty() {
        return false;
    }
    fn walk(tokens: TokenStream, params: &[Ident]) -> bool {
        tokens.into_iter().any(|tt| match tt {
            proc_macro2::TokenTree::Ident(i) => params.contains(&i),
            proc_macro2::TokenTree::Group(g) => walk(g.stream(), params),
            _ => false,
        })
    }
    walk(quote!(#ty), params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(src: &str) -> String {
        expand(src.parse().unwrap()).to_string()
    }

    fn assert_error(src: &str, needle: &str) {
        let out = expand_str(src);
        assert!(out.contains("compile_error"), "{src}: {out}");
        assert!(out.contains(needle), "{src}: expected `{needle}` in {out}");
        assert!(!out.contains("unsafe impl"), "{src}: rejected input still got an impl: {out}");
    }

    #[test]
    fn accepts_repr_c_struct_and_checks_each_field_and_padding() {
        let out = expand_str("#[repr(C)] struct P { x: f32, y: f32, id: u32 }");
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("unsafe impl :: wasm :: Pod for P"), "{out}");
        assert_eq!(out.matches("pod_field ::").count(), 3, "{out}");
        assert_eq!(out.matches("no_padding_before ::").count(), 2, "{out}");
        assert_eq!(out.matches("no_trailing_padding ::").count(), 1, "{out}");
        assert!(out.contains("__pod_fields :: id"), "{out}");
    }

    #[test]
    fn tuple_structs_use_index_members() {
        let out = expand_str("#[repr(C)] struct T(u8, u8);");
        assert!(out.contains("offset_of ! (T , 1)"), "{out}");
        assert!(out.contains("__pod_fields :: _1"), "{out}");
    }

    #[test]
    fn transparent_has_no_padding_checks() {
        let out = expand_str("#[repr(transparent)] struct W(u64);");
        assert!(out.contains("unsafe impl :: wasm :: Pod for W"), "{out}");
        assert!(!out.contains("no_trailing_padding"), "{out}");
    }

    #[test]
    fn rejects_enums_unions_and_default_repr() {
        assert_error("#[repr(u8)] enum E { A, B }", "for an enum");
        assert_error("#[repr(C)] union U { a: u32, b: u8 }", "for a union");
        assert_error("struct S { a: u32 }", "needs `#[repr(C)]` or `#[repr(transparent)]`");
        assert_error("#[repr(packed)] struct S { a: u32 }", "needs `#[repr(C)]`");
        assert_error("#[repr(align(8))] struct S { a: u32 }", "needs `#[repr(C)]`");
    }

    #[test]
    fn names_fields_that_are_not_pod() {
        assert_error("#[repr(C)] struct S { a: u32, flag: bool }", "field `flag` has type `bool`");
        assert_error("#[repr(C)] struct S(char);", "field `0` has type `char`");
        assert_error("#[repr(C)] struct S { r: &'static u32 }", "field `r` has type `&'static u32`");
        assert_error("#[repr(C)] struct S { p: *const u8 }", "raw pointer");
        assert_error("#[repr(C)] struct S { p: [*mut u8; 2] }", "raw pointer");
        assert_error("#[repr(C)] struct S { f: fn() }", "function pointer");
        assert_error("#[repr(C)] struct S { t: (u32, u32) }", "tuples have no fixed layout");
        assert_error("#[repr(C)] struct S { b: [bool; 4] }", "field `b`");
    }

    #[test]
    fn reports_every_error_at_once() {
        let out = expand_str("struct S<'a> { a: bool, b: &'a u8 }");
        assert_eq!(out.matches("compile_error").count(), 4, "{out}");
    }

    #[test]
    fn generic_structs_need_provably_padding_free_fields() {
        let ok = expand_str("#[repr(C)] struct V<T> { x: T, y: [T; 2], _m: core::marker::PhantomData<T> }");
        assert!(!ok.contains("compile_error"), "{ok}");
        assert!(ok.contains("where T : :: wasm :: Pod"), "{ok}");
        assert!(!ok.contains("no_trailing_padding"), "{ok}");
        let ok = expand_str("#[repr(C)] struct B<const N: usize> { len: u32, data: [u32; N] }");
        assert!(!ok.contains("compile_error"), "{ok}");
        assert_error(
            "#[repr(C)] struct P<T> { tag: u8, value: T }",
            "field `tag` (`u8`) and field `value` (`T`)",
        );
        assert_error("#[repr(C)] struct B<const N: usize> { len: u32, data: [u8; N] }", "cannot verify");
        assert_error("#[repr(C, align(16))] struct A<T> { x: T }", "`align(..)`");
        assert_error("#[repr(C)] struct L<'a> { x: u32, _m: core::marker::PhantomData<&'a ()> }", "lifetime");
        let ok = expand_str("#[repr(transparent)] struct Id<T> { raw: u32, _t: PhantomData<T> }");
        assert!(ok.contains("PhantomData < T > : :: wasm :: Pod"), "{ok}");
        assert!(!ok.contains("u32 : :: wasm :: Pod"), "{ok}");
    }

    #[test]
    fn crate_option_and_bad_options() {
        let out = expand_str("#[repr(C)] #[pod(crate = my::w)] struct S { a: u32 }");
        assert!(out.contains("unsafe impl my :: w :: Pod for S"), "{out}");
        assert!(out.contains("my :: w :: __pod_bytemuck_bridge !"), "{out}");
        assert_error("#[repr(C)] #[pod(zeroable)] struct S { a: u32 }", "unknown `pod` option");
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let out = expand_str("struct");
        assert!(out.contains("compile_error"), "{out}");
    }
}
