//! The ABI types as `#[wasm::export]` and `#[wasm::import]` see them: which syntax is supported,
//! how each type flattens to core wasm values, and the code that lifts and lowers it.
//!
//! The flattening rules are the ones `crates/wasm/js/wasmrust.mjs` and
//! `wasm::__private::abi` implement (table in `docs/js-host.md`): scalars as themselves,
//! references as one handle, `Option`/`Result` as a tag then their payloads (`Option` of a
//! reference uses handle 0 for `None`), strings and bytes as their length going into wasm and as
//! pointer + length coming out.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{GenericArgument, Ident, Path, PathArguments, Type};

/// Type codes; the same numbers as `wasm::abi::desc::code`.
mod code {
    pub const UNIT: u8 = 0x00;
    pub const OPTION: u8 = 0x16;
    pub const RESULT: u8 = 0x17;
    pub const STRING: u8 = 0x10;
    pub const BYTES: u8 = 0x11;
    pub const STR_BORROWED: u8 = 0x14;
    pub const BYTES_BORROWED: u8 = 0x15;
    pub const SLICE: u8 = 0x18;
    pub const SLICE_MUT: u8 = 0x19;
    pub const SHARED_SLICE: u8 = 0x1a;
    pub const VEC: u8 = 0x1b;
    pub const CLASS_MUT: u8 = 0x1e;
}

pub const SUPPORTED: &str = "integers (u8, u16, u32, u64, usize, i8, i16, i32, i64, isize), f32, \
     f64, bool, char, &str, String, &[u8], Vec<u8>, ExternRef<T>, &ExternRef<T>, FuncRef, \
     &FuncRef, and Option<_> / Result<_, _> of these; in exports also Vec<T> (parameters and \
     results) and, as parameters, &[T], &mut [T] and SharedSlice<T>, of u8, i8, u16, i16, u32, \
     i32, u64, i64, f32, f64";

/// A core wasm value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flat {
    I32,
    I64,
    F32,
    F64,
}

impl Flat {
    /// The Rust type the raw `extern "C"` function uses for this value.
    pub fn rust(self) -> TokenStream {
        match self {
            Flat::I32 => quote!(u32),
            Flat::I64 => quote!(u64),
            Flat::F32 => quote!(f32),
            Flat::F64 => quote!(f64),
        }
    }
}

/// Which way a value crosses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    HostToWasm,
    WasmToHost,
}

/// Where a type appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    Param,
    Result,
}

