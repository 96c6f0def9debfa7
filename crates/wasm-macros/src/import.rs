//! `#[wasm::import(module = "...")]` on an `extern "C" { fn ...; }` block: safe wrappers around
//! host functions, with the ABI types of `#[wasm::export]`.
//!
//! Each declared function becomes a safe Rust function of the same name and visibility that
//! lowers its parameters, calls the raw wasm import `module.name` (the name is the function's,
//! or its `#[link_name = "..."]`), and lifts the result. The wrapper carries the declared effect
//! for the lints (`js_call` unless `effect = host_call`, or any list `effect(js_call, io)`), and
//! the signature is recorded in the `wasmrust` section so `wasmrust.mjs` wraps the host function.
//! Off wasm, the wrappers exist (so native builds and tests compile) and panic when called.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, ForeignItem, ForeignItemFn, Ident, ItemForeignMod, LitStr, Pat, ReturnType, Token, Type};

use crate::abi::{self, Dir, Mode, Pos, Ty};
use crate::util::{CratePath, combine, error_with_item, lint_mark};

struct Args {
    /// The host module; optional when every function has a JS binding (import_js.rs).
    module: Option<LitStr>,
    effects: Vec<Ident>,
    krate: CratePath,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut module = None;
        let mut effects = None;
        let mut krate = CratePath::default();
        while !input.is_empty() {
            if input.peek(Token![crate]) {
                krate = input.parse()?;
            } else {
                let key: Ident = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
                match key.to_string().as_str() {
                    "module" => {
                        input.parse::<Token![=]>()?;
                        let m: LitStr = input.parse()?;
                        if m.value().is_empty() || m.value().starts_with("__wasmrust") {
                            return Err(syn::Error::new(m.span(), "the module name must be non-empty and not start with `__wasmrust` (reserved for the runtime)"));
                        }
                        module = Some(m);
                    }
                    "effect" => effects = Some(parse_effects(input)?),
                    _ => return Err(syn::Error::new(key.span(), format!("unknown argument `{key}`; {USAGE}"))),
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        let effects = effects.unwrap_or_else(|| vec![Ident::new("js_call", Span::call_site())]);
        Ok(Args { module, effects, krate })
    }
}

const USAGE: &str = "usage: `#[wasm::import(module = \"name\")]` (or `#[wasm::import]` when every function has a `#[wasm(js = ...)]`-style binding), optionally with `effect = host_call` (or a list `effect(js_call, io)`, `effect()` for none) and `crate = path`";

fn parse_effects(input: ParseStream) -> syn::Result<Vec<Ident>> {
    let list: Vec<Ident> = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        vec![input.parse()?]
    } else {
        let content;
        syn::parenthesized!(content in input);
        Punctuated::<Ident, Token![,]>::parse_terminated(&content)?.into_iter().collect()
    };
    for e in &list {
        let name = e.to_string();
        if !crate::effect::is_effect(&name) {
            return Err(syn::Error::new(e.span(), crate::effect::unknown_effect(&name)));
        }
    }
    Ok(list)
}

/// Expands `#[wasm::import]`; errors come back as `compile_error!` (the block is dropped, since
/// its raw declarations would not link).
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let result = syn::parse2::<Args>(attr).and_then(|args| {
        let block = syn::parse2::<ItemForeignMod>(item.clone()).map_err(|e| {
            syn::Error::new(e.span(), "`#[wasm::import]` applies to an `extern \"C\" { fn ...; }` block")
        })?;
        expand_block(&args, block)
    });
    result.unwrap_or_else(|e| error_with_item(e, TokenStream::new()))
}

