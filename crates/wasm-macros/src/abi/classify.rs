//! Which Rust types `#[wasm::export]` and `#[wasm::import]` accept, and where: the syntax of a
//! signature's types mapped to [`Ty`], with the spanned error for each refusal.

use quote::quote;
use syn::spanned::Spanned;
use syn::{GenericArgument, Ident, Path, PathArguments, Type};

use super::user::{ClassKind, class_like, optional_borrow};
use super::{Pos, SCALARS, SUPPORTED, SliceKind, Ty};

fn unsupported(ty: &Type, why: &str) -> syn::Error {
    let shown = shown(ty);
    syn::Error::new(
        ty.span(),
        format!("`{shown}` cannot cross the wasm boundary{why}; supported types: {SUPPORTED}"),
    )
}

/// A type as written, without the token spacing of `TokenStream::to_string`.
fn shown(ty: &Type) -> String {
    let mut s = quote!(#ty).to_string();
    for (from, to) in [(" :: ", "::"), (":: ", "::"), (" <", "<"), ("< ", "<"), (" >", ">"), (" ,", ","), ("& ", "&"), ("* ", "*"), ("' ", "'"), ("( ", "("), (" )", ")"), ("[ ", "["), (" ]", "]")] {
        s = s.replace(from, to);
    }
    s
}

/// The last segment of a plain path type, with its generic arguments.
pub(super) fn last_segment(ty: &Type) -> Option<(&Ident, &PathArguments, &Path)> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let seg = p.path.segments.last()?;
    Some((&seg.ident, &seg.arguments, &p.path))
}

fn type_args(args: &PathArguments) -> Vec<&Type> {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| if let GenericArgument::Type(t) = g { Some(t) } else { None })
            .collect(),
        _ => Vec::new(),
    }
}

/// Classifies a parameter or result type of an import; errors name the type and the supported list.
pub fn classify(ty: &Type, pos: Pos) -> syn::Result<Ty> {
    let t = classify_export(ty, pos)?;
    if t.has_class() {
        return Err(unsupported(ty, " in an import (objects of exported classes cross in exports only)"));
    }
    if t.has_ref_list() {
        return Err(unsupported(ty, " in an import (a `Vec` of references crosses in exports only; pass one reference per call)"));
    }
    if pos == Pos::Param && t.has_list() && !matches!(t, Ty::List(_)) {
        return Err(unsupported(ty, " in an import parameter (`Vec<String>` only at the top: not inside `Option` or `Result`)"));
    }
    Ok(t)
}

/// Whether an import's parameter or result type, which has no JS import form, has a WIT one a
/// component build passes: it holds an exported type (a record, enum or variant: a JS import
/// takes none) or a tuple (JS has none), and is built only of scalars, `String`, `Vec`,
/// `Option`, `Result`, tuples and exported types (`&T`, `&str`, `&[T]`, `Option<&T>` at the
/// top of a parameter). The driver checks the types themselves (`invalid_component_abi`).
pub fn component_only(ty: &Type, pos: Pos) -> bool {
    let mut wit_only = false;
    shaped_for_wit(ty, pos == Pos::Param, &mut wit_only) && wit_only
}

fn shaped_for_wit(ty: &Type, lent: bool, wit_only: &mut bool) -> bool {
    match ungroup(ty) {
        Type::Tuple(t) if !t.elems.is_empty() => {
            *wit_only = true;
            t.elems.iter().all(|e| shaped_for_wit(e, false, wit_only))
        }
        Type::Reference(r) if lent && r.mutability.is_none() => match ungroup(&r.elem) {
            Type::Slice(s) => shaped_for_wit(&s.elem, false, wit_only),
            e if matches!(last_segment(e), Some((i, PathArguments::None, _)) if i == "str") => true,
            e => shaped_for_wit(e, false, wit_only),
        },
        ty => {
            let Some((ident, args, _)) = last_segment(ty) else { return false };
            let targs = type_args(args);
            match (ident.to_string().as_str(), targs.as_slice()) {
                (name, []) if SCALARS.iter().any(|s| s.0 == name) || name == "String" => true,
                ("Vec", [e]) => shaped_for_wit(e, false, wit_only),
                ("Option", [e]) => shaped_for_wit(e, lent, wit_only),
                ("Result", [ok, err]) => {
                    let unit = |t: &Type| matches!(ungroup(t), Type::Tuple(t) if t.elems.is_empty());
                    (unit(ok) || shaped_for_wit(ok, false, wit_only)) && (unit(err) || shaped_for_wit(err, false, wit_only))
                }
                _ if class_like(ty).is_some() => {
                    *wit_only = true;
                    true
                }
                _ => false,
            }
        }
    }
}

