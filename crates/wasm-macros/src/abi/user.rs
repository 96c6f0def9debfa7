//! Exported user types in signatures: classes' objects (`T`, `&T`, `&mut T`) and records and
//! enums (`T`), recognized syntactically (an `UpperCamel` path) and checked by the compiler
//! through `wasm::__private::abi::{ExportValue, ExportClass}`.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Path, PathArguments, Type};

use super::{Ty, last_segment, ungroup};

/// How an exported class's object is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassKind {
    /// `T`: moved (a parameter ends the JS object; a result makes one).
    Owned,
    /// `&T`: borrowed for the call.
    Ref,
    /// `&mut T`: borrowed exclusively for the call.
    Mut,
}

impl ClassKind {
    /// The type code (`wasm::abi::desc::code::CLASS` ..= `CLASS_MUT`).
    pub fn code(self) -> u8 {
        match self {
            ClassKind::Owned => super::code::CLASS,
            ClassKind::Ref => super::code::CLASS_REF,
            ClassKind::Mut => super::code::CLASS_MUT,
        }
    }

    /// The receiver's number in a class member's role byte (its high bits): the code less
    /// `CLASS - 1`, so 1 `self`, 2 `&self`, 3 `&mut self` (0: no receiver).
    pub fn receiver_bits(self) -> u8 {
        self.code() - (super::code::CLASS - 1)
    }
}

/// Names that are never an exported class (std types and the ones handled above).
const NOT_CLASSES: &[&str] = &["String", "Vec", "Option", "Result", "Box", "Rc", "Arc", "ExternRef", "FuncRef", "SharedSlice", "Self", "Clamped"];

/// A path type that may name an exported class: an `UpperCamel` name without generic arguments
/// (whether it is one, `wasm::__private::abi::ExportClass`, is checked by the compiler, with a
/// message saying how to export it).
pub(super) fn class_like(ty: &Type) -> Option<&Type> {
    let ty = ungroup(ty);
    match last_segment(ty) {
        Some((i, PathArguments::None, _)) => {
            let name = i.to_string();
            let upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            (upper && !NOT_CLASSES.contains(&name.as_str())).then_some(ty)
        }
        _ => None,
    }
}

impl Ty {
    /// Whether an exported class's object is (or may be) part of the value.
    pub fn has_class(&self) -> bool {
        match self {
            Ty::Class { .. } => true,
            Ty::Option(inner) => inner.has_class(),
            Ty::Result(ok, err) => ok.has_class() || err.has_class(),
            _ => false,
        }
    }

    /// Whether a `Vec<String>` or `Vec` of references is (or may be) part of the value.
    pub fn has_list(&self) -> bool {
        match self {
            Ty::List(_) => true,
            Ty::Option(inner) => inner.has_list(),
            Ty::Result(ok, err) => ok.has_list() || err.has_list(),
            _ => false,
        }
    }

    /// Whether a `Vec` of references is (or may be) part of the value.
    pub fn has_ref_list(&self) -> bool {
        match self {
            Ty::List(item) => item.is_ref(),
            Ty::Option(inner) => inner.has_ref_list(),
            Ty::Result(ok, err) => ok.has_ref_list() || err.has_ref_list(),
            _ => false,
        }
    }

    /// Checks (on every target, where the raw export is wasm-only) that the classes in this type
    /// are exported: a missing `#[wasm::export] impl` is an error at the type, saying so.
    pub fn class_checks(&self, krate: &Path) -> TokenStream {
        match self {
            Ty::Class { ty, kind } => {
                let bound = match kind {
                    ClassKind::Owned => quote!(ExportValue),
                    ClassKind::Ref => quote!(ExportRef),
                    ClassKind::Mut => quote!(ExportClass),
                };
                quote_spanned! {ty.span()=>
                    const _: fn() = || {
                        fn exported<T: #krate::__private::abi::#bound>() {}
                        exported::<#ty>();
                    };
                }
            }
            Ty::Option(inner) => inner.class_checks(krate),
            Ty::Result(ok, err) => {
                let (ok, err) = (ok.class_checks(krate), err.class_checks(krate));
                quote!(#ok #err)
            }
            _ => TokenStream::new(),
        }
    }
}

/// A borrowed parameter of an exported type: the anchor that borrows (`&mut T`: a class's object
/// exclusively) or holds (`&T` of a record: its copy) it for the call, and the view passed on.
pub(super) fn borrow_class(abi: &TokenStream, ty: &Type, kind: ClassKind, i: TokenStream, g: TokenStream, anchor: &Ident) -> (TokenStream, TokenStream) {
    // `__WASMRUST_MEMBER`: the export's name for errors, declared by its raw function.
    match kind {
        ClassKind::Mut => (quote!(#abi::class_mut::<#ty>(#i, #g, __WASMRUST_MEMBER)), quote!(&mut *#anchor)),
        _ => (quote!(<#ty as #abi::ExportRef>::lift_ref(#i, #g, __WASMRUST_MEMBER)), quote!(&*#anchor)),
    }
}

/// `Option<&T>` / `Option<&mut T>` of an exported type, as a top-level parameter.
pub(super) fn optional_borrow(inner: &Type) -> Option<Ty> {
    let Type::Reference(r) = ungroup(inner) else { return None };
    let ty = class_like(&r.elem)?.clone();
    let kind = if r.mutability.is_some() { ClassKind::Mut } else { ClassKind::Ref };
    Some(Ty::Option(Box::new(Ty::Class { ty, kind })))
}