fn expand_block(args: &Args, block: ItemForeignMod) -> syn::Result<TokenStream> {
    if let Some(name) = &block.abi.name
        && name.value() != "C"
    {
        return Err(syn::Error::new(name.span(), "write `extern \"C\"`: imports use the C ABI of wasm32"));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for item in block.items {
        match item {
            ForeignItem::Fn(f) => match wrapper(args, f) {
                Ok(t) => out.push(t),
                Err(e) => errors.push(e),
            },
            other => errors.push(syn::Error::new(other.span(), "`#[wasm::import]` blocks declare only functions")),
        }
    }
    combine(errors)?;
    Ok(quote!(#(#out)*))
}

fn wrapper(args: &Args, f: ForeignItemFn) -> syn::Result<TokenStream> {
    let krate = &args.krate.0;
    let sig = &f.sig;
    if let Some(v) = &sig.variadic {
        return Err(syn::Error::new(v.span(), "an imported function cannot be variadic"));
    }
    if sig.generics.type_params().next().is_some() || sig.generics.const_params().next().is_some() {
        return Err(syn::Error::new(sig.generics.span(), "an imported function cannot be generic"));
    }
    let (binding, other) = crate::import_js::take(&f.attrs)?;
    let mut link_name = sig.ident.to_string();
    let mut attrs = Vec::new();
    for a in other {
        if a.path().is_ident("link_name") {
            let nv = a.meta.require_name_value()?;
            let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value else {
                return Err(syn::Error::new(nv.value.span(), "expected `#[link_name = \"...\"]`"));
            };
            if binding.is_some() {
                return Err(syn::Error::new(a.span(), "`#[link_name]` names a host function of the block's module; a function bound with `#[wasm(...)]` has none"));
            }
            link_name = s.value();
        } else {
            attrs.push(a);
        }
    }

    let mut errors = Vec::new();
    let mut params = Vec::new();
    // Whether a type has no JS form but a WIT one (exported types, tuples): the wrapper then
    // calls the host in a component build and panics in a JS module.
    let mut no_js: Option<Span> = None;
    let module_import = binding.is_none() && args.module.is_some();
    let mut classify = |ty: &Type, pos: Pos| match abi::classify(ty, pos) {
        Err(_) if module_import && abi::component_only(ty, pos) => {
            no_js.get_or_insert(ty.span());
            Ok(None)
        }
        other => other.map(Some),
    };
    for (i, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(pt) = input else { continue };
        let name = match &*pt.pat {
            Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => p.ident.clone(),
            _ => format_ident!("__p{}", i),
        };
        match classify(&pt.ty, Pos::Param) {
            Ok(Some(t)) if t.is_typed_slice() => errors.push(syn::Error::new(
                pt.ty.span(),
                "typed slices (`&[T]`, `&mut [T]`, `SharedSlice<T>`, `Vec<T>` of numbers other than u8) are `#[wasm::export]` types only; pass `&[u8]` to an import",
            )),
            Ok(t) => params.push((name, (*pt.ty).clone(), t)),
            Err(e) => errors.push(e),
        }
    }
    let ret_ty: Type = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, t) => (**t).clone(),
    };
    let ret = classify(&ret_ty, Pos::Result).map_err(|e| errors.push(e)).ok();
    if ret.as_ref().and_then(Option::as_ref).is_some_and(Ty::is_typed_slice) {
        errors.push(syn::Error::new(ret_ty.span(), "`Vec<T>` of numbers other than u8 is an `#[wasm::export]` type only; return `Vec<u8>` from an import"));
    }
    combine(errors)?;
    let ret = ret.expect("no errors");
    let module = match (&binding, &args.module) {
        (Some(b), _) => {
            let params: Vec<_> = params.iter().map(|(n, t, c)| (n.clone(), t.clone(), c.clone().expect("JS-bound imports have JS forms"))).collect();
            crate::import_js::check_shape(b, sig.span(), &params, ret.as_ref().expect("JS-bound imports have JS forms"))?;
            let types = params.iter().map(|(_, t, _)| quote!(#t).to_string()).collect::<Vec<_>>().join(",");
            link_name = crate::import_js::link_name(b, &sig.ident, &format!("{types}->{}", quote!(#ret_ty)));
            crate::import_js::MODULE.to_owned()
        }
        (None, Some(m)) => m.value(),
        (None, None) => {
            return Err(syn::Error::new(sig.ident.span(), format!("missing `module = \"...\"` on the block, or a JS binding on the function; {USAGE}")));
        }
    };

    let vis = &f.vis;
    let ident = &sig.ident;
    let generics = &sig.generics;
    let decl_params = params.iter().map(|(n, t, _)| quote!(#n: #t));
    let decl = quote!(#vis fn #ident #generics (#(#decl_params),*) -> #ret_ty);
    let effects = &args.effects;
    let mut mark = lint_mark("effect", quote!(#(#effects),*));
    // Read by `cargo wasm-lint wit`: a module import is a WIT import, a JS binding has no form.
    // `symbol`: what the wrapper calls in a crate linked into a component (below).
    let symbol = linked_import_symbol(&module, &sig.ident.unraw().to_string());
    mark.extend(match &binding {
        Some(_) => lint_mark("import", quote!(js)),
        None => lint_mark("import", quote!(module = #module, symbol = #symbol)),
    });
    // Under a host profile that removes one of the effects (`wasi`: `js_call`), the wrapper is a
    // trap and the import is gone from the module.
    let effect_names: Vec<String> = effects.iter().map(|e| e.to_string()).collect();
    let effect_names: Vec<&str> = effect_names.iter().map(String::as_str).collect();
    let gate = crate::effect::gate(krate, &effect_names);
    let unused: Vec<&Ident> = params.iter().map(|(n, _, _)| n).collect();
    let qualified = match &binding {
        Some(b) => b.target.value(),
        None => format!("{module}.{link_name}"),
    };
    let js_params: Option<Vec<(Ident, Type, Ty)>> = params.iter().map(|(n, t, c)| Some((n.clone(), t.clone(), c.clone()?))).collect();
    let (body, record) = match (js_params, ret, no_js) {
        (Some(params), Some(ret), None) => {
            let body = wasm_body(krate, &module, &link_name, &params, &ret)?;
            let mut parts = vec![quote!(&[#krate::__private::abi::desc::RECORD_IMPORT])];
            for name in [&module, &link_name] {
                let b = abi::name_bytes(name);
                parts.push(quote!(&[#(#b),*]));
            }
            let names = abi::names_record(krate, &parts, &abi::param_names(&sig.inputs), &abi::doc_text(&f.attrs));
            let count = params.len() as u8;
            parts.push(quote!(&[#count]));
            for (_, _, t) in &params {
                t.desc(krate, true, &mut parts);
            }
            ret.desc(krate, false, &mut parts);
            let record = abi::record(krate, &parts);
            (body, quote!(#record #names))
        }
        // No JS form. A plain wasm build is a JS module: refuse it there, naming the host. Under the
        // driver the crate is checked (`cargo wasm-lint`, `wit`) or built as a component, whose
        // wrapper is the variant below; this one is never run there.
        (_, _, span) => {
            let message = format!("`{qualified}` passes exported types or tuples: a component host (`cargo wasm-lint component`) has this import, the JS host has not (no JS import form)");
            let body = if cfg!(wasm_lint) {
                quote!(let _ = (#(&#unused),*); ::core::panic!("{}", #message))
            } else {
                // In the wasm wrapper only: native builds (tests of the crate) keep compiling.
                quote_spanned!(span.unwrap_or_else(|| sig.span())=> ::core::compile_error!(#message))
            };
            (body, TokenStream::new())
        }
    };

    // Under `cargo wasm-lint component` (a component built from the crate's Rust exports) the
    // wrapper calls the world's import through the injected glue instead of the JS import.
    // Emitted only when the macro runs under the driver, so normal builds see no extra cfg.
    // In a crate that component links (`wasm_lint = "component_dependency"`), it calls the
    // symbol the component's glue defines for it, with this signature.
    let (wasm_cfg, component_variant) = match &binding {
        None if cfg!(wasm_lint) => {
            let module_ident = format_ident!("{}", wit_bindgen_rust::to_rust_ident(&module.replace('-', "_")));
            let args: Vec<&Ident> = params.iter().map(|(n, _, _)| n).collect();
            let decl_params = params.iter().map(|(n, t, _)| quote!(#n: #t));
            let variant = quote! {
                #(#attrs)*
                #mark
                #[cfg(all(target_family = "wasm", wasm_lint = "component"))]
                #[inline]
                #decl { #gate crate::__wasmrust_component::imports::#module_ident::#ident(#(#args),*) }

                #(#attrs)*
                #mark
                #[cfg(all(target_family = "wasm", wasm_lint = "component_dependency"))]
                #decl {
                    #gate
                    unsafe extern "Rust" {
                        #[link_name = #symbol]
                        fn __wasmrust_linked_import #generics (#(#decl_params),*) -> #ret_ty;
                    }
                    // SAFETY: the glue of the component this crate is linked into defines
                    // `symbol` with this very signature, the types being this crate's (SAFETY.md,
                    // "Imports of linked crates").
                    unsafe { __wasmrust_linked_import(#(#args),*) }
                }
            };
            (quote!(#[cfg(all(target_family = "wasm", not(wasm_lint = "component"), not(wasm_lint = "component_dependency")))]), variant)
        }
        _ => (quote!(#[cfg(target_family = "wasm")]), TokenStream::new()),
    };

    // A library's wrapper stays out of line: its record sits in the library's object file, which
    // wasm-ld links only when a symbol of it is used; a wrapper compiled into each caller would
    // use none, and the module would lose the import's record (export_scope.rs).
    let inline = if crate::export_scope::crate_is_linked_into_others() { TokenStream::new() } else { quote!(#[inline]) };
    Ok(quote! {
        #(#attrs)*
        #mark
        #wasm_cfg
        #inline
        #decl { #gate #body }
        #component_variant

        #(#attrs)*
        #mark
        #[cfg(not(target_family = "wasm"))]
        #[allow(unused_variables)]
        #decl {
            let _ = (#(&#unused),*);
            #krate::__private::abi::no_host(#qualified)
        }
        #record
    })
}

/// The symbol a module import's wrapper calls in a crate linked into a component, which the
/// component's glue defines: `wasmrust_linked_import_<module in hex>_<name>`. Distinct for
/// each module and name; letters, digits and `_` only (a symbol rustc can mangle).
fn linked_import_symbol(module: &str, name: &str) -> String {
    let hex: String = module.bytes().map(|b| format!("{b:02x}")).collect();
    format!("wasmrust_linked_import_{hex}_{name}")
}

fn wasm_body(krate: &syn::Path, module: &str, link_name: &str, params: &[(Ident, Type, Ty)], ret: &Ty) -> syn::Result<TokenStream> {
    let mut raw_params = Vec::new();
    let mut raw_args = Vec::new();
    let mut prelude = Vec::new();
    let ret_flats = ret.flat(Dir::HostToWasm);
    let multi = ret_flats.len() > 1;
    if multi {
        let n = ret_flats.len();
        prelude.push(quote!(let mut __ret = [0u64; #n];));
        raw_params.push(quote!(__ret: *mut u64));
        raw_args.push(quote!(__ret.as_mut_ptr()));
    }
    for (name, _, t) in params {
        let flats = t.flat(Dir::WasmToHost);
        let outs: Vec<_> = (0..flats.len()).map(|k| format_ident!("__{}_{}", name, k)).collect();
        for (o, f) in outs.iter().zip(&flats) {
            let ty = f.rust();
            prelude.push(quote!(let mut #o: #ty = 0 as #ty;));
            raw_params.push(quote!(#o: #ty));
            raw_args.push(quote!(#o));
        }
        prelude.push(t.lower(krate, quote!(&#name), Mode::Lend, &mut outs.iter().cloned()));
    }
    let (raw_ret, lift) = match ret_flats.len() {
        0 => (quote!(()), quote!(let _ = __raw; #[allow(clippy::unused_unit)] ())),
        1 => {
            let lifted = ret.lift(krate, &mut std::iter::once(quote!(__raw)));
            (ret_flats[0].rust(), lifted)
        }
        _ => {
            let slots = format_ident!("__ret");
            let mut raws = ret_flats.iter().enumerate().map(|(k, f)| abi::read_slot(&slots, k, *f));
            (quote!(()), { let l = ret.lift(krate, &mut raws); quote!(let _ = __raw; #l) })
        }
    };
    Ok(quote! {
        #[link(wasm_import_module = #module)]
        unsafe extern "C" {
            #[link_name = #link_name]
            fn __wasmrust_import(#(#raw_params),*) -> #raw_ret;
        }
        #(#prelude)*
        // SAFETY: the flat values follow the signature recorded for this import, which the host
        // glue (`wasmrust.mjs`) reads to lift them; strings and references in them stay alive
        // for the call, and the result buffer has room for every flat result value.
        let __raw = unsafe { __wasmrust_import(#(#raw_args),*) };
        #lift
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(attr: &str, item: &str) -> String {
        expand(attr.parse().unwrap(), item.parse().unwrap()).to_string()
    }

    #[test]
    fn wraps_each_function_with_module_and_name() {
        let out = expand_str(
            "module = \"console\"",
            "extern \"C\" { /// Logs.\n pub fn log(msg: &str); #[link_name = \"getContext\"] fn ctx(c: &ExternRef<Canvas>) -> Option<ExternRef<Ctx>>; }",
        );
        assert!(out.contains("wasm_import_module = \"console\""), "{out}");
        assert!(out.contains("link_name = \"log\""), "{out}");
        assert!(out.contains("link_name = \"getContext\""), "{out}");
        assert!(out.contains("pub fn log (msg : & str) -> ()"), "{out}");
        assert!(out.contains("str_parts (& msg)"), "{out}");
        assert!(out.contains("opt_ref_from_host :: < ExternRef < Ctx > > (__raw)"), "{out}");
        assert!(out.contains("no_host (\"console.getContext\")"), "{out}");
        assert!(out.contains("doc = \" Logs.\""), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn bound_functions_import_from_the_reserved_module() {
        let out = expand_str("", "extern \"C\" { #[wasm(method = \"getContext\")] fn ctx(c: &ExternRef<Canvas>, kind: &str) -> Option<ExternRef<Ctx>>; }");
        assert!(out.contains("wasm_import_module = \"__wasmrust_js\""), "{out}");
        assert!(out.contains("link_name = \"method:getContext#ctx."), "{out}");
        assert!(out.contains("no_host (\"getContext\")"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn multi_value_results_come_back_through_a_buffer() {
        let out = expand_str("module = \"m\"", "extern \"C\" { fn f() -> Option<String>; }");
        assert!(out.contains("let mut __ret = [0u64 ; 2usize]"), "{out}");
        assert!(out.contains("__wasmrust_import (__ret : * mut u64) -> ()"), "{out}");
        assert!(out.contains("take_string ((__ret [1usize] as u32))"), "{out}");
    }

    #[test]
    fn exported_types_and_tuples_have_no_js_import_form() {
        // A WIT import of a component build (under the driver); a plain build is a JS module,
        // which refuses it at the type, naming the host that has it.
        for item in [
            "extern \"C\" { fn place(figure: &Figure) -> Point; }",
            "extern \"C\" { fn tally(shapes: Vec<Shape>, colors: Option<Vec<Color>>) -> Result<Summary, String>; }",
            "extern \"C\" { fn swap(pair: (Point, Color)) -> Option<(Color, u32)>; }",
        ] {
            let out = expand_str("module = \"host\"", item);
            assert!(out.contains("compile_error") && !out.contains("wasm_import_module"), "{item}: {out}");
            assert!(out.contains("`host.") && out.contains("the JS host has not"), "{item}: {out}");
        }
        // A record param beside one that has no form at all is still refused at the macro.
        let out = expand_str("module = \"host\"", "extern \"C\" { fn f(p: Point, q: *const u8); }");
        assert!(out.contains("compile_error") && out.contains("cannot cross the wasm boundary"), "{out}");
        // A function bound to JS by name has no WIT form either: records stay refused there.
        let out = expand_str("", "extern \"C\" { #[wasm(js = \"place\")] fn place(p: Point); }");
        assert!(out.contains("compile_error") && out.contains("exported classes cross in exports only"), "{out}");
    }

    #[test]
    fn effect_marks_are_js_call_by_default() {
        // Marks appear only under the lint driver; the parsed arguments are what they carry.
        let args: Args = syn::parse_str("module = \"m\"").unwrap();
        assert_eq!(args.effects, ["js_call"]);
        let args: Args = syn::parse_str("effect = host_call, module = \"m\"").unwrap();
        assert_eq!(args.effects, ["host_call"]);
        let args: Args = syn::parse_str("module = \"m\", effect(js_call, io)").unwrap();
        assert_eq!(args.effects, ["js_call", "io"]);
        let args: Args = syn::parse_str("module = \"m\", effect()").unwrap();
        assert!(args.effects.is_empty());
    }

    #[test]
    fn bad_arguments_and_items_are_errors() {
        for (attr, item, what) in [
            ("", "extern \"C\" { fn f(); }", "missing `module"),
            ("", "extern \"C\" { #[wasm(getter = \"x\")] fn f(a: u32) -> u32; }", "`this`"),
            ("", "extern \"C\" { #[wasm(setter = \"x\")] fn f(a: &ExternRef<T>) ; }", "object and the new value"),
            ("", "extern \"C\" { #[wasm(js = \"f\")] #[link_name = \"g\"] fn f(); }", "has none"),
            ("module = \"__wasmrust\"", "extern \"C\" { fn f(); }", "reserved"),
            ("module = \"m\", effect = teleport", "extern \"C\" { fn f(); }", "unknown effect"),
            ("module = \"m\", colour = 1", "extern \"C\" { fn f(); }", "unknown argument"),
            ("module = \"m\"", "extern \"C\" { static X: u32; }", "only functions"),
            ("module = \"m\"", "extern \"C\" { fn f(x: *const u8); }", "cannot cross the wasm boundary"),
            ("module = \"m\"", "extern \"system\" { fn f(); }", "extern \\\"C\\\""),
            ("module = \"m\"", "fn f() {}", "applies to an `extern"),
        ] {
            let out = expand_str(attr, item);
            assert!(out.contains("compile_error") && out.contains(what), "{attr} {item}: {out}");
        }
    }
}