#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // a few per signature, at compile time
pub enum Ty {
    Unit,
    Scalar { name: &'static str, code: u8, flat: Flat },
    Str { borrowed: bool },
    Bytes { borrowed: bool },
    /// `ExternRef<T>` or `FuncRef`; `owned` is the owned type (the path without `&`).
    Ref { owned: Type, borrowed: bool },
    Option(Box<Ty>),
    Result(Box<Ty>, Box<Ty>),
    /// `&[T]`, `&mut [T]` or `SharedSlice<T>` of a number (not `&[u8]`: that is `Bytes`).
    Slice { elem: &'static str, elem_code: u8, kind: SliceKind },
    /// `Vec<T>` of a number other than `u8` (exports only).
    NumVec { elem: &'static str, elem_code: u8 },
    /// An object of an exported class (`#[wasm::export] impl T`; exports only): two flat values,
    /// the table slot and its generation (`wasm::__private::abi::class_*`).
    Class { ty: Type, kind: ClassKind },
}


/// How a typed slice parameter is passed to the function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceKind {
    /// `&[T]`: read only.
    Shared,
    /// `&mut [T]`: written back to the caller's array.
    Mut,
    /// `wasm::SharedSlice<T>`: written back like `&mut [T]`.
    SharedSlice,
}

const SCALARS: &[(&str, u8, Flat)] = &[
    ("bool", 0x01, Flat::I32),
    ("char", 0x02, Flat::I32),
    ("u8", 0x03, Flat::I32),
    ("i8", 0x04, Flat::I32),
    ("u16", 0x05, Flat::I32),
    ("i16", 0x06, Flat::I32),
    ("u32", 0x07, Flat::I32),
    ("i32", 0x08, Flat::I32),
    ("usize", 0x07, Flat::I32),
    ("isize", 0x08, Flat::I32),
    ("u64", 0x09, Flat::I64),
    ("i64", 0x0a, Flat::I64),
    ("f32", 0x0b, Flat::F32),
    ("f64", 0x0c, Flat::F64),
];

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
fn last_segment(ty: &Type) -> Option<(&Ident, &PathArguments, &Path)> {
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
    Ok(t)
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
        ("Vec", [elem]) if is_u8(elem) => Ok(Ty::Bytes { borrowed: false }),
        ("SharedSlice", [elem]) => typed_slice(ty, elem, SliceKind::SharedSlice, pos, nesting),
        // A `Vec` of exported records, enums or classes: one exported value (`ExportValue`).
        ("Vec", [elem]) if class_like(elem).is_some() => Ok(Ty::Class { ty: ty.clone(), kind: ClassKind::Owned }),
        ("Vec", [elem]) if pos == Pos::Result || nesting == Nesting::Top => {
            let (elem, elem_code) = slice_number(ty, elem)?;
            Ok(Ty::NumVec { elem, elem_code })
        }
        ("ExternRef", [_] | []) | ("FuncRef", []) => {
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

fn ungroup(ty: &Type) -> &Type {
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
        Some((i, args, _)) if (i == "ExternRef" && type_args(args).len() <= 1) || (i == "FuncRef" && matches!(args, PathArguments::None)) => {
            Ok(Ty::Ref { owned: elem.clone(), borrowed: true })
        }
        _ => Err(unsupported(whole, "")),
    }
}

impl Ty {
    /// Whether the value borrows from an anchor the wrapper must keep alive (`&str`, ...).
    pub fn is_borrowed(&self) -> bool {
        match self {
            Ty::Str { borrowed } | Ty::Bytes { borrowed } | Ty::Ref { borrowed, .. } => *borrowed,
            Ty::Option(inner) => inner.is_borrowed(),
            Ty::Slice { .. } => true,
            Ty::Class { kind, .. } => *kind != ClassKind::Owned,
            _ => false,
        }
    }

    /// Whether the host lends references for this parameter: borrowed ones (`&ExternRef`,
    /// `Option<&FuncRef>`) and owned ones, which stay lent unless wasm keeps them.
    pub fn lends_refs(&self) -> bool {
        match self {
            Ty::Ref { .. } => true,
            Ty::Option(inner) => inner.lends_refs(),
            Ty::Result(ok, err) => ok.lends_refs() || err.lends_refs(),
            _ => false,
        }
    }

    /// Whether this is a typed slice (export parameters only).
    pub fn is_typed_slice(&self) -> bool {
        match self {
            Ty::Slice { .. } | Ty::NumVec { .. } => true,
            Ty::Option(inner) => inner.is_typed_slice(),
            Ty::Result(ok, err) => ok.is_typed_slice() || err.is_typed_slice(),
            _ => false,
        }
    }

    /// Whether the parameter's anchor copies back into the caller's array after the call.
    pub fn writes_back(&self) -> bool {
        matches!(self, Ty::Slice { kind: SliceKind::Mut | SliceKind::SharedSlice, .. })
    }

    fn is_ref(&self) -> bool {
        matches!(self, Ty::Ref { .. })
    }

    /// The core wasm values this type flattens to.
    pub fn flat(&self, dir: Dir) -> Vec<Flat> {
        match self {
            Ty::Unit => vec![],
            Ty::Scalar { flat, .. } => vec![*flat],
            Ty::Str { .. } | Ty::Bytes { .. } => match dir {
                Dir::HostToWasm => vec![Flat::I32],
                Dir::WasmToHost => vec![Flat::I32, Flat::I32],
            },
            Ty::Ref { .. } => vec![Flat::I32],
            Ty::Slice { .. } | Ty::NumVec { .. } | Ty::Class { .. } => vec![Flat::I32, Flat::I32],
            Ty::Option(inner) if inner.is_ref() => vec![Flat::I32],
            Ty::Option(inner) => [vec![Flat::I32], inner.flat(dir)].concat(),
            Ty::Result(ok, err) => [vec![Flat::I32], ok.flat(dir), err.flat(dir)].concat(),
        }
    }

    /// The descriptor, as a list of `&[u8]` expressions for the record's `const` parts.
    ///
    /// `lent`: owned references the host only reads (import parameters, lowered by reference).
    pub fn desc(&self, krate: &Path, lent: bool, out: &mut Vec<TokenStream>) {
        let bytes = |b: &[u8]| quote!(&[#(#b),*]);
        match self {
            Ty::Unit => out.push(bytes(&[code::UNIT])),
            Ty::Scalar { code, .. } => out.push(bytes(&[*code])),
            // `&str` / `&[u8]` cross as `String` / `Vec<u8>` do; their own codes let the host
            // name them as written (in type errors and `.d.ts`).
            Ty::Str { borrowed } => out.push(bytes(&[if *borrowed { code::STR_BORROWED } else { code::STRING }])),
            Ty::Bytes { borrowed } => out.push(bytes(&[if *borrowed { code::BYTES_BORROWED } else { code::BYTES }])),
            Ty::Slice { elem_code, kind, .. } => {
                let c = match kind {
                    SliceKind::Shared => code::SLICE,
                    SliceKind::Mut => code::SLICE_MUT,
                    SliceKind::SharedSlice => code::SHARED_SLICE,
                };
                out.push(bytes(&[c, *elem_code]));
            }
            Ty::NumVec { elem_code, .. } => out.push(bytes(&[code::VEC, *elem_code])),
            Ty::Ref { owned, borrowed } => {
                let borrowed = *borrowed || lent;
                out.push(quote! {
                    #krate::__private::abi::desc::Desc::reference(
                        #borrowed, <#owned as #krate::__private::abi::HostRef>::TEST).as_bytes()
                });
            }
            Ty::Class { ty, kind: ClassKind::Owned } => out.push(quote! {
                <#ty as #krate::__private::abi::ExportValue>::DESC.as_bytes()
            }),
            // `&T`: a class's object borrowed, or a record's or enum's copy (the trait says which).
            Ty::Class { ty, kind: ClassKind::Ref } => out.push(quote! {
                <#ty as #krate::__private::abi::ExportRef>::REF_DESC.as_bytes()
            }),
            Ty::Class { ty, kind: ClassKind::Mut } => {
                let c = code::CLASS_MUT;
                out.push(quote! {
                    #krate::__private::abi::desc::Desc::class(
                        #c, <#ty as #krate::__private::abi::ExportClass>::NAME).as_bytes()
                });
            }
            Ty::Option(inner) => {
                out.push(bytes(&[code::OPTION]));
                inner.desc(krate, lent, out);
            }
            Ty::Result(ok, err) => {
                out.push(bytes(&[code::RESULT]));
                ok.desc(krate, lent, out);
                err.desc(krate, lent, out);
            }
        }
    }

    /// Lifts an owned value from flat values coming from the host (`raws` in flattening order).
    pub fn lift(&self, krate: &Path, raws: &mut dyn Iterator<Item = TokenStream>) -> TokenStream {
        let abi = quote!(#krate::__private::abi);
                match self {
            Ty::Unit => quote!(()),
            Ty::Slice { .. } => unreachable!("typed slices are borrowed: lift_borrowed"),
            Ty::NumVec { elem, .. } => {
                let (p, l) = (take(raws), take(raws));
                let t = Ident::new(elem, Span::call_site());
                quote!(#abi::take_slice::<#t>(#p, #l).into_vec())
            }
            Ty::Scalar { name, .. } => {
                let r = take(raws);
                match *name {
                    "bool" => quote!((#r != 0)),
                    "char" => quote!(#abi::char_from_host(#r)),
                    "f32" | "f64" | "u32" | "u64" => r,
                    "isize" => quote!((#r as i32 as isize)),
                    other => {
                        let t = Ident::new(other, Span::call_site());
                        quote!((#r as #t))
                    }
                }
            }
            Ty::Str { .. } => {
                let r = take(raws);
                quote!(#abi::take_string(#r))
            }
            Ty::Bytes { .. } => {
                let r = take(raws);
                quote!(#abi::take_vec(#r))
            }
            Ty::Ref { owned, .. } => {
                let r = take(raws);
                quote!(#abi::ref_from_host::<#owned>(#r))
            }
            Ty::Class { ty, .. } => {
                let (i, g) = (take(raws), take(raws));
                // `__WASMRUST_MEMBER`: the export's name for errors, declared by its raw function.
                quote!(<#ty as #abi::ExportValue>::from_flat(#i, #g, __WASMRUST_MEMBER))
            }
            Ty::Option(inner) => match &**inner {
                Ty::Ref { owned, .. } => {
                    let r = take(raws);
                    quote!(#abi::opt_ref_from_host::<#owned>(#r))
                }
                inner => {
                    let tag = take(raws);
                    let v = inner.lift(krate, raws);
                    quote!(if #tag != 0 { ::core::option::Option::Some(#v) } else { ::core::option::Option::None })
                }
            },
            Ty::Result(ok, err) => {
                let tag = take(raws);
                let ok = ok.lift(krate, raws);
                let err = err.lift(krate, raws);
                quote!(if #tag == 0 { ::core::result::Result::Ok(#ok) } else { ::core::result::Result::Err(#err) })
            }
        }
    }

    /// For a borrowed parameter: an anchor expression that owns the lifted data, and the view
    /// (`&*anchor`, `anchor.as_deref()`) passed to the function.
    pub fn lift_borrowed(
        &self,
        krate: &Path,
        raws: &mut dyn Iterator<Item = TokenStream>,
        anchor: &Ident,
    ) -> (TokenStream, TokenStream) {
        let abi = quote!(#krate::__private::abi);
                match self {
            Ty::Str { .. } => {
                let r = take(raws);
                (quote!(#abi::take_str(#r)), quote!(&*#anchor))
            }
            Ty::Bytes { .. } => {
                let r = take(raws);
                (quote!(#abi::take_bytes(#r)), quote!(&*#anchor))
            }
            Ty::Ref { owned, .. } => {
                let r = take(raws);
                (quote!(#abi::ref_lent::<#owned>(#r)), quote!(&*#anchor))
            }
            Ty::Slice { elem, kind, .. } => {
                let (p, l) = (take(raws), take(raws));
                let t = Ident::new(elem, Span::call_site());
                let view = match kind {
                    SliceKind::Shared => quote!(&*#anchor),
                    SliceKind::Mut => quote!(&mut *#anchor),
                    SliceKind::SharedSlice => quote!(#krate::SharedSlice::from(&mut *#anchor)),
                };
                (quote!(#abi::take_slice::<#t>(#p, #l)), view)
            }
            Ty::Class { ty, kind } => {
                let (i, g) = (take(raws), take(raws));
                let (anchor, view) = borrow_class(&abi, ty, *kind, i, g, anchor);
                (anchor, view)
            }
            Ty::Option(inner) => {
                if let Ty::Class { ty, kind } = &**inner {
                    let (tag, i, g) = (take(raws), take(raws), take(raws));
                    let (lifted, _) = borrow_class(&abi, ty, *kind, i, g, anchor);
                    let view = if *kind == ClassKind::Mut { quote!(#anchor.as_deref_mut()) } else { quote!(#anchor.as_deref()) };
                    return (quote!(if #tag != 0 { ::core::option::Option::Some(#lifted) } else { ::core::option::Option::None }), view);
                }
                let view = quote!(#anchor.as_deref());
                if let Ty::Ref { owned, .. } = &**inner {
                    let r = take(raws);
                    return (quote!(#abi::opt_ref_lent::<#owned>(#r)), view);
                }
                let tag = take(raws);
                let helper = if matches!(**inner, Ty::Str { .. }) { quote!(take_str) } else { quote!(take_bytes) };
                let r = take(raws);
                (quote!(if #tag != 0 { ::core::option::Option::Some(#abi::#helper(#r)) } else { ::core::option::Option::None }), view)
            }
            _ => unreachable!("only borrowed types have anchors"),
        }
    }

    /// Statements that lower `value` into the flat output variables `outs` (declared by the
    /// caller, zero-initialized). `Mode::Keep` consumes `value` (export results: strings move to
    /// the keep slot, references are handed over); `Mode::Lend` reads through a reference the
    /// caller keeps alive for the call (import parameters).
    pub fn lower(&self, krate: &Path, value: TokenStream, mode: Mode, outs: &mut dyn Iterator<Item = Ident>) -> TokenStream {
        let abi = quote!(#krate::__private::abi);
                // In `Lend` mode `value` is a reference: scalars are read through it.
        let scalar = |v: &TokenStream| if mode == Mode::Lend { quote!((*#v)) } else { v.clone() };
        match self {
            Ty::Unit => quote!(let _ = #value;),
            Ty::Slice { .. } => unreachable!("typed slices are export parameters only"),
            Ty::NumVec { .. } => {
                assert!(mode == Mode::Keep, "Vec<T> of numbers are export results only");
                let (p, l) = (take(outs), take(outs));
                quote!(let (__p, __l) = #abi::keep_elems(#value); #p = __p; #l = __l;)
            }
            Ty::Scalar { name, flat, .. } => {
                let o = take(outs);
                let v = scalar(&value);
                match (*name, flat) {
                    ("f32" | "f64" | "u64" | "u32", _) => quote!(#o = #v;),
                    (_, Flat::I64) => quote!(#o = #v as u64;),
                    _ => quote!(#o = #v as u32;),
                }
            }
            Ty::Str { .. } | Ty::Bytes { .. } => {
                let (p, l) = (take(outs), take(outs));
                let parts = match (mode, self) {
                    (Mode::Keep, _) => quote!(#abi::keep(#value)),
                    (Mode::Lend, Ty::Str { .. }) => quote!(#abi::str_parts(#value)),
                    (Mode::Lend, _) => quote!(#abi::bytes_parts(#value)),
                };
                quote!(let (__p, __l) = #parts; #p = __p; #l = __l;)
            }
            Ty::Ref { owned, borrowed } => {
                let o = take(outs);
                match (mode, borrowed) {
                    (Mode::Keep, false) => quote!(#o = #abi::ref_to_host::<#owned>(#value);),
                    _ => quote!(#o = #abi::ref_lend::<#owned>(#value);),
                }
            }
            Ty::Class { ty, .. } => {
                assert!(mode == Mode::Keep, "classes are export results only");
                let (i, g) = (take(outs), take(outs));
                quote!(let (__i, __g) = <#ty as #abi::ExportValue>::into_flat(#value); #i = __i; #g = __g;)
            }
            Ty::Option(inner) => {
                let x = format_ident!("__x");
                if inner.is_ref() {
                    let inner_lower = inner.lower(krate, quote!(#x), mode, outs);
                    return quote!(if let ::core::option::Option::Some(#x) = #value { #inner_lower });
                }
                let tag = take(outs);
                let inner_lower = inner.lower(krate, quote!(#x), mode, outs);
                quote! {
                    if let ::core::option::Option::Some(#x) = #value { #tag = 1; #inner_lower }
                }
            }
            Ty::Result(ok, err) => {
                let tag = take(outs);
                let x = format_ident!("__x");
                let ok_lower = ok.lower(krate, quote!(#x), mode, outs);
                let err_lower = err.lower(krate, quote!(#x), mode, outs);
                quote! {
                    match #value {
                        ::core::result::Result::Ok(#x) => { #ok_lower }
                        ::core::result::Result::Err(#x) => { #tag = 1; #err_lower }
                    }
                }
            }
        }
    }
}

fn take<T>(items: &mut dyn Iterator<Item = T>) -> T {
    items.next().expect("flat count matches the type")
}

/// How [`Ty::lower`] treats the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Keep,
    Lend,
}

/// Reads flat value `k` of kind `flat` from a slot array expression (8 bytes per value).
pub fn read_slot(slots: &Ident, k: usize, flat: Flat) -> TokenStream {
    match flat {
        Flat::I32 => quote!((#slots[#k] as u32)),
        Flat::I64 => quote!(#slots[#k]),
        Flat::F32 => quote!(f32::from_bits(#slots[#k] as u32)),
        Flat::F64 => quote!(f64::from_bits(#slots[#k])),
    }
}

/// The `u64` slot value of a flat output variable.
pub fn to_slot(var: &Ident, flat: Flat) -> TokenStream {
    match flat {
        Flat::I32 => quote!((#var as u64)),
        Flat::I64 => quote!(#var),
        Flat::F32 => quote!((#var.to_bits() as u64)),
        Flat::F64 => quote!(#var.to_bits()),
    }
}

mod record;
mod user;
pub use user::ClassKind;
use user::{borrow_class, class_like, optional_borrow};
pub use record::{doc_text, name_bytes, names_record, param_names, record};

#[cfg(test)]
mod tests;
