//! `#[wasm::export]`: exports a function to the host with lifting and lowering of its values.
//!
//! The function stays as written (callable from Rust). Next to it, for wasm targets, the macro
//! emits an `extern "C"` function under the export name that lifts each parameter from its flat
//! values, runs the body through `wasm::__private::export_call`, and lowers the result (several
//! flat values go to the return area, whose address it returns), plus one record of the
//! signature in the `wasmrust` custom section, from which `wasmrust.mjs` builds the typed JS
//! wrapper at instantiation.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, LitStr, ReturnType, Token, Type};

use crate::abi::{self, Dir, Mode, Pos, Ty};
use crate::export_async;
use crate::export_class;
use crate::export_scope;
use crate::export_start;
use crate::export_type;
use crate::util::{CratePath, combine, error_with_item, lint_mark};

/// Arguments: `name = "jsName"`, `crate = path`, in any order.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) name: Option<LitStr>,
    pub(crate) krate: CratePath,
    /// `flags`: a struct of `bool` fields that is a WIT `flags` (a record in JS).
    flags: Option<syn::Ident>,
    /// `start`: the module's start function, run once by `instantiate` (export_start.rs).
    pub(crate) start: Option<syn::Ident>,
    /// `always`: exported by every module that links this crate, not only by the crate's own
    /// (export_scope.rs).
    always: Option<syn::Ident>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            if input.peek(Token![crate]) {
                args.krate = input.parse()?;
            } else {
                let key: syn::Ident = input.parse().map_err(|e| {
                    syn::Error::new(e.span(), "expected `name = \"...\"`, `crate = path`, `start` or `always`")
                })?;
                if key == "flags" || key == "start" || key == "always" {
                    let slot = match () {
                        _ if key == "flags" => &mut args.flags,
                        _ if key == "start" => &mut args.start,
                        _ => &mut args.always,
                    };
                    if slot.is_some() {
                        return Err(syn::Error::new(key.span(), format!("`{key}` is given twice")));
                    }
                    *slot = Some(key);
                    if !input.is_empty() {
                        input.parse::<Token![,]>()?;
                    }
                    continue;
                }
                if key != "name" {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown argument `{key}`: `#[wasm::export]` takes `name = \"...\"`, `crate = path`, `always` and, on a function, `start`"),
                    ));
                }
                input.parse::<Token![=]>()?;
                let name: LitStr = input.parse()?;
                if name.value().is_empty() {
                    return Err(syn::Error::new(name.span(), "the export name must not be empty"));
                }
                args.name = Some(name);
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(args)
    }
}

/// Expands `#[wasm::export]`; errors come back as `compile_error!` next to the original item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let result = syn::parse2::<Args>(attr)
        .and_then(|args| export_scope::with_item(args.always.is_some(), || expand_item(&args, &item)));
    result.unwrap_or_else(|e| error_with_item(e, item))
}

fn expand_item(args: &Args, item: &TokenStream) -> syn::Result<TokenStream> {
    let always_on_a_type = |span: Span| {
        let msg = "`always` applies to a function or an `impl` block: a record or enum is not exported by itself, but by the exports that use it";
        Err(syn::Error::new(span, msg))
    };
    match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Struct(_) | syn::Item::Enum(_)) if args.always.is_some() => {
            always_on_a_type(args.always.as_ref().expect("always").span())
        }
        Ok(syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Impl(_)) if args.name.is_some() => Err(syn::Error::new(
            args.name.as_ref().expect("name").span(),
            "`name` renames an exported function; a record, enum or class keeps its Rust name in both hosts (JS and WIT): rename the type",
        )),
        Ok(syn::Item::Fn(f)) if args.start.is_some() => export_start::expand(args, f),
        _ if args.start.is_some() => Err(syn::Error::new(
            args.start.as_ref().expect("start").span(),
            "`start` applies to a function without parameters (`#[wasm::export(start)] fn main() { .. }`)",
        )),
        Ok(syn::Item::Struct(s)) => export_type::record(&args.krate.0, &s, args.flags.as_ref()),
        _ if args.flags.is_some() => Err(syn::Error::new(
            args.flags.as_ref().expect("flags").span(),
            "`flags` applies to a struct of `bool` fields (`#[wasm::export(flags)] struct F { a: bool, .. }`)",
        )),
        Ok(syn::Item::Impl(block)) => Ok(export_class::expand(args, block)),
        Ok(syn::Item::Enum(e)) => export_type::enumeration(&args.krate.0, &e),
        Ok(syn::Item::Fn(f)) => expand_fn(args, f),
        Ok(other) => Err(syn::Error::new(
            crate::util::item_keyword_span(&other),
            "`#[wasm::export]` applies to a free function, a struct with named fields, an enum, or an inherent `impl` block (a JS class)",
        )),
        Err(e) => Err(syn::Error::new(e.span(), "`#[wasm::export]` applies to a free function")),
    }
}

