//! `#[wasm::effect(...)]` and `#[wasm::pure]`: declare the side effects of a function.
//!
//! The expansion does two things:
//! - it leaves the mark `#[wasm_lint::effect(names...)]` (only under `cargo wasm-lint`, see
//!   [`lint_mark`]) from which the lints read the declaration, in this crate and downstream;
//! - when the declared effects are not empty, it puts a gate first in the body:
//!   `if const { wasm::__private::removes_any(DECLARED) } { wasm::__private::unavailable() }`.
//!   The condition is evaluated inside `wasm`, which knows the host profile (`--cfg wasm_host`);
//!   under a profile that removes one of the effects the body is dead code after a trap, so the
//!   imports only it reached are dropped from the module. Without a profile the branch is
//!   `if false` and costs nothing.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Block, Ident, ImplItemFn, ItemFn, Signature, Token, TraitItemFn, ForeignItemFn, Item};

use crate::util::{CratePath, error_with_item, item_keyword_span, lint_mark};

/// The fixed vocabulary, in canonical order, with the variant of `wasm::__private::Effect`.
pub const EFFECTS: [(&str, &str); 6] = [
    ("js_call", "JsCall"),
    ("host_call", "HostCall"),
    ("io", "Io"),
    ("atomic_read", "AtomicRead"),
    ("atomic_write", "AtomicWrite"),
    ("spawn", "Spawn"),
];

/// Which attribute is being expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Effect,
    Pure,
}

impl Kind {
    fn attr(self) -> &'static str {
        match self {
            Kind::Effect => "#[wasm::effect]",
            Kind::Pure => "#[wasm::pure]",
        }
    }
}

/// Parsed arguments: the declared effects (indices into [`EFFECTS`], sorted) and the crate path.
struct Args {
    effects: Vec<usize>,
    krate: CratePath,
}

enum Arg {
    Effect(Ident),
    Crate(CratePath),
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Token![crate]) {
            return input.parse().map(Arg::Crate);
        }
        let lookahead = input.lookahead1();
        if lookahead.peek(Ident) {
            let ident: Ident = input.parse()?;
            if input.peek(Token![=]) {
                return Err(syn::Error::new(
                    ident.span(),
                    format!("effects take no value: write `{ident}`, not `{ident} = ...`"),
                ));
            }
            Ok(Arg::Effect(ident))
        } else {
            Err(syn::Error::new(input.span(), format!("expected an effect name; {}", valid_names())))
        }
    }
}

fn valid_names() -> String {
    let names: Vec<String> = EFFECTS.iter().map(|(n, _)| format!("`{n}`")).collect();
    format!("the effects are {}", names.join(", "))
}

fn parse_args(kind: Kind, attr: TokenStream) -> syn::Result<Args> {
    let list = Punctuated::<Arg, Token![,]>::parse_terminated.parse2(attr)?;
    let mut args = Args { effects: Vec::new(), krate: CratePath::default() };
    let mut krate_seen = false;
    let mut errors = Vec::new();
    for arg in list {
        match arg {
            Arg::Crate(path) if !krate_seen => {
                krate_seen = true;
                args.krate = path;
            }
            Arg::Crate(path) => errors.push(syn::Error::new(path.0.span(), "`crate = ...` is given twice")),
            Arg::Effect(ident) if kind == Kind::Pure => errors.push(syn::Error::new(
                ident.span(),
                "`#[wasm::pure]` declares no effects; to declare some, use `#[wasm::effect(...)]`",
            )),
            Arg::Effect(ident) => {
                let name = ident.to_string();
                match EFFECTS.iter().position(|(n, _)| *n == name) {
                    Some(i) if args.effects.contains(&i) => {
                        errors.push(syn::Error::new(ident.span(), format!("effect `{name}` is declared twice")))
                    }
                    Some(i) => args.effects.push(i),
                    None => errors.push(syn::Error::new(ident.span(), unknown_effect(&name))),
                }
            }
        }
    }
    crate::util::combine(errors)?;
    args.effects.sort_unstable();
    Ok(args)
}

/// Whether `name` is one of the effects.
pub fn is_effect(name: &str) -> bool {
    EFFECTS.iter().any(|(n, _)| *n == name)
}

/// The error for a name that is not an effect, with the closest one when there is one.
pub fn unknown_effect(name: &str) -> String {
    let close = EFFECTS
        .iter()
        .map(|(n, _)| *n)
        .find(|n| n.replace('_', "") == name.replace('_', "").to_lowercase() || edit_distance(n, name) <= 2);
    match close {
        Some(n) => format!("unknown effect `{name}`; did you mean `{n}`? ({})", valid_names()),
        None => format!("unknown effect `{name}`; {}", valid_names()),
    }
}

/// Levenshtein distance, for "did you mean" on short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A function in any of the places the attribute may sit.
enum FnItem {
    Free(ItemFn),
    Impl(ImplItemFn),
    Trait(TraitItemFn),
    Foreign(ForeignItemFn),
}

