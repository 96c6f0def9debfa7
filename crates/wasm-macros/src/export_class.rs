//! `#[wasm::export] impl Type { ... }`: `Type` becomes a JS class.
//!
//! Every `pub fn` of the block is a member; `#[wasm(...)]` on a method chooses its role:
//! - `#[wasm(constructor)]` (or, when none is marked, a `pub fn new(..) -> Self`): `new Type(..)`;
//!   returning `Result<Self, E>` instead, `new Type(..)` throws the `Err` as an export does;
//! - `#[wasm(getter)]` / `#[wasm(getter = "name")]` on `fn x(&self) -> T`: a property read;
//! - `#[wasm(setter)]` / `#[wasm(setter = "name")]` on `fn set_x(&mut self, v: T)`: a property
//!   write (the name without `set_`);
//! - `#[wasm(skip)]`: a `pub fn` JS does not see;
//! - otherwise a method (`&self`, `&mut self`: borrowed for the call; `self`: consumes the JS
//!   object) or, without a receiver, a static function;
//! - `#[wasm(name = "addFrom")]` on a method or static (or a property) gives its JS name (and its
//!   WIT name in a component build), which no other member of its JS namespace may have.
//!
//! Each member is an `extern "C"` export (`Type.fn`) built like a function
//! export, its receiver being the first parameter. The block leaves one record of kind
//! `RECORD_CLASS` in the `wasmrust` section (the class name once, then each member's), from which
//! `classes.mjs` builds the class at instantiation. The block also implements
//! `wasm::__private::abi::ExportClass` (the objects' table, `abi/class.rs`) and exports `free`
//! (implied by the record).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{FnArg, ImplItem, ImplItemFn, ItemImpl, LitStr, ReturnType, Type};

use crate::abi::{self, ClassKind, Pos, Ty};
use crate::export::{Args, raw_export};
use crate::util::{combine, lint_mark};

/// A member's raw export: `Type.fn`, no prefix (each byte is in the module once per member). No
/// Rust identifier holds a `.`, so it names no other item's symbol; the host knows the members'
/// exports from the class record and leaves them out of the module's plain exports.
fn member_export(class: &str, function: &str) -> String {
    format!("{class}.{function}")
}

/// Roles; the same numbers as `wasm::abi::desc::role`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Static = 0,
    Constructor = 1,
    Method = 2,
    Getter = 3,
    Setter = 4,
}

/// The role byte of a constructor returning `Result<Self, E>` (`wasm::abi::desc::role`): its
/// result is written, where a `Self` constructor's is not.
const FALLIBLE_CONSTRUCTOR: u8 = 6;

/// What `#[wasm(...)]` on a method says.
#[derive(Default)]
struct MemberAttr {
    role: Option<(Role, Span)>,
    /// The JS name given by `name = ".."`, `getter = ".."` or `setter = ".."`.
    name: Option<LitStr>,
    skip: bool,
}

impl MemberAttr {
    /// Takes a given name: one per member, never empty.
    fn set_name(&mut self, meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
        let name: LitStr = meta.value()?.parse()?;
        if self.name.is_some() {
            return Err(syn::Error::new(name.span(), "a member is given one name (`name = \"..\"`, `getter = \"..\"` or `setter = \"..\"`)"));
        }
        if name.value().is_empty() {
            return Err(syn::Error::new(name.span(), "a member's name is not empty"));
        }
        self.name = Some(name);
        Ok(())
    }
}

fn parse_member_attrs(f: &mut ImplItemFn) -> syn::Result<Option<MemberAttr>> {
    let mut found: Option<MemberAttr> = None;
    let mut error = None;
    f.attrs.retain(|a| {
        if !a.path().is_ident("wasm") {
            return true;
        }
        let m = found.get_or_insert_with(MemberAttr::default);
        let parsed = a.parse_nested_meta(|meta| {
            let role = if meta.path.is_ident("constructor") {
                Role::Constructor
            } else if meta.path.is_ident("getter") {
                Role::Getter
            } else if meta.path.is_ident("setter") {
                Role::Setter
            } else if meta.path.is_ident("skip") {
                m.skip = true;
                return Ok(());
            } else if meta.path.is_ident("name") {
                return m.set_name(&meta);
            } else {
                return Err(meta.error("expected `constructor`, `getter`, `getter = \"name\"`, `setter`, `setter = \"name\"`, `name = \"name\"` or `skip`"));
            };
            if m.role.is_some() {
                return Err(meta.error("a member has one role"));
            }
            m.role = Some((role, meta.path.span()));
            if role != Role::Constructor && meta.input.peek(syn::Token![=]) {
                m.set_name(&meta)?;
            }
            Ok(())
        });
        if let Err(e) = parsed {
            error.get_or_insert(e);
        }
        false
    });
    match error {
        Some(e) => Err(e),
        None => Ok(found),
    }
}

