//! Exported records and enums (`#[wasm::export]` on a struct or enum), and every type that may
//! be one of their fields: how they are described to the host and how they cross.
//!
//! A value of an exported type crosses as two flat values, like a class's object: going into
//! wasm, a byte array the host encoded (its announced length, then 0) and going out, pointer and
//! length of the bytes wasm encoded (kept like a returned string). The encoding follows the
//! type's descriptor, which the `wasmrust` section carries, so the JS host needs no other input
//! (docs/classes.md, "Records and enums"): little-endian numbers of their size, `bool` one byte,
//! `char` four, strings and lists a `u32` count then the items, `Option`/`Result` a tag byte
//! then the payload, a record its fields in order, an enum its case index (`u32`), a variant its
//! case index then the case's payload, a class's object its slot and generation, a host
//! reference (`ExternRef<T>`, `FuncRef<S>`) its `u32` handle, owned by the receiving side.

use alloc::string::String;
use alloc::vec::Vec;

use super::class::{ExportClass, class_error, class_new, class_take};
use super::desc::code;
use super::{HostRef, ref_adopt, ref_to_host};
use crate::externref::{ExternRef, FuncRef, HostType, Signature};

/// Capacity of a [`ValueDesc`].
pub const VALUE_DESC_CAPACITY: usize = 2048;

/// Descriptor codes of exported types, after `desc::code`'s.
pub mod value_code {
    #![allow(missing_docs)]
    /// `name count (name type)*`
    pub const RECORD: u8 = 0x1f;
    /// `name count name*`
    pub const ENUM: u8 = 0x20;
    /// `name count (name has:u8 type?)*`
    pub const VARIANT: u8 = 0x21;
    /// `Vec<T>` inside an exported type: `type` (also `desc::code::LIST`).
    pub const LIST: u8 = super::code::LIST;
}

/// The descriptor of an exported type, built at compile time (nested types inline).
#[derive(Clone, Copy)]
pub struct ValueDesc {
    len: usize,
    bytes: [u8; VALUE_DESC_CAPACITY],
}

impl ValueDesc {
    const EMPTY: ValueDesc = ValueDesc { len: 0, bytes: [0; VALUE_DESC_CAPACITY] };

    /// A one-byte descriptor.
    pub const fn code(c: u8) -> ValueDesc {
        ValueDesc::EMPTY.push(c)
    }

    /// Appends a byte.
    pub const fn push(mut self, b: u8) -> ValueDesc {
        if self.len == VALUE_DESC_CAPACITY {
            panic!("wasm: exported type descriptor longer than 2048 bytes (nest fewer types)");
        }
        self.bytes[self.len] = b;
        self.len += 1;
        self
    }

    /// Appends a name: length byte, then UTF-8.
    pub const fn name(mut self, name: &str) -> ValueDesc {
        if name.len() > 255 {
            panic!("wasm: names in exported types are limited to 255 bytes");
        }
        self = self.push(name.len() as u8);
        let b = name.as_bytes();
        let mut i = 0;
        while i < b.len() {
            self = self.push(b[i]);
            i += 1;
        }
        self
    }

    /// Appends another descriptor.
    pub const fn then(self, other: &ValueDesc) -> ValueDesc {
        self.append(other.as_bytes())
    }

    /// Appends bytes (a signature descriptor's, for references).
    const fn append(mut self, bytes: &[u8]) -> ValueDesc {
        let mut i = 0;
        while i < bytes.len() {
            self = self.push(bytes[i]);
            i += 1;
        }
        self
    }

    /// The encoded bytes.
    pub const fn as_bytes(&self) -> &[u8] {
        self.bytes.split_at(self.len).0
    }
}