impl FnItem {
    fn parse(kind: Kind, item: TokenStream) -> syn::Result<FnItem> {
        if let Ok(f) = syn::parse2::<ItemFn>(item.clone()) {
            return Ok(FnItem::Free(f));
        }
        if let Ok(f) = syn::parse2::<ImplItemFn>(item.clone()) {
            return Ok(FnItem::Impl(f));
        }
        if let Ok(f) = syn::parse2::<TraitItemFn>(item.clone()) {
            return Ok(FnItem::Trait(f));
        }
        if let Ok(f) = syn::parse2::<ForeignItemFn>(item.clone()) {
            return Ok(FnItem::Foreign(f));
        }
        Err(match syn::parse2::<Item>(item.clone()) {
            Ok(other) => syn::Error::new(
                item_keyword_span(&other),
                format!("`{}` applies to functions and methods, not to {}", kind.attr(), item_kind(&other)),
            ),
            Err(_) => syn::Error::new(
                Span::call_site(),
                format!("`{}` applies to functions and methods", kind.attr()),
            ),
        })
    }

    fn sig_and_body(&mut self) -> (&Signature, Option<&mut Block>) {
        match self {
            FnItem::Free(f) => (&f.sig, Some(&mut *f.block)),
            FnItem::Impl(f) => (&f.sig, Some(&mut f.block)),
            FnItem::Trait(f) => (&f.sig, f.default.as_mut()),
            FnItem::Foreign(f) => (&f.sig, None),
        }
    }

