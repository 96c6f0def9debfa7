//! The code that moves a [`Ty`] across: lifting flat values from the host into a Rust value
//! (owned, or an anchor and the view passed to the function) and lowering a Rust value to flat
//! values.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, Path};

use super::user::{ClassKind, borrow_class};
use super::{Flat, SliceKind, Ty};

impl Ty {
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
            Ty::Clamped { .. } => {
                let r = take(raws);
                quote!(#krate::Clamped(#abi::take_vec(#r)))
            }
            Ty::List(item) => {
                let (a, _) = (take(raws), take(raws));
                match &**item {
                    Ty::Ref { owned, .. } => quote!(#abi::ref_list_from_host::<#owned>(#a)),
                    _ => quote!(#abi::str_list_from_host(#a)),
                }
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
            Ty::Clamped { .. } => {
                let r = take(raws);
                (quote!(#abi::take_bytes(#r)), quote!(#krate::Clamped(&*#anchor)))
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
            Ty::Clamped { .. } => {
                let (p, l) = (take(outs), take(outs));
                let parts = match mode {
                    Mode::Keep => quote!(#abi::keep(#value.0)),
                    Mode::Lend => quote!(#abi::bytes_parts(&#value.0)),
                };
                quote!(let (__p, __l) = #parts; #p = __p; #l = __l;)
            }
            Ty::List(item) => {
                let (p, l) = (take(outs), take(outs));
                let parts = match (&**item, mode) {
                    (Ty::Ref { owned, .. }, Mode::Keep) => quote!(#abi::ref_list_to_host::<#owned>(#value)),
                    (_, Mode::Keep) => quote!(#abi::str_list_to_host(#value)),
                    // An import's top-level `Vec<String>` parameter (`classify` refuses the others):
                    // the encoding lives in the wrapper's scope, until the call returned.
                    (Ty::Str { .. }, Mode::Lend) => {
                        let buf = format_ident!("{}_buf", p);
                        return quote!(let #buf = #abi::str_list_encode(#value); let (__p, __l) = #abi::bytes_parts(&#buf); #p = __p; #l = __l;);
                    }
                    _ => unreachable!("a Vec of references is an export type only"),
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
