//! The ABI types as `#[wasm::export]` and `#[wasm::import]` see them: which syntax is supported,
//! how each type flattens to core wasm values, and the code that lifts and lowers it.
//!
//! The flattening rules are the ones `crates/wasm/js/wasmrust.mjs` and
//! `wasm::__private::abi` implement (table in `docs/js-host.md`): scalars as themselves,
//! references as one handle, `Option`/`Result` as a tag then their payloads (`Option` of a
//! reference uses handle 0 for `None`), strings and bytes as their length going into wasm and as
//! pointer + length coming out.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Path, Type};

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
    pub const CLASS: u8 = 0x1c;
    pub const CLASS_REF: u8 = 0x1d;
    pub const CLASS_MUT: u8 = 0x1e;
    pub const LIST: u8 = 0x22;
    pub const CLAMPED: u8 = 0x23;
    pub const CLAMPED_BORROWED: u8 = 0x24;
}

pub const SUPPORTED: &str = "integers (u8, u16, u32, u64, usize, i8, i16, i32, i64, isize), f32, \
     f64, bool, char, &str, String, &[u8], Vec<u8>, Vec<String>, ExternRef<T>, &ExternRef<T>, \
     FuncRef, &FuncRef, wasm::Clamped<Vec<u8>>, and Option<_> / Result<_, _> of these; in exports \
     also types marked #[wasm::export] (records, enums, variants, flags, classes; &T and &mut T \
     of a class as parameters) and Vec<_> of them, Vec<ExternRef<T>>, Vec<FuncRef>, \
     Clamped<&[u8]> as a parameter, Vec<T> (parameters and results) and, as parameters, &[T], \
     &mut [T] and SharedSlice<T>, of u8, i8, u16, i16, u32, i32, u64, i64, f32, f64";

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
    /// `ExternRef<T>` or `FuncRef` / `FuncRef<S>`; `owned` is the owned type (the path without `&`).
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
    /// `Vec<String>`, `Vec<ExternRef<T>>` or `Vec<FuncRef>` (the last two exports only): two flat values, the
    /// encoded items (`wasm::__private::abi::{str_list_*, ref_list_*}`); `item` is `Str` or `Ref`.
    List(Box<Ty>),
    /// `Clamped<Vec<u8>>` / `Clamped<&[u8]>`: crosses as `Vec<u8>` / `&[u8]` do; JS sees a
    /// `Uint8ClampedArray`.
    Clamped { borrowed: bool },
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

impl Ty {
    /// Whether the value borrows from an anchor the wrapper must keep alive (`&str`, ...).
    pub fn is_borrowed(&self) -> bool {
        match self {
            Ty::Str { borrowed } | Ty::Bytes { borrowed } | Ty::Ref { borrowed, .. } | Ty::Clamped { borrowed } => *borrowed,
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
            Ty::Option(inner) | Ty::List(inner) => inner.lends_refs(),
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

    pub(crate) fn is_ref(&self) -> bool {
        matches!(self, Ty::Ref { .. })
    }

    /// The core wasm values this type flattens to.
    pub fn flat(&self, dir: Dir) -> Vec<Flat> {
        match self {
            Ty::Unit => vec![],
            Ty::Scalar { flat, .. } => vec![*flat],
            Ty::Str { .. } | Ty::Bytes { .. } | Ty::Clamped { .. } => match dir {
                Dir::HostToWasm => vec![Flat::I32],
                Dir::WasmToHost => vec![Flat::I32, Flat::I32],
            },
            Ty::Ref { .. } => vec![Flat::I32],
            Ty::Slice { .. } | Ty::NumVec { .. } | Ty::Class { .. } | Ty::List(_) => vec![Flat::I32, Flat::I32],
            Ty::Option(inner) if inner.is_ref() => vec![Flat::I32],
            Ty::Option(inner) => [vec![Flat::I32], inner.flat(dir)].concat(),
            Ty::Result(ok, err) => [vec![Flat::I32], ok.flat(dir), err.flat(dir)].concat(),
        }
    }

    /// The descriptor in a class record (formats 3, 4) of class `self_ty`: the class itself as its
    /// code and an empty name (the record's class), anything else as [`Ty::desc`] writes it.
    pub fn member_desc(&self, krate: &Path, self_ty: &Type, out: &mut Vec<TokenStream>) {
        match self {
            Ty::Class { ty, kind } if ty == self_ty => {
                let c = kind.code();
                out.push(quote!(&[#c, 0]));
            }
            _ => self.desc(krate, false, out),
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
                // The trait's: a typed `FuncRef<S>` adds its signature.
                let desc = if *borrowed || lent { quote!(DESC_BORROWED) } else { quote!(DESC_OWNED) };
                out.push(quote! {
                    <#owned as #krate::__private::abi::HostRef>::#desc.as_bytes()
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
                let c = ClassKind::Mut.code();
                out.push(quote! {
                    #krate::__private::abi::desc::Desc::class(
                        #c, <#ty as #krate::__private::abi::ExportClass>::NAME).as_bytes()
                });
            }
            Ty::List(item) => {
                out.push(bytes(&[code::LIST]));
                item.desc(krate, lent, out);
            }
            Ty::Clamped { borrowed } => out.push(bytes(&[if *borrowed { code::CLAMPED_BORROWED } else { code::CLAMPED }])),
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
}

mod classify;
mod convert;
mod record;
mod user;
pub use classify::{classify, classify_export, component_only};
use classify::{last_segment, ungroup};
pub use convert::{Mode, read_slot, to_slot};
pub use record::{doc_text, name_bytes, names_record, param_names, record};
pub use user::ClassKind;

#[cfg(test)]
mod tests;