/// Classifies a parameter or result type of an export (exported classes included).
pub fn classify_export(ty: &Type, pos: Pos) -> syn::Result<Ty> {
    let t = classify_inner(ty, pos, Nesting::Top)?;
    if matches!(t, Ty::Unit) && pos == Pos::Param {
        return Err(unsupported(ty, " as a parameter"));
    }
    Ok(t)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Nesting {
    Top,
    InOption,
    InResult,
}

fn classify_inner(ty: &Type, pos: Pos, nesting: Nesting) -> syn::Result<Ty> {
    match ty {
        Type::Paren(p) => return classify_inner(&p.elem, pos, nesting),
        Type::Group(g) => return classify_inner(&g.elem, pos, nesting),
        Type::Tuple(t) if t.elems.is_empty() => {
            return match nesting {
                Nesting::InOption => Err(unsupported(ty, " inside Option")),
                _ => Ok(Ty::Unit),
            };
        }
        Type::Reference(r) => {
            if let Some(elem) = slice_elem(&r.elem) {
                let kind = if r.mutability.is_some() { SliceKind::Mut } else { SliceKind::Shared };
                if kind == SliceKind::Shared && is_u8(elem) {
                    // `&[u8]` keeps its own transport (bytes); `Option<&[u8]>` too.
                } else {
                    return typed_slice(ty, elem, kind, pos, nesting);
                }
            }
            if let Some(class) = class_like(&r.elem) {
                if pos == Pos::Result || nesting != Nesting::Top {
                    return Err(unsupported(ty, " here (a borrowed `&T` of an exported type only as a parameter or an `Option<&T>` parameter; return or hold an owned value)"));
                }
                let kind = if r.mutability.is_some() { ClassKind::Mut } else { ClassKind::Ref };
                return Ok(Ty::Class { ty: class.clone(), kind });
            }
            if r.mutability.is_some() {
                return Err(unsupported(ty, " (`&mut` cannot be shared with the host)"));
            }
            if pos == Pos::Result || nesting == Nesting::InResult {
                return Err(unsupported(
                    ty,
                    " here (references only as parameters or Option<&T> parameters; return an owned type)",
                ));
            }
            return classify_borrowed(ty, &r.elem);
        }
        _ => {}
    }
    let Some((ident, args, _)) = last_segment(ty) else {
        return Err(unsupported(ty, ""));
    };
    let name = ident.to_string();
    let targs = type_args(args);
    if let Some(&(n, code, flat)) = SCALARS.iter().find(|s| s.0 == name)
        && matches!(args, PathArguments::None)
    {
        return Ok(Ty::Scalar { name: n, code, flat });
    }
    match (name.as_str(), targs.as_slice()) {
        ("String", []) => Ok(Ty::Str { borrowed: false }),
        ("Vec", [elem]) if list_item(elem).is_some() => Ok(Ty::List(Box::new(list_item(elem).expect("checked")))),
        ("Clamped", [inner]) => clamped(ty, inner, pos, nesting),
        ("Vec", [elem]) if is_u8(elem) => Ok(Ty::Bytes { borrowed: false }),
        ("SharedSlice", [elem]) => typed_slice(ty, elem, SliceKind::SharedSlice, pos, nesting),
        // A `Vec` of exported records, enums or classes: one exported value (`ExportValue`).
        ("Vec", [elem]) if class_like(elem).is_some() => Ok(Ty::Class { ty: ty.clone(), kind: ClassKind::Owned }),
        ("Vec", [elem]) if pos == Pos::Result || nesting == Nesting::Top => {
            let why = " (a `Vec` holds u8, i8, u16, i16, u32, i32, u64, i64, f32, f64, `String`, `ExternRef<T>` or `FuncRef`, or an exported record, enum or class)";
            let (elem, elem_code) = slice_number(ty, elem).map_err(|_| unsupported(ty, why))?;
            Ok(Ty::NumVec { elem, elem_code })
        }
        ("ExternRef" | "FuncRef", [_] | []) => {
            Ok(Ty::Ref { owned: ty.clone(), borrowed: false })
        }
        ("Option", [inner]) => {
            if matches!(last_segment(inner), Some((i, _, _)) if i == "Option") {
                return Err(unsupported(ty, " (nested Option has no JS form: null is ambiguous)"));
            }
            if pos == Pos::Param && nesting == Nesting::Top
                && let Some(t) = optional_borrow(inner)
            {
                return Ok(t);
            }
            Ok(Ty::Option(Box::new(classify_inner(inner, pos, Nesting::InOption)?)))
        }
        ("Result", [ok, err]) => Ok(Ty::Result(
            Box::new(classify_inner(ok, pos, Nesting::InResult)?),
            Box::new(classify_inner(err, pos, Nesting::InResult)?),
        )),
        _ if class_like(ty).is_some() => Ok(Ty::Class { ty: ty.clone(), kind: ClassKind::Owned }),
        _ => Err(unsupported(ty, "")),
    }
}

/// The element type of `[T]` (through parentheses and the invisible groups of `macro_rules!`).
fn slice_elem(ty: &Type) -> Option<&Type> {
    match ungroup(ty) {
        Type::Slice(s) => Some(ungroup(&s.elem)),
        _ => None,
    }
}

pub(super) fn ungroup(ty: &Type) -> &Type {
    match ty {
        Type::Group(g) => ungroup(&g.elem),
        Type::Paren(p) => ungroup(&p.elem),
        _ => ty,
    }
}

/// Numbers a typed slice may hold: the scalars of a fixed size (not `usize`, `bool`, `char`).
const SLICE_ELEMS: &[&str] = &["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64"];

fn typed_slice(ty: &Type, elem: &Type, kind: SliceKind, pos: Pos, nesting: Nesting) -> syn::Result<Ty> {
    if pos == Pos::Result || nesting != Nesting::Top {
        return Err(unsupported(ty, " here (typed slices are top-level export parameters only)"));
    }
    let (elem, elem_code) = slice_number(ty, elem)?;
    Ok(Ty::Slice { elem, elem_code, kind })
}

/// The name and type code of a slice's or `Vec`'s element, if it is one of [`SLICE_ELEMS`].
fn slice_number(ty: &Type, elem: &Type) -> syn::Result<(&'static str, u8)> {
    let found = match last_segment(ungroup(elem)) {
        Some((i, PathArguments::None, _)) => SLICE_ELEMS.iter().find(|n| i == *n),
        _ => None,
    };
    let Some(&name) = found else {
        return Err(unsupported(ty, " (slices and vectors hold only u8, i8, u16, i16, u32, i32, u64, i64, f32 or f64)"));
    };
    let &(elem, elem_code, _) = SCALARS.iter().find(|s| s.0 == name).expect("slice elements are scalars");
    Ok((elem, elem_code))
}

/// The item of a `Vec` that crosses as an encoded list: `String`, `ExternRef<T>` or `FuncRef`.
fn list_item(elem: &Type) -> Option<Ty> {
    match last_segment(ungroup(elem))? {
        (i, PathArguments::None, _) if i == "String" => Some(Ty::Str { borrowed: false }),
        (i, args, _) if is_host_ref(i, args) => {
            Some(Ty::Ref { owned: ungroup(elem).clone(), borrowed: false })
        }
        _ => None,
    }
}

/// `ExternRef` / `ExternRef<T>`, `FuncRef` / `FuncRef<S>`: references, of one type argument at most.
fn is_host_ref(ident: &syn::Ident, args: &PathArguments) -> bool {
    (ident == "ExternRef" || ident == "FuncRef") && type_args(args).len() <= 1
}

/// `wasm::Clamped<Vec<u8>>`, or as a top-level parameter `wasm::Clamped<&[u8]>`.
fn clamped(ty: &Type, inner: &Type, pos: Pos, nesting: Nesting) -> syn::Result<Ty> {
    let inner = ungroup(inner);
    if let Some((i, args, _)) = last_segment(inner)
        && i == "Vec"
        && matches!(type_args(args).as_slice(), [e] if is_u8(e))
    {
        return Ok(Ty::Clamped { borrowed: false });
    }
    if let Type::Reference(r) = inner
        && r.mutability.is_none()
        && slice_elem(&r.elem).is_some_and(is_u8)
    {
        if pos == Pos::Result || nesting != Nesting::Top {
            return Err(unsupported(ty, " here (`Clamped<&[u8]>` only as a top-level parameter; return a `Clamped<Vec<u8>>`)"));
        }
        return Ok(Ty::Clamped { borrowed: true });
    }
    Err(unsupported(ty, " (`Clamped` holds a `Vec<u8>`, or a `&[u8]` parameter)"))
}

fn is_u8(ty: &Type) -> bool {
    matches!(last_segment(ty), Some((i, PathArguments::None, _)) if i == "u8")
}

fn classify_borrowed(whole: &Type, elem: &Type) -> syn::Result<Ty> {
    match elem {
        Type::Slice(s) if is_u8(&s.elem) => return Ok(Ty::Bytes { borrowed: true }),
        Type::Paren(p) => return classify_borrowed(whole, &p.elem),
        _ => {}
    }
    match last_segment(elem) {
        Some((i, PathArguments::None, _)) if i == "str" => Ok(Ty::Str { borrowed: true }),
        Some((i, args, _)) if is_host_ref(i, args) => {
            Ok(Ty::Ref { owned: elem.clone(), borrowed: true })
        }
        _ => Err(unsupported(whole, "")),
    }
}