/// Reads an encoded value; running past the end is a JS `Error` naming `member`.
pub struct Reader<'a> {
    bytes: &'a [u8],
    member: &'a str,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`, for errors about export `member`.
    pub fn new(bytes: &'a [u8], member: &'a str) -> Self {
        Reader { bytes, member }
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        if n > self.bytes.len() {
            self.fail("the encoded value is truncated");
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        head
    }

    /// A `u32` (counts, tags, case indices).
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().expect("4 bytes"))
    }

    /// Refuses the value: a JS `Error`.
    #[cold]
    pub fn fail(&self, why: &str) -> ! {
        class_error(&alloc::format!("{}: {why}", self.member))
    }
}

/// A type that may be part of an exported signature through its descriptor: exported records,
/// enums and classes, and the types their fields may have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary: it is not an exported type",
    label = "not an exported type",
    note = "export it: `#[wasm::export]` on a struct with named fields (a record) or an enum, or on an `impl {Self}` block (a class)"
)]
pub trait ExportValue: Sized {
    /// What the host reads to convert the value.
    const DESC: ValueDesc;
    /// Decodes a value.
    fn read(r: &mut Reader<'_>) -> Self;
    /// Encodes the value.
    fn write(self, out: &mut Vec<u8>);
    /// A top-level parameter's two flat values: the host's encoded bytes (length, 0).
    fn from_flat(a: u32, _b: u32, member: &str) -> Self {
        let bytes = super::take_vec(a);
        let mut r = Reader::new(&bytes, member);
        let v = Self::read(&mut r);
        if !r.bytes.is_empty() {
            r.fail("the encoded value has trailing bytes");
        }
        v
    }
    /// A top-level result's two flat values: pointer and length of the encoded bytes.
    fn into_flat(self) -> (u32, u32) {
        let mut out = Vec::new();
        self.write(&mut out);
        super::keep(out)
    }
}

macro_rules! numbers {
    ($($t:ty => $code:ident),*) => {$(
        impl ExportValue for $t {
            const DESC: ValueDesc = ValueDesc::code(code::$code);
            fn read(r: &mut Reader<'_>) -> Self {
                <$t>::from_le_bytes(r.take(size_of::<$t>()).try_into().expect("sized"))
            }
            fn write(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
        }
    )*};
}
numbers!(u8 => U8, i8 => I8, u16 => U16, i16 => I16, u32 => U32, i32 => I32, u64 => U64, i64 => I64, f32 => F32, f64 => F64);

// `usize` / `isize` cross as `u32` / `i32`, wasm32's pointer width, as they do as parameters
// (WIT `u32` / `s32` in a component). Off wasm32 a value too wide for that is refused.
macro_rules! pointer_sized {
    ($($t:ty => $as:ty),*) => {$(
        impl ExportValue for $t {
            const DESC: ValueDesc = <$as as ExportValue>::DESC;
            fn read(r: &mut Reader<'_>) -> Self {
                <$as>::read(r) as $t
            }
            fn write(self, out: &mut Vec<u8>) {
                let v = <$as>::try_from(self).unwrap_or_else(|_| class_error(concat!("a ", stringify!($t), " wider than ", stringify!($as))));
                v.write(out);
            }
        }
    )*};
}
pointer_sized!(usize => u32, isize => i32);

impl ExportValue for bool {
    const DESC: ValueDesc = ValueDesc::code(code::BOOL);
    fn read(r: &mut Reader<'_>) -> Self {
        r.take(1)[0] != 0
    }
    fn write(self, out: &mut Vec<u8>) {
        out.push(self as u8);
    }
}

impl ExportValue for char {
    const DESC: ValueDesc = ValueDesc::code(code::CHAR);
    fn read(r: &mut Reader<'_>) -> Self {
        char::from_u32(r.u32()).unwrap_or_else(|| r.fail("not a Unicode scalar value"))
    }
    fn write(self, out: &mut Vec<u8>) {
        (self as u32).write(out);
    }
}

impl ExportValue for String {
    const DESC: ValueDesc = ValueDesc::code(code::STRING);
    fn read(r: &mut Reader<'_>) -> Self {
        let n = r.u32() as usize;
        let bytes = r.take(n);
        match core::str::from_utf8(bytes) {
            Ok(s) => String::from(s),
            Err(_) => r.fail("a string is not UTF-8"),
        }
    }
    fn write(self, out: &mut Vec<u8>) {
        (self.len() as u32).write(out);
        out.extend_from_slice(self.as_bytes());
    }
}

impl<T: ExportValue> ExportValue for Vec<T> {
    const DESC: ValueDesc = ValueDesc::code(value_code::LIST).then(&T::DESC);
    fn read(r: &mut Reader<'_>) -> Self {
        let n = r.u32() as usize;
        // Bounded by the bytes left (every item is at least one byte), so a forged count cannot
        // reserve more than the buffer.
        let mut v = Vec::with_capacity(n.min(r.bytes.len()).min(1024));
        for _ in 0..n {
            v.push(T::read(r));
        }
        v
    }
    fn write(self, out: &mut Vec<u8>) {
        (self.len() as u32).write(out);
        for x in self {
            x.write(out);
        }
    }
}

impl<T: ExportValue> ExportValue for Option<T> {
    const DESC: ValueDesc = ValueDesc::code(code::OPTION).then(&T::DESC);
    fn read(r: &mut Reader<'_>) -> Self {
        (r.take(1)[0] != 0).then(|| T::read(r))
    }
    fn write(self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(x) => {
                out.push(1);
                x.write(out);
            }
        }
    }
}

impl<T: ExportValue, E: ExportValue> ExportValue for Result<T, E> {
    const DESC: ValueDesc = ValueDesc::code(code::RESULT).then(&T::DESC).then(&E::DESC);
    fn read(r: &mut Reader<'_>) -> Self {
        if r.take(1)[0] == 0 { Ok(T::read(r)) } else { Err(E::read(r)) }
    }
    fn write(self, out: &mut Vec<u8>) {
        match self {
            Ok(x) => {
                out.push(0);
                x.write(out);
            }
            Err(e) => {
                out.push(1);
                e.write(out);
            }
        }
    }
}

// A host reference inside an exported type: its handle. Going out, handed to the host (which
// takes it); coming in, owned by wasm (`ref_adopt`), so a record keeps its references for as
// long as it lives, past the call, and dropping it releases them.
macro_rules! host_refs {
    ($($t:ident<$p:ident: $bound:ident>),*) => {$(
        impl<$p: $bound> ExportValue for $t<$p> {
            const DESC: ValueDesc = ValueDesc::EMPTY.append(<Self as HostRef>::DESC_OWNED.as_bytes());
            fn read(r: &mut Reader<'_>) -> Self {
                ref_adopt(r.u32())
            }
            fn write(self, out: &mut Vec<u8>) {
                ref_to_host(self).write(out);
            }
        }
    )*};
}
host_refs!(ExternRef<T: HostType>, FuncRef<S: Signature>);

/// An exported class's object inside an exported type (and at the top level: its two flat
/// values are the handle itself); what `#[wasm::export] impl` implements `ExportValue` with.
pub const fn class_desc<T: ExportClass>() -> ValueDesc {
    ValueDesc::code(code::CLASS).name(T::NAME)
}

/// `ExportValue::read` of a class's object: slot and generation, moved into wasm.
pub fn class_read<T: ExportClass>(r: &mut Reader<'_>) -> T {
    let (index, generation) = (r.u32(), r.u32());
    class_take::<T>(index, generation, r.member)
}

/// `ExportValue::write` of a class's object: a new JS object.
pub fn class_write<T: ExportClass>(value: T, out: &mut Vec<u8>) {
    let (index, generation) = class_new(value);
    index.write(out);
    generation.write(out);
}

/// A `&T` parameter of an export, for `T` an exported record, enum or class: what JS passes is
/// `T`'s (a copied value, or a borrowed object), and the function gets `&T` through `Anchor`.
/// The `#[wasm::export]` on the type implements it.
#[diagnostic::on_unimplemented(
    message = "`&{Self}` cannot cross the wasm boundary: `{Self}` is not an exported type",
    label = "not an exported type",
    note = "export it: `#[wasm::export]` on a struct with named fields (a record) or an enum, or on an `impl {Self}` block (a class)"
)]
pub trait ExportRef: Sized {
    /// What keeps the value alive for the call.
    type Anchor: core::ops::Deref<Target = Self>;
    /// What the host reads to pass `&Self`.
    const REF_DESC: ValueDesc;
    /// A top-level `&Self` parameter's two flat values.
    fn lift_ref(a: u32, b: u32, member: &'static str) -> Self::Anchor;
}

/// A record or enum passed as `&T`: the copy JS sent, owned for the call.
pub struct Copied<T>(pub T);

impl<T> core::ops::Deref for Copied<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// `ExportRef::REF_DESC` of a class: the object, borrowed (`desc::code::CLASS_REF`).
pub const fn class_ref_desc<T: ExportClass>() -> ValueDesc {
    ValueDesc::code(code::CLASS_REF).name(T::NAME)
}

// ---- `Vec<String>`, `Vec<ExternRef<T>>`, `Vec<FuncRef>` at the top of an export's signature:
// two flat values like an exported type (in: the host's encoded bytes, length then 0; out:
// pointer and length of ours). The encoding is the list's: a `u32` count, then each string as a
// `u32` length and UTF-8, each reference as its `u32` handle (an export parameter's lent for the
// call, like a lone `ExternRef<T>` parameter's; a result's handed to the host).

/// A `Vec<String>` parameter from the host's encoded bytes of announced length `len`.
pub fn str_list_from_host(len: u32) -> Vec<String> {
    Vec::<String>::from_flat(len, 0, "a Vec<String> argument")
}

/// A `Vec<String>` result: its encoding, kept for the host like a returned string.
pub fn str_list_to_host(v: Vec<String>) -> (u32, u32) {
    v.into_flat()
}

/// The encoding of an import's `Vec<String>` parameter (read by the host during the call).
pub fn str_list_encode(v: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + v.iter().map(|s| 4 + s.len()).sum::<usize>());
    (v.len() as u32).write(&mut out);
    for s in v {
        (s.len() as u32).write(&mut out);
        out.extend_from_slice(s.as_bytes());
    }
    out
}