fn check_signature(f: &ItemFn) -> Vec<syn::Error> {
    let sig = &f.sig;
    let mut errors = Vec::new();
    let mut reject = |span: Span, what: &str| {
        errors.push(syn::Error::new(span, format!("an exported function cannot be {what}")));
    };
    if let Some(t) = &sig.unsafety {
        reject(t.span(), "`unsafe`: the host cannot uphold a safety contract");
    }
    if let Some(v) = &sig.variadic {
        reject(v.span(), "variadic");
    }
    if sig.generics.type_params().next().is_some() || sig.generics.const_params().next().is_some() {
        reject(sig.generics.span(), "generic: the host needs one concrete signature");
    }
    for input in &sig.inputs {
        if let FnArg::Receiver(r) = input {
            reject(r.span(), "a method: export a free function that calls it");
        }
    }
    errors
}

fn expand_fn(args: &Args, f: ItemFn) -> syn::Result<TokenStream> {
    let export_name = args.name.as_ref().map(LitStr::value).unwrap_or_else(|| f.sig.ident.to_string());
    // The component host names the WIT function after it too (lints/src/wit/collect.rs).
    let mark_args = args.name.as_ref().map(|name| quote!(name = #name)).unwrap_or_default();
    expand_named(args, f, &export_name, mark_args)
}

/// A function exported as `export_name`; `mark_args` go into its `wasm_lint::export` mark.
pub(crate) fn expand_named(args: &Args, f: ItemFn, export_name: &str, mark_args: TokenStream) -> syn::Result<TokenStream> {
    combine(check_signature(&f))?;
    let krate = &args.krate.0;
    let ident = &f.sig.ident;

    let mut errors = Vec::new();
    let mut params = Vec::new();
    for input in &f.sig.inputs {
        if let FnArg::Typed(pt) = input {
            match abi::classify_export(&pt.ty, Pos::Param) {
                Ok(t) => params.push(t),
                Err(e) => errors.push(e),
            }
        }
    }
    let ret_ty: Type = match &f.sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, t) => (**t).clone(),
    };
    let ret = abi::classify_export(&ret_ty, Pos::Result).map_err(|e| errors.push(e)).ok();
    if f.sig.asyncness.is_some() {
        errors.extend(export_async::check_params(&f, &params));
    }
    combine(errors)?;
    let ret = ret.expect("no errors");

    // An async fn: the export calls a shim returning the promise its task settles; its record
    // says what the promise resolves to (a `Promise` code, then the async fn's result).
    let shim = f.sig.asyncness.is_some().then(|| export_async::shim(krate, &f, &ret_ty, &ret));
    let (callee, raw_ret) = match &shim {
        Some(s) => (&s.ident, abi::classify_export(&s.ret, Pos::Result)?),
        None => (ident, ret.clone()),
    };
    let shim_item = shim.as_ref().map(|s| &s.item);
    let raw = raw_export(krate, &quote!(#callee), export_name, export_name, &params, &raw_ret)?;
    let mut parts = vec![quote!(&[#krate::__private::abi::desc::RECORD_EXPORT])];
    let name_bytes = abi::name_bytes(export_name);
    parts.push(quote!(&[#(#name_bytes),*]));
    let names = export_scope::only_if_exported(abi::names_record(
        krate,
        &parts,
        &abi::param_names(&f.sig.inputs),
        &abi::doc_text(&f.attrs),
    ));
    let count = params.len() as u8;
    parts.push(quote!(&[#count]));
    for p in &params {
        p.desc(krate, false, &mut parts);
    }
    if shim.is_some() {
        parts.push(quote!(&[#krate::__private::abi::desc::code::PROMISE]));
    }
    ret.desc(krate, false, &mut parts);
    let record = export_scope::only_if_exported(abi::record(krate, &parts));
    let mark = export_scope::only_if_exported(lint_mark("export", mark_args));
    let checks = params.iter().chain([&ret]).map(|t| t.class_checks(krate));

    Ok(quote! {
        #mark
        #[cfg_attr(not(target_family = "wasm"), allow(dead_code))]
        #f
        #[cfg(target_family = "wasm")]
        const _: () = { #shim_item #raw };
        #record
        #names
        #(#checks)*
    })
}

/// The attribute that exports a generated `extern "C"` function as `export_name`, where the item
/// is exported (export_scope.rs); elsewhere the function stays, type-checked and unused.
///
/// `export_name` is an unsafe attribute because two symbols of one name clash at link time; the
/// wasm linker reports that as a duplicate-symbol error, and the name is the user's.
pub(crate) fn export_symbol(export_name: &str) -> TokenStream {
    if export_scope::here() { quote!(#[unsafe(export_name = #export_name)]) } else { quote!(#[allow(dead_code)]) }
}

/// The `extern "C"` function the module exports.
pub(crate) fn raw_export(
    krate: &syn::Path,
    callee: &TokenStream,
    export_name: &str,
    member: &str,
    params: &[Ty],
    ret: &Ty,
) -> syn::Result<TokenStream> {
    let mut raw_params = Vec::new();
    let mut lifts = Vec::new();
    let mut call_args = Vec::new();
    let mut write_backs = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let names: Vec<_> = p
            .flat(Dir::HostToWasm)
            .into_iter()
            .enumerate()
            .map(|(k, flat)| {
                let name = format_ident!("__a{}_{}", i, k);
                let ty = flat.rust();
                raw_params.push(quote!(#name: #ty));
                quote!(#name)
            })
            .collect();
        let value = format_ident!("__v{}", i);
        let mut raws = names.into_iter();
        if p.is_borrowed() {
            let (anchor, view) = p.lift_borrowed(krate, &mut raws, &value);
            lifts.push(quote!(let mut #value = #anchor;));
            call_args.push(view);
            if p.writes_back() {
                // Also after an `Err`: the caller sees what the function wrote.
                write_backs.push(quote!(#value.write_back();));
            }
        } else {
            let lifted = p.lift(krate, &mut raws);
            lifts.push(quote!(let #value = #lifted;));
            call_args.push(quote!(#value));
        }
    }

    let lent = params.iter().any(Ty::lends_refs);
    let flats = ret.flat(Dir::WasmToHost);
    let outs: Vec<_> = (0..flats.len()).map(|k| format_ident!("__o{}", k)).collect();
    let lower = ret.lower(krate, quote!(__result), Mode::Keep, &mut outs.iter().cloned());
    let out_decls = outs.iter().zip(&flats).map(|(o, f)| {
        let t = f.rust();
        quote!(let mut #o: #t = 0 as #t;)
    });
    let (raw_ret, finish) = match flats.len() {
        0 => (quote!(()), quote!()),
        1 => {
            let o = &outs[0];
            (flats[0].rust(), quote!(#o))
        }
        n if n <= 16 => {
            let puts = outs.iter().zip(&flats).enumerate().map(|(k, (o, f))| {
                let v = abi::to_slot(o, *f);
                quote!(#krate::__private::abi::ret_put(#k, #v);)
            });
            (quote!(u32), quote!(#(#puts)* #krate::__private::abi::ret_area() as usize as u32))
        }
        _ => {
            return Err(syn::Error::new(
                Span::call_site(),
                "this result flattens to more than 16 values; return a simpler type",
            ));
        }
    };
    let symbol = export_symbol(export_name);
    Ok(quote! {
        #symbol
        #[allow(unused_assignments, unused_mut, clippy::let_unit_value)]
        extern "C" fn __wasmrust_export(#(#raw_params),*) -> #raw_ret {
            #[allow(dead_code)]
            const __WASMRUST_MEMBER: &str = #member;
            #krate::__private::export_call::<#lent, _>(|| {
                #(#lifts)*
                let __result = #callee(#(#call_args),*);
                #(#write_backs)*
                #(#out_decls)*
                #lower
                #finish
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(attr: &str, item: &str) -> String {
        expand(attr.parse().unwrap(), item.parse().unwrap()).to_string()
    }

    #[test]
    fn scalar_export_is_a_direct_extern_fn() {
        let out = expand_str("", "fn add(a: u32, b: u32) -> u32 { a + b }");
        assert!(out.contains("export_name = \"add\""), "{out}");
        assert!(out.contains("extern \"C\" fn __wasmrust_export (__a0_0 : u32 , __a1_0 : u32) -> u32"), "{out}");
        assert!(out.contains("export_call"), "{out}");
        assert!(out.contains("link_section = \"wasmrust\""), "{out}");
        assert!(out.contains("fn add (a : u32 , b : u32) -> u32 { a + b }"), "the function stays: {out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn debug_builds_record_the_parameter_names_and_doc() {
        let out = expand_str("name = \"put\"", "/// Puts\n/// it.\nfn f(r#type: u8, mut width: u32, _: u8) {}");
        assert!(out.contains("cfg (all (target_family = \"wasm\" , debug_assertions))"), "{out}");
        // Kind, the export's own kind and name, then three names, each LEB128 length + bytes.
        assert!(out.contains("RECORD_NAMES]"), "{out}");
        assert!(out.contains("& [3u8 , 112u8 , 117u8 , 116u8]"), "the export's name `put`: {out}");
        assert!(out.contains("& [4u8 , 116u8 , 121u8 , 112u8 , 101u8]"), "`type`, unraw: {out}");
        assert!(out.contains("& [5u8 , 119u8 , 105u8 , 100u8 , 116u8 , 104u8]"), "`width`: {out}");
        assert!(out.contains("& [4u8 , 97u8 , 114u8 , 103u8 , 50u8]"), "a pattern is `arg2`: {out}");
        // Then the doc comment, its lines joined.
        assert!(out.contains("& [8u8 , 80u8 , 117u8 , 116u8 , 115u8 , 10u8 , 105u8 , 116u8 , 46u8]"), "{out}");
    }

    #[test]
    fn borrowed_parameters_use_anchors() {
        let out = expand_str("", "fn f(s: &str, c: &ExternRef<Canvas>, o: Option<&[u8]>) {}");
        assert!(out.contains("take_str (__a0_0)"), "{out}");
        assert!(out.contains("ref_lent :: < ExternRef < Canvas > > (__a1_0)"), "{out}");
        assert!(out.contains("f (& * __v0 , & * __v1 , __v2 . as_deref ())"), "{out}");
        assert!(out.contains("< ExternRef < Canvas > as :: wasm :: __private :: abi :: HostRef > :: DESC_BORROWED"), "{out}");
    }

    #[test]
    fn typed_slices_are_written_back_after_the_call() {
        let out = expand_str("", "fn f(a: &[f32], b: &mut [i16], c: wasm::SharedSlice<'_, u64>) {}");
        assert!(out.contains("take_slice :: < f32 > (__a0_0 , __a0_1)"), "{out}");
        assert!(out.contains("take_slice :: < i16 > (__a1_0 , __a1_1)"), "{out}");
        assert!(out.contains("f (& * __v0 , & mut * __v1 , :: wasm :: SharedSlice :: from (& mut * __v2))"), "{out}");
        assert!(out.contains("__v1 . write_back () ; __v2 . write_back () ;"), "{out}");
        assert!(!out.contains("__v0 . write_back"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn multi_value_results_use_the_return_area() {
        let out = expand_str("name = \"greet\"", "fn g() -> Result<String, u32> { todo!() }");
        assert!(out.contains("export_name = \"greet\""), "{out}");
        assert!(out.contains("ret_put (0usize"), "{out}");
        assert!(out.contains("ret_area ()"), "{out}");
        assert!(out.contains("keep (__x)"), "{out}");
    }

    #[test]
    fn unsupported_types_are_spanned_errors_listing_the_supported_ones() {
        let out = expand_str("", "fn f(a: u128, b: (u8, u8)) -> &'static str { \"\" }");
        assert_eq!(out.matches("compile_error").count(), 3, "{out}");
        assert!(out.contains("`u128` cannot cross the wasm boundary"), "{out}");
        assert!(out.contains("supported types: integers"), "{out}");
    }

    #[test]
    fn async_exports_return_the_promise_their_task_settles() {
        let out = expand_str("", "async fn fetch(url: String) -> Result<u32, String> { Ok(1) }");
        assert!(out.contains("fn __wasmrust_async_fetch (__p0 : String) -> :: wasm :: ExternRef < :: wasm :: task :: Promise >"), "{out}");
        assert!(out.contains("spawn_promise_result (fetch (__p0))"), "{out}");
        assert!(out.contains("__wasmrust_async_fetch (__v0)"), "the raw export calls the shim: {out}");
        assert!(out.contains("async fn fetch"), "the async fn stays: {out}");
        let out = expand_str("", "async fn ready() -> u32 { 1 }");
        assert!(out.contains("spawn_promise (ready ())"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn async_exports_of_exported_types_settle_with_them_wrapped() {
        let out = expand_str("", "async fn load(n: u32) -> Result<Option<Branch>, String> { todo!() }");
        assert!(out.contains("spawn_promise_result (async move { let __out = load (__p0) . await ; match __out { Ok (__x0) => Ok (__x0 . map (| __x1 | :: wasm :: task :: Exported (__x1))) , Err (__x0) => Err (__x0) } })"), "{out}");
        // The record: the promise code, then the async fn's result.
        assert!(out.contains("desc :: code :: PROMISE]"), "{out}");
        let out = expand_str("", "async fn n() -> u32 { 1 }");
        assert!(out.contains("spawn_promise (n ())"), "nothing to wrap: {out}");
    }

    #[test]
    fn a_start_function_is_the_start_export() {
        let out = expand_str("start", "fn main() -> Result<(), String> { Ok(()) }");
        assert!(out.contains("export_name = \"__wasmrust_start\""), "{out}");
        assert!(out.contains("fn main ()"), "the function stays: {out}");
        assert!(!out.contains("compile_error"), "{out}");
        for (attr, src, what) in [
            ("start", "fn f(a: u32) {}", "takes no parameters"),
            ("start, name = \"x\"", "fn f() {}", "no export name"),
            ("start", "struct S { a: u32 }", "applies to a function"),
        ] {
            let out = expand_str(attr, src);
            assert!(out.contains("compile_error") && out.contains(what), "{attr} {src}: {out}");
        }
    }

    #[test]
    fn a_library_keeps_its_exports_unexported_unless_always() {
        let lib = |attr: &str, item: &str| export_scope::as_library(|| expand_str(attr, item));
        let out = lib("", "fn add(a: u32, b: u32) -> u32 { a + b }");
        assert!(out.contains("fn add (a : u32 , b : u32) -> u32 { a + b }"), "the function stays: {out}");
        assert!(out.contains("extern \"C\" fn __wasmrust_export"), "the shim is still type-checked: {out}");
        assert!(!out.contains("export_name"), "no symbol: {out}");
        assert!(!out.contains("link_section"), "no record: {out}");
        let out = lib("", "impl Counter { pub fn new() -> Counter { Counter } pub fn get(&self) -> u32 { 1 } }");
        assert!(!out.contains("export_name") && !out.contains("link_section"), "{out}");
        assert!(out.contains("ExportClass for Counter"), "the type still crosses: {out}");
        let out = lib("always", "fn add(a: u32) -> u32 { a }");
        assert!(out.contains("export_name = \"add\"") && out.contains("link_section"), "{out}");
        let out = lib("always", "impl Counter { pub fn get(&self) -> u32 { 1 } }");
        assert!(out.contains("export_name = \"Counter.get\""), "{out}");
        assert!(out.contains("export_name = \"Counter.free\""), "{out}");
        let out = lib("", "fn after() {}");
        assert!(!out.contains("export_name"), "`always` held for its item only: {out}");
    }

    #[test]
    fn always_is_refused_where_nothing_is_exported() {
        for (attr, src, what) in [
            ("always", "struct P { x: f64 }", "not exported by itself"),
            ("always", "enum E { A }", "not exported by itself"),
            ("always, always", "fn f() {}", "given twice"),
        ] {
            let out = expand_str(attr, src);
            assert!(out.contains("compile_error") && out.contains(what), "{attr} {src}: {out}");
        }
    }

    #[test]
    fn rejects_what_the_host_cannot_call() {
        for (src, what) in [
            ("async fn f(s: &str) {}", "must be owned"),
            ("unsafe fn f() {}", "unsafe"),
            ("fn f<T>(t: T) {}", "generic"),
            ("static S: u8 = 0;", "free function, a struct with named fields"),
        ] {
            let out = expand_str("", src);
            assert!(out.contains("compile_error") && out.contains(what), "{src}: {out}");
        }
        for src in ["struct P { x: f64 }", "enum E { A }", "impl Counter { pub fn get(&self) -> u32 { 1 } }"] {
            let out = expand_str("name = \"Other\"", src);
            assert!(out.contains("compile_error") && out.contains("keeps its Rust name"), "{src}: {out}");
        }
        for attr in ["nme = \"x\"", "name = 3", "name = \"\"", "crate"] {
            let out = expand_str(attr, "fn f() {}");
            assert!(out.contains("compile_error"), "{attr}: {out}");
        }
    }
}
