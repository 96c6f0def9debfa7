//! WasmRust's additions to wit-bindgen's module:
//! - imported resource handles become linear: `#[must_use]`, `impl wasm::Linear` and
//!   `impl wasm::Release` whose `release` is the resource-drop;
//! - imported functions carry `#[wasm_lint::effect(host_call)]` for the effect lints;
//! - under the driver, the generated items allow `linear_not_consumed` in their own glue.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::visit::Visit;
use syn::{Fields, File, ImplItem, Item, ItemForeignMod, Type};

use super::generate::ImportedResource;
use crate::util::lint_mark_tokens;

/// Returns the generated file with the marks added.
pub fn add_marks(mut file: File, linear: &[ImportedResource], krate: &str, lint_marks: bool) -> TokenStream {
    let krate: syn::Path = syn::parse_str(krate).expect("crate path was parsed by the macro");
    let mut ctx = Ctx { linear, krate: &krate, lint_marks };
    ctx.items(&mut file.items, false);
    if lint_marks {
        // Tells `invalid_component_abi` that this crate builds a component, on every target
        // (the world's custom section exists only on wasm32).
        let world = lint_mark_tokens("component_world", TokenStream::new());
        file.items.push(syn::parse_quote!(#world const _: () = ();));
        // The glue takes a handle out of its wrapper and lets the empty wrapper go: allowed in
        // the generated items (lint levels reach nested items), not in the user's code.
        for item in &mut file.items {
            if let Some(attrs) = item_attrs(item) {
                attrs.insert(0, syn::parse_quote!(#[allow(wasm_lint::linear_not_consumed)]));
            }
        }
    }
    file.into_token_stream()
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        Item::Mod(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Const(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        _ => return None,
    })
}

struct Ctx<'a> {
    linear: &'a [ImportedResource],
    krate: &'a syn::Path,
    lint_marks: bool,
}

impl Ctx<'_> {
    /// Walks one module's items; `in_exports` is true under the generated `exports` module.
    fn items(&mut self, items: &mut Vec<Item>, in_exports: bool) {
        let mut added = Vec::new();
        for item in items.iter_mut() {
            match item {
                Item::Mod(m) => {
                    let exports = in_exports || m.ident == "exports";
                    if let Some((_, inner)) = &mut m.content {
                        self.items(inner, exports);
                    }
                }
                Item::Struct(s) if !in_exports && is_resource_handle(&s.fields) => {
                    if self.linear.iter().any(|r| s.ident == r.rust_name) {
                        s.attrs.push(syn::parse_quote!(#[must_use = "an imported resource handle is linear: pass it on, return it, or end it with `wasm::Release::release`"]));
                        added.push(self.linear_impls(&s.ident));
                    }
                }
                Item::Fn(f) if !in_exports && calls_import(&f.block) => {
                    self.mark(&mut f.attrs);
                }
                Item::Impl(i) if !in_exports && i.trait_.is_none() => {
                    for impl_item in &mut i.items {
                        if let ImplItem::Fn(f) = impl_item
                            && calls_import(&f.block)
                        {
                            self.mark(&mut f.attrs);
                        }
                    }
                }
                _ => {}
            }
        }
        items.extend(added);
    }

    fn mark(&self, attrs: &mut Vec<syn::Attribute>) {
        if self.lint_marks {
            let mark = lint_mark_tokens("effect", quote!(host_call));
            // Callers are charged with what is declared: the host call. The glue's own atomic
            // load of its handle is no effect of theirs, and off wasm32 the import is a stub
            // that panics, so the declared effect goes unused there.
            attrs.push(syn::parse_quote!(#[allow(wasm_lint::undeclared_effect, wasm_lint::unused_effect)]));
            attrs.push(syn::parse_quote!(#mark));
        }
    }

    fn linear_impls(&self, ty: &syn::Ident) -> Item {
        let krate = self.krate;
        // `release` is the resource-drop: its declared effect, like an import's, is `host_call`
        // (not the runtime's atomic load of the handle inside the drop glue).
        let mut marks = Vec::new();
        self.mark(&mut marks);
        syn::parse_quote! {
            const _: () = {
                impl #krate::Linear for #ty {}
                impl #krate::Release for #ty {
                    /// Ends the handle: the resource's `[resource-drop]`.
                    #[inline]
                    #(#marks)*
                    fn release(self) {
                        ::core::mem::drop(self)
                    }
                }
            };
        }
    }
}

/// wit-bindgen's handle types: `struct R { handle: _rt::Resource<R> }`.
fn is_resource_handle(fields: &Fields) -> bool {
    let Fields::Named(named) = fields else { return false };
    named.named.iter().any(|f| {
        f.ident.as_ref().is_some_and(|i| i == "handle")
            && matches!(&f.ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Resource"))
    })
}

/// Whether a body declares a `#[link(wasm_import_module = ..)]` block: a call of a host import.
fn calls_import(block: &syn::Block) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_item_foreign_mod(&mut self, m: &'ast ItemForeignMod) {
            if m.attrs.iter().any(|a| a.path().is_ident("link") && a.to_token_stream().to_string().contains("wasm_import_module")) {
                self.0 = true;
            }
        }
    }
    let mut finder = Finder(false);
    finder.visit_block(block);
    finder.0
}