/// A `Vec<ExternRef<T>>` / `Vec<FuncRef>` parameter from the host's encoded handles.
pub fn ref_list_from_host<R: super::HostRef>(len: u32) -> Vec<R> {
    let bytes = super::take_vec(len);
    let mut r = Reader::new(&bytes, "a Vec of references argument");
    let n = r.u32() as usize;
    if n.checked_mul(4) != Some(r.bytes.len()) {
        r.fail("the encoded list has the wrong length");
    }
    (0..n).map(|_| super::ref_from_host::<R>(r.u32())).collect()
}

/// A `Vec<ExternRef<T>>` / `Vec<FuncRef>` result: a count, then the handles handed to the host.
pub fn ref_list_to_host<R: super::HostRef>(v: Vec<R>) -> (u32, u32) {
    let mut out = Vec::with_capacity(4 + 4 * v.len());
    (v.len() as u32).write(&mut out);
    for x in v {
        super::ref_to_host(x).write(&mut out);
    }
    super::keep(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::desc::Desc;
    use crate::externref::{Any, TypeTest};

    #[test]
    fn reference_fields_are_described_as_owned_references() {
        let any = Desc::reference(false, TypeTest::Any);
        assert_eq!(<ExternRef<Any> as ExportValue>::DESC.as_bytes(), any.as_bytes());
        let func = Desc::reference(false, TypeTest::TypeOf("function"));
        let opt = <Option<FuncRef> as ExportValue>::DESC;
        assert_eq!(opt.as_bytes()[0], code::OPTION);
        assert_eq!(&opt.as_bytes()[1..], func.as_bytes());
        let typed = <FuncRef<fn(u32) -> bool> as ExportValue>::DESC;
        assert_eq!(typed.as_bytes(), &[code::FUNC, 1, code::U32, code::BOOL]);
    }
}