    fn into_tokens(self) -> TokenStream {
        match self {
            FnItem::Free(f) => quote!(#f),
            FnItem::Impl(f) => quote!(#f),
            FnItem::Trait(f) => quote!(#f),
            FnItem::Foreign(f) => quote!(#f),
        }
    }
}

/// Expands `#[wasm::effect(...)]` or `#[wasm::pure]`; errors come back as `compile_error!` next to
/// the unchanged item.
pub fn expand(kind: Kind, attr: TokenStream, item: TokenStream) -> TokenStream {
    let result = parse_args(kind, attr).and_then(|args| {
        expand_fn(&args, FnItem::parse(kind, item.clone())?)
    });
    result.unwrap_or_else(|e| error_with_item(e, item))
}

fn expand_fn(args: &Args, mut item: FnItem) -> syn::Result<TokenStream> {
    let names: Vec<Ident> = args.effects.iter().map(|&i| format_ident!("{}", EFFECTS[i].0)).collect();
    let mark = lint_mark("effect", quote!(#(#names),*));
    let (sig, body) = item.sig_and_body();
    if sig.constness.is_some() && !args.effects.is_empty() {
        return Err(syn::Error::new(
            sig.constness.span(),
            "a `const fn` cannot perform effects (it may only call other `const fn`s); declare it `#[wasm::pure]` or drop the attribute",
        ));
    }
    if let Some(body) = body
        && !args.effects.is_empty()
    {
        let names: Vec<&str> = args.effects.iter().map(|&i| EFFECTS[i].0).collect();
        body.stmts.insert(0, syn::parse2(gate(&args.krate.0, &names))?);
    }
    let item = item.into_tokens();
    Ok(quote! {
        #mark
        #item
    })
}

/// The statement that makes a body a trap under a host profile removing one of `effects`
/// (names from [`EFFECTS`]; unknown names are ignored): `if const { removes_any(..) } {
/// unavailable() }`. Other macros whose generated functions declare effects (`#[wasm::import]`)
/// put it first in those bodies too.
pub fn gate(krate: &syn::Path, effects: &[&str]) -> TokenStream {
    let variants = effects
        .iter()
        .filter_map(|name| EFFECTS.iter().find(|(n, _)| n == name))
        .map(|(_, variant)| format_ident!("{variant}"));
    quote! {
        if const {
            #krate::__private::removes_any(
                #krate::__private::Effects::NONE #(.with(#krate::__private::Effect::#variants))*
            )
        } {
            #krate::__private::unavailable()
        }
    }
}

fn item_kind(item: &Item) -> &'static str {
    match item {
        Item::Struct(_) => "a struct",
        Item::Enum(_) => "an enum",
        Item::Union(_) => "a union",
        Item::Trait(_) => "a trait (put it on the trait's methods)",
        Item::Impl(_) => "an impl block (put it on the methods)",
        Item::Type(_) => "a type alias",
        Item::Mod(_) => "a module",
        Item::Const(_) => "a constant",
        Item::Static(_) => "a static",
        Item::Use(_) => "a `use` item",
        Item::ForeignMod(_) => "an extern block (put it on the functions inside)",
        _ => "this item",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(kind: Kind, attr: &str, item: &str) -> String {
        expand(kind, attr.parse().unwrap(), item.parse().unwrap()).to_string()
    }

    #[test]
    fn gates_the_body_with_the_declared_effects_in_canonical_order() {
        let out = expand_str(Kind::Effect, "atomic_read, js_call", "fn f(x: u32) -> u32 { x + 1 }");
        assert!(!out.contains("compile_error"), "{out}");
        let gate = out.find("removes_any").expect("gate");
        let body = out.find("x + 1").expect("body");
        assert!(gate < body, "{out}");
        let js = out.find("Effect :: JsCall").expect("js_call");
        let read = out.find("Effect :: AtomicRead").expect("atomic_read");
        assert!(js < read, "{out}");
        assert!(out.contains(":: wasm :: __private :: unavailable ()"), "{out}");
    }

    #[test]
    fn gate_for_other_macros() {
        let out = gate(&syn::parse_quote!(::wasm), &["js_call", "bogus", "io"]).to_string();
        assert!(out.contains("Effect :: JsCall") && out.contains("Effect :: Io"), "{out}");
        assert!(!out.contains("bogus"), "{out}");
    }

    #[test]
    fn mark_lists_canonical_names() {
        // `lint_mark` emits nothing outside the driver; the mark's tokens are tested directly.
        let mark = crate::util::lint_mark_tokens("effect", quote!(js_call, atomic_read)).to_string();
        assert_eq!(mark, "# [wasm_lint :: effect (js_call , atomic_read)]");
    }

    #[test]
    fn pure_and_empty_effect_have_no_gate() {
        for (kind, attr) in [(Kind::Pure, ""), (Kind::Effect, ""), (Kind::Pure, "crate = w")] {
            let out = expand_str(kind, attr, "fn f() -> u32 { 1 }");
            assert!(!out.contains("removes_any") && !out.contains("compile_error"), "{out}");
            assert!(out.contains("fn f () -> u32 { 1 }"), "{out}");
        }
    }

    #[test]
    fn methods_trait_declarations_and_foreign_functions() {
        let out = expand_str(Kind::Effect, "io", "pub(crate) fn m(&self) { self.0 }");
        assert!(out.contains("removes_any"), "{out}");
        let out = expand_str(Kind::Effect, "io", "default fn m(&self) {}");
        assert!(out.contains("default fn m"), "{out}");
        let out = expand_str(Kind::Effect, "js_call", "fn m(&self);");
        assert!(!out.contains("removes_any") && out.contains("fn m (& self) ;"), "{out}");
        let out = expand_str(Kind::Effect, "js_call", "fn m(&self) -> u8 { 3 }");
        assert!(out.contains("removes_any"), "{out}");
        let out = expand_str(Kind::Effect, "js_call", "pub fn alert(s: *const u8, n: usize);");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn inner_attributes_stay_first() {
        let out = expand_str(Kind::Effect, "io", "fn f() { #![allow(unused)] let x = 1; }");
        let inner = out.find("# ! [allow (unused)]").expect("inner attribute");
        assert!(inner < out.find("removes_any").unwrap(), "{out}");
    }

    #[test]
    fn renamed_crate() {
        let out = expand_str(Kind::Effect, "spawn, crate = my::w", "fn f() {}");
        assert!(out.contains("my :: w :: __private :: removes_any"), "{out}");
    }

    #[test]
    fn unknown_effect_lists_the_vocabulary_and_suggests() {
        let out = expand_str(Kind::Effect, "jscall", "fn f() {}");
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("did you mean `js_call`"), "{out}");
        assert!(out.contains("`host_call`, `io`, `atomic_read`, `atomic_write`, `spawn`"), "{out}");
        let out = expand_str(Kind::Effect, "network", "fn f() {}");
        assert!(out.contains("unknown effect `network`; the effects are"), "{out}");
        // The item is still emitted, so uses of `f` do not cascade into more errors.
        assert!(out.contains("fn f () { }"), "{out}");
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        for (kind, attr) in [
            (Kind::Effect, "io, io"),
            (Kind::Effect, "1"),
            (Kind::Effect, "io = 3"),
            (Kind::Effect, "crate = a, crate = b"),
            (Kind::Effect, "crate"),
            (Kind::Pure, "io"),
        ] {
            let out = expand_str(kind, attr, "fn f() {}");
            assert!(out.contains("compile_error"), "{attr}: {out}");
        }
    }

    #[test]
    fn rejects_non_functions_and_effectful_const_fns() {
        for (src, kind) in [("struct S;", "a struct"), ("impl S {}", "an impl block"), ("trait T {}", "a trait")] {
            let out = expand_str(Kind::Effect, "io", src);
            assert!(out.contains("applies to functions and methods, not to"), "{out}");
            assert!(out.contains(kind), "{src}: {out}");
            assert!(out.contains("`#[wasm::effect]`"), "{out}");
        }
        let out = expand_str(Kind::Effect, "io", "const fn f() {}");
        assert!(out.contains("a `const fn` cannot perform effects"), "{out}");
        let out = expand_str(Kind::Pure, "", "const fn f() {}");
        assert!(!out.contains("compile_error"), "{out}");
    }

    #[test]
    fn malformed_item_is_an_error_not_a_panic() {
        let out = expand(Kind::Effect, "io".parse().unwrap(), "fn".parse().unwrap()).to_string();
        assert!(out.contains("compile_error"), "{out}");
    }
}