/// Replaces `Self` with the class type in a signature's types.
struct ReplaceSelf<'a>(&'a Type);

impl VisitMut for ReplaceSelf<'_> {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::Path(p) = ty
            && p.qself.is_none()
            && p.path.is_ident("Self")
        {
            *ty = self.0.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

/// The class name: the last segment of a plain path without generic arguments.
fn class_name(block: &ItemImpl) -> syn::Result<String> {
    if let Some((_, path, _)) = &block.trait_ {
        return Err(syn::Error::new(
            path.span(),
            "`#[wasm::export]` on a trait impl: export an inherent `impl Type { ... }` block (JS classes have no traits)",
        ));
    }
    if let Some(u) = &block.unsafety {
        return Err(syn::Error::new(u.span(), "`#[wasm::export]` on an `unsafe impl`"));
    }
    if !block.generics.params.is_empty() {
        return Err(syn::Error::new(block.generics.span(), "an exported class cannot be generic: the host needs one concrete type"));
    }
    match &*block.self_ty {
        Type::Path(p) if p.qself.is_none() && p.path.segments.iter().all(|s| s.arguments.is_none()) => {
            Ok(p.path.segments.last().expect("a path has a segment").ident.to_string())
        }
        other => Err(syn::Error::new(other.span(), "an exported class is a named type without generic arguments")),
    }
}

/// Expands the block; errors come back as `compile_error!`s next to the block, its
/// `#[wasm(...)]` attributes removed (so they add no "cannot find attribute" errors).
pub fn expand(args: &Args, mut block: ItemImpl) -> TokenStream {
    match expand_block(args, &mut block) {
        Ok(tokens) => tokens,
        Err(e) => {
            for item in &mut block.items {
                if let ImplItem::Fn(f) = item {
                    f.attrs.retain(|a| !a.path().is_ident("wasm"));
                }
            }
            let e = e.to_compile_error();
            quote!(#e #block)
        }
    }
}

fn expand_block(args: &Args, block: &mut ItemImpl) -> syn::Result<TokenStream> {
    let class = class_name(block)?;
    let krate = &args.krate.0;
    let self_ty = (*block.self_ty).clone();
    let mut errors = Vec::new();
    let mut members = Vec::new();
    let mut has_constructor = false;
    for item in &mut block.items {
        let ImplItem::Fn(f) = item else { continue };
        let attr = match parse_member_attrs(f) {
            Ok(a) => a,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let public = matches!(f.vis, syn::Visibility::Public(_));
        match &attr {
            Some(a) if a.skip => continue,
            Some(a) if !public => {
                let span = a.role.map_or(f.sig.ident.span(), |r| r.1);
                errors.push(syn::Error::new(span, "only `pub fn`s are class members: make it `pub`"));
                continue;
            }
            _ if !public => continue,
            _ => {}
        }
        let attr = attr.unwrap_or_default();
        has_constructor |= matches!(attr.role, Some((Role::Constructor, _)));
        members.push((f.sig.ident.clone(), attr));
    }
    if let Some((_, a)) = members.iter().filter(|(_, a)| matches!(a.role, Some((Role::Constructor, _)))).nth(1) {
        errors.push(syn::Error::new(a.role.expect("a role").1, "a class has one constructor"));
    }

    let mut out = Vec::new();
    // The class record (format 4): the class name once, the member count, then each member.
    let class_bytes = abi::name_bytes(&class);
    let mut parts = vec![quote!(&[#krate::__private::abi::desc::RECORD_CLASS]), quote!(&[#(#class_bytes),*])];
    let mut count = 0u8;
    let mut js_names = JsNames::default();
    for item in &mut block.items {
        let ImplItem::Fn(f) = item else { continue };
        let Some((_, attr)) = members.iter().find(|(i, _)| *i == f.sig.ident) else { continue };
        match member(krate, &class, &self_ty, f, attr, has_constructor, &mut parts) {
            Ok((role, js_name, tokens)) => {
                if role != Role::Constructor
                    && let Err(e) = js_names.claim(role, &js_name, f, attr)
                {
                    errors.push(e);
                }
                count = count.checked_add(1).ok_or_else(|| syn::Error::new(f.sig.ident.span(), "a class has at most 255 members"))?;
                let mark = lint_mark("export", mark_args(role, attr.name.as_ref()));
                if !mark.is_empty() && crate::export_scope::here() {
                    f.attrs.push(syn::parse_quote!(#mark));
                }
                out.push(tokens);
            }
            Err(e) => errors.push(e),
        }
    }
    combine(errors)?;
    parts.insert(2, quote!(&[#count]));
    out.push(crate::export_scope::only_if_exported(abi::record(krate, &parts)));
    out.push(free(krate, &class, &self_ty));
    Ok(quote! {
        #block
        // SAFETY: `tag` is the address of a static of this class's own (one exported impl per
        // type), which is what tells its objects apart from other classes' in the table.
        unsafe impl #krate::__private::abi::ExportClass for #self_ty {
            const NAME: &'static str = #class;
            #[inline(always)]
            fn tag() -> *const u8 {
                // Interior mutability keeps it a writable global of its own, which no
                // compiler pass merges with another class's.
                static TAG: ::core::sync::atomic::AtomicU8 = ::core::sync::atomic::AtomicU8::new(0);
                TAG.as_ptr()
            }
        }
        impl #krate::__private::abi::ExportRef for #self_ty {
            type Anchor = #krate::__private::abi::ClassRef<#self_ty>;
            const REF_DESC: #krate::__private::abi::ValueDesc = #krate::__private::abi::class_ref_desc::<#self_ty>();
            #[inline(always)]
            fn lift_ref(index: u32, generation: u32, member: &'static str) -> Self::Anchor {
                #krate::__private::abi::class_ref::<#self_ty>(index, generation, member)
            }
        }
        impl #krate::__private::abi::ExportValue for #self_ty {
            const DESC: #krate::__private::abi::ValueDesc = #krate::__private::abi::class_desc::<#self_ty>();
            fn read(r: &mut #krate::__private::abi::Reader<'_>) -> Self {
                #krate::__private::abi::class_read::<#self_ty>(r)
            }
            fn write(self, out: &mut #krate::__private::abi::__Vec<u8>) {
                #krate::__private::abi::class_write::<#self_ty>(self, out)
            }
            fn from_flat(index: u32, generation: u32, member: &str) -> Self {
                #krate::__private::abi::class_take::<#self_ty>(index, generation, member)
            }
            fn into_flat(self) -> (u32, u32) {
                #krate::__private::abi::class_new::<#self_ty>(self)
            }
        }
        #(#out)*
    })
}

/// What a member's `wasm_lint::export` mark says: its role (a method or static has none), and
/// its given name (which the component host makes the WIT method's name too).
fn mark_args(role: Role, name: Option<&LitStr>) -> TokenStream {
    let role = match role {
        Role::Constructor => quote!(constructor),
        Role::Getter => quote!(getter),
        Role::Setter => quote!(setter),
        Role::Method | Role::Static => return name.map(|name| quote!(name = #name)).unwrap_or_default(),
    };
    match name {
        Some(name) => quote!(#role, name = #name),
        None => role,
    }
}

/// The receiver's kind, if the method has one.
fn receiver(f: &ImplItemFn) -> syn::Result<Option<ClassKind>> {
    let Some(FnArg::Receiver(r)) = f.sig.inputs.first() else { return Ok(None) };
    if r.colon_token.is_some() {
        return Err(syn::Error::new(r.span(), "write the receiver as `self`, `&self` or `&mut self`"));
    }
    Ok(Some(match (&r.reference, &r.mutability) {
        (None, _) => ClassKind::Owned,
        (Some(_), Some(_)) => ClassKind::Mut,
        (Some(_), None) => ClassKind::Ref,
    }))
}

fn member(
    krate: &syn::Path,
    class: &str,
    self_ty: &Type,
    f: &ImplItemFn,
    attr: &MemberAttr,
    has_constructor: bool,
    record: &mut Vec<TokenStream>,
) -> syn::Result<(Role, String, TokenStream)> {
    let mut sig = f.sig.clone();
    ReplaceSelf(self_ty).visit_signature_mut(&mut sig);
    let ident = &sig.ident;
    let reject = |span: Span, what: &str| Err(syn::Error::new(span, format!("an exported class member cannot be {what}")));
    if let Some(t) = &sig.unsafety {
        return reject(t.span(), "`unsafe`: the host cannot uphold a safety contract");
    }
    if let Some(t) = &sig.asyncness {
        return reject(t.span(), "`async`: export a free `async fn` that calls it");
    }
    if sig.generics.type_params().next().is_some() || sig.generics.const_params().next().is_some() {
        return reject(sig.generics.span(), "generic: the host needs one concrete signature");
    }
    let recv = receiver(f)?;
    let mut errors = Vec::new();
    let mut params = Vec::new();
    if let Some(kind) = recv {
        params.push(Ty::Class { ty: self_ty.clone(), kind });
    }
    for input in &sig.inputs {
        if let FnArg::Typed(pt) = input {
            match abi::classify_export(&pt.ty, Pos::Param) {
                Ok(t) => params.push(t),
                Err(e) => errors.push(e),
            }
        }
    }
    let ret_ty: Type = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, t) => (**t).clone(),
    };
    let ret = abi::classify_export(&ret_ty, Pos::Result).map_err(|e| errors.push(e)).ok();
    combine(errors)?;
    let ret = ret.expect("no errors");
    // What a constructor may return: `Self`, or (fallible: `new` throws the `Err`) `Result<Self, E>`.
    let is_self = |t: &Ty| matches!(t, Ty::Class { kind: ClassKind::Owned, ty } if ty == self_ty);
    let fallible = matches!(&ret, Ty::Result(ok, _) if is_self(ok));
    let constructs = recv.is_none() && (fallible || is_self(&ret));
    let name = ident.to_string().trim_start_matches("r#").to_string();
    let (role, js_name) = match attr.role {
        Some((Role::Constructor, span)) => {
            if !constructs {
                // Spanned at what is wrong: the receiver, else the result.
                let span = match (f.sig.inputs.first(), &f.sig.output) {
                    (Some(r @ FnArg::Receiver(_)), _) => r.span(),
                    (_, ReturnType::Type(_, t)) => t.span(),
                    _ => span,
                };
                return Err(syn::Error::new(span, format!("a constructor has no receiver and returns `Self` or `Result<Self, E>` (`{class}`)")));
            }
            (Role::Constructor, "constructor".to_string())
        }
        Some((Role::Getter, span)) => {
            let ok = matches!(recv, Some(ClassKind::Ref | ClassKind::Mut)) && params.len() == 1 && !matches!(ret, Ty::Unit);
            if !ok {
                return Err(syn::Error::new(span, "a getter is `fn name(&self) -> T`"));
            }
            (Role::Getter, attr.name.as_ref().map_or(name, LitStr::value))
        }
        Some((Role::Setter, span)) => {
            let ok = matches!(recv, Some(ClassKind::Ref | ClassKind::Mut)) && params.len() == 2 && matches!(ret, Ty::Unit);
            if !ok {
                return Err(syn::Error::new(span, "a setter is `fn set_name(&mut self, value: T)`"));
            }
            let default = name.strip_prefix("set_").unwrap_or(&name).to_string();
            (Role::Setter, attr.name.as_ref().map_or(default, LitStr::value))
        }
        _ if !has_constructor && name == "new" && constructs => (Role::Constructor, "constructor".to_string()),
        _ if recv.is_some() => (Role::Method, attr.name.as_ref().map_or(name, LitStr::value)),
        _ => (Role::Static, attr.name.as_ref().map_or(name, LitStr::value)),
    };
    if let (Role::Constructor, Some(given)) = (role, &attr.name) {
        return Err(syn::Error::new(
            given.span(),
            format!("a constructor has no name in JS (it is called as `new {class}(..)`): drop `name = ..`"),
        ));
    }
    let taken = role != Role::Constructor && (js_name == "constructor" || js_name == "free") || role == Role::Static && js_name == "prototype";
    if taken {
        return Err(syn::Error::new(member_name_span(f, attr), format!("`{js_name}` is taken on a JS class: mark it `#[wasm(skip)]` or rename it")));
    }
    let export_name = member_export(class, &ident.to_string());
    let member = if role == Role::Constructor { format!("new {class}") } else { format!("{class}.{js_name}") };
    let raw = raw_export(krate, &quote!(<#self_ty>::#ident), &export_name, &member, &params, &ret)?;

    let mut head = vec![quote!(&[#krate::__private::abi::desc::RECORD_EXPORT])];
    let raw_name = abi::name_bytes(&export_name);
    head.push(quote!(&[#(#raw_name),*]));
    let names = abi::names_record(krate, &head, &abi::param_names(&f.sig.inputs), &abi::doc_text(&f.attrs));
    // The member in the class record: the function's name where the raw export's name
    // (`Class.function`) cannot be derived from the member's, else empty; the
    // member's name (empty for the constructor: JS's `constructor`); role; signature.
    let own = ident.to_string();
    let (own, js) = match role {
        Role::Constructor => (own.as_str(), ""),
        _ if own == js_name => ("", js_name.as_str()),
        _ => (own.as_str(), js_name.as_str()),
    };
    for text in [own, js] {
        let b = abi::name_bytes(text);
        record.push(quote!(&[#(#b),*]));
    }
    // The receiver is not written: the role's high bits say it (`ClassKind::receiver_bits`);
    // nor is a constructor's result (`Self`), but a fallible one's is (`Result<Self, E>`, under
    // a role of its own, `FALLIBLE_CONSTRUCTOR`).
    let receiver = recv.map_or(0, ClassKind::receiver_bits);
    let own_params = &params[usize::from(receiver != 0)..];
    let fallible = role == Role::Constructor && fallible;
    let role_byte = if fallible { FALLIBLE_CONSTRUCTOR } else { role as u8 | receiver << 4 };
    let count = own_params.len() as u8;
    record.push(quote!(&[#role_byte, #count]));
    for p in own_params {
        p.member_desc(krate, self_ty, record);
    }
    if role != Role::Constructor || fallible {
        ret.member_desc(krate, self_ty, record);
    }
    let names = crate::export_scope::only_if_exported(names);
    let checks = params.iter().chain([&ret]).map(|t| t.class_checks(krate));
    Ok((role, js_name, quote! {
        #[cfg(target_family = "wasm")]
        const _: () = { #raw };
        #names
        #(#checks)*
    }))
}

/// Where an error about a member's JS name points: the name given to it, else its Rust name.
fn member_name_span(f: &ImplItemFn, attr: &MemberAttr) -> Span {
    attr.name.as_ref().map_or(f.sig.ident.span(), LitStr::span)
}

/// The members' JS names so far, per namespace (the prototype's, the class's statics'): a name
/// is one method or static, or one getter and one setter (the two halves of a property).
#[derive(Default)]
struct JsNames(Vec<(bool, String, Role, String)>);

impl JsNames {
    fn claim(&mut self, role: Role, js_name: &str, f: &ImplItemFn, attr: &MemberAttr) -> syn::Result<()> {
        let is_static = role == Role::Static;
        let clash = self.0.iter().find(|(s, name, other, _)| {
            *s == is_static && name == js_name && (*other == role || !matches!((role, other), (Role::Getter, Role::Setter) | (Role::Setter, Role::Getter)))
        });
        if let Some((_, _, _, rust)) = clash {
            let place = if is_static { "statics" } else { "methods and properties" };
            return Err(syn::Error::new(
                member_name_span(f, attr),
                format!("`{js_name}` is already the JS name of `fn {rust}`: a JS class's {place} have one name each; give one of them another with `#[wasm(name = \"..\")]`"),
            ));
        }
        self.0.push((is_static, js_name.to_string(), role, f.sig.ident.to_string()));
        Ok(())
    }
}

/// `free()`: drops the object (a stale handle is ignored: the FinalizationRegistry may come late).
/// Every class has it, so the class record implies it.
fn free(krate: &syn::Path, class: &str, self_ty: &Type) -> TokenStream {
    let export_name = member_export(class, "free");
    let member = format!("{class}.free");
    let symbol = crate::export::export_symbol(&export_name);
    quote! {
        #[cfg(target_family = "wasm")]
        const _: () = {
            #symbol
            extern "C" fn __wasmrust_free(index: u32, generation: u32) {
                #krate::__private::export_call::<false, _>(|| {
                    #krate::__private::abi::class_free::<#self_ty>(index, generation, #member)
                })
            }
        };
    }
}

#[cfg(test)]
mod tests;
