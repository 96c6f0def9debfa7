//! The ABI types as traits, for calls whose signature is a Rust type rather than syntax:
//! [`FuncRef::call`](crate::FuncRef::call). Values are flattened into 8-byte memory slots with
//! the same rules as the parameters the macros generate, and the signature travels as a
//! [`Desc`] the host reads from linear memory.

use alloc::string::String;
use alloc::vec::Vec;

use super::desc::{Desc, code};
use super::{HostRef, char_from_host, take_string, take_vec};
use crate::externref::{ExternRef, FuncRef, HostType, Signature};

/// Writes flat values into slots (8 bytes each, values in the low bytes, little-endian).
pub struct SlotWriter<'a> {
    slots: &'a mut [u64],
    at: usize,
    keep: &'a mut Vec<Vec<u8>>,
}

impl<'a> SlotWriter<'a> {
    /// A writer at the first slot; owned strings are kept alive in `keep` for the call.
    pub fn new(slots: &'a mut [u64], keep: &'a mut Vec<Vec<u8>>) -> Self {
        SlotWriter { slots, at: 0, keep }
    }
    /// An `i32` value.
    pub fn i32(&mut self, v: u32) {
        self.i64(v as u64);
    }
    /// An `i64` value.
    pub fn i64(&mut self, v: u64) {
        self.slots[self.at] = v;
        self.at += 1;
    }
    /// An `f32` value.
    pub fn f32(&mut self, v: f32) {
        self.i32(v.to_bits());
    }
    /// An `f64` value.
    pub fn f64(&mut self, v: f64) {
        self.i64(v.to_bits());
    }
    /// Leaves `n` slots zero (the payload of an absent `Option`/`Result` case).
    pub fn skip(&mut self, n: usize) {
        self.at += n;
    }
    /// Pointer and length of bytes the host reads during the call.
    pub fn bytes(&mut self, bytes: &[u8]) {
        let (ptr, len) = super::bytes_parts(bytes);
        self.i32(ptr);
        self.i32(len);
    }
    /// Like [`bytes`](Self::bytes), keeping the buffer alive until the call returns.
    pub fn owned_bytes(&mut self, bytes: Vec<u8>) {
        self.bytes(&bytes);
        self.keep.push(bytes);
    }
}

/// Reads flat values from slots the host wrote.
pub struct SlotReader<'a> {
    slots: &'a [u64],
    at: usize,
}

impl<'a> SlotReader<'a> {
    /// A reader at the first slot.
    pub fn new(slots: &'a [u64]) -> Self {
        SlotReader { slots, at: 0 }
    }
    /// The next value as `i32`.
    pub fn i32(&mut self) -> u32 {
        self.i64() as u32
    }
    /// The next value as `i64`.
    pub fn i64(&mut self) -> u64 {
        let v = self.slots[self.at];
        self.at += 1;
        v
    }
    /// The next value as `f32`.
    pub fn f32(&mut self) -> f32 {
        f32::from_bits(self.i32())
    }
    /// The next value as `f64`.
    pub fn f64(&mut self) -> f64 {
        f64::from_bits(self.i64())
    }
    /// The next value without consuming it.
    pub fn peek(&self) -> u64 {
        self.slots[self.at]
    }
    /// Skips `n` values.
    pub fn skip(&mut self, n: usize) {
        self.at += n;
    }
}

/// A value wasm passes to the host (a [`FuncRef`] argument).
///
/// # Safety
/// `DESC` and `FLAT` must describe exactly the values `write` writes: the host decodes by `DESC`.
/// `NICHE` only for types that write one non-zero `i32`.
pub unsafe trait ToHost {
    /// The type descriptor.
    const DESC: Desc;
    /// Number of flat values.
    const FLAT: usize;
    /// Whether `Option<Self>` can use 0 for `None`.
    const NICHE: bool = false;
    /// Whether every flat value is an `i32` (a closure returning it can take the typed path).
    const FLAT_I32: bool = false;
    /// Writes the flat values.
    fn write(self, w: &mut SlotWriter<'_>);
}

/// A value the host passes to wasm (a [`FuncRef`] result).
///
/// # Safety
/// `DESC` and `FLAT` must describe exactly the values `read` reads: the host writes `FLAT` slots
/// by `DESC` into a buffer sized by `FLAT`. `NICHE` as for [`ToHost`].
pub unsafe trait FromHostValue: Sized {
    /// The type descriptor.
    const DESC: Desc;
    /// Number of flat values.
    const FLAT: usize;
    /// Whether `Option<Self>` can use 0 for `None`.
    const NICHE: bool = false;
    /// Whether every flat value is an `i32` (a closure taking it can take the typed path).
    const FLAT_I32: bool = false;
    /// Reads the flat values.
    fn read(r: &mut SlotReader<'_>) -> Self;
}

macro_rules! scalar {
    ($($t:ty => $code:ident, $w:ident, $to:expr, $from:expr;)*) => {$(
        // SAFETY: one flat value of the kind `$code` denotes.
        unsafe impl ToHost for $t {
            const DESC: Desc = Desc::code(code::$code);
            const FLAT: usize = 1;
            const FLAT_I32: bool = is_i32(code::$code);
            #[allow(clippy::redundant_closure_call)]
            fn write(self, w: &mut SlotWriter<'_>) {
                w.$w(($to)(self));
            }
        }
        // SAFETY: as above.
        unsafe impl FromHostValue for $t {
            const DESC: Desc = Desc::code(code::$code);
            const FLAT: usize = 1;
            const FLAT_I32: bool = is_i32(code::$code);
            #[allow(clippy::redundant_closure_call)]
            fn read(r: &mut SlotReader<'_>) -> Self {
                ($from)(r.$w())
            }
        }
    )*};
}

/// Whether a scalar's one flat value is an `i32`.
const fn is_i32(c: u8) -> bool {
    !matches!(c, code::U64 | code::I64 | code::F32 | code::F64)
}

scalar! {
    bool => BOOL, i32, |v: bool| v as u32, |v: u32| v != 0;
    char => CHAR, i32, |v: char| v as u32, char_from_host;
    u8 => U8, i32, |v: u8| v as u32, |v: u32| v as u8;
    i8 => I8, i32, |v: i8| v as u32, |v: u32| v as i8;
    u16 => U16, i32, |v: u16| v as u32, |v: u32| v as u16;
    i16 => I16, i32, |v: i16| v as u32, |v: u32| v as i16;
    u32 => U32, i32, |v: u32| v, |v: u32| v;
    i32 => I32, i32, |v: i32| v as u32, |v: u32| v as i32;
    usize => U32, i32, |v: usize| v as u32, |v: u32| v as usize;
    isize => I32, i32, |v: isize| v as u32, |v: u32| v as i32 as isize;
    u64 => U64, i64, |v: u64| v, |v: u64| v;
    i64 => I64, i64, |v: i64| v as u64, |v: u64| v as i64;
    f32 => F32, f32, |v: f32| v, |v: f32| v;
    f64 => F64, f64, |v: f64| v, |v: f64| v;
}

// SAFETY: no values.
unsafe impl ToHost for () {
    const DESC: Desc = Desc::code(code::UNIT);
    const FLAT: usize = 0;
    const FLAT_I32: bool = true;
    fn write(self, _: &mut SlotWriter<'_>) {}
}

// SAFETY: no values.
unsafe impl FromHostValue for () {
    const DESC: Desc = Desc::code(code::UNIT);
    const FLAT: usize = 0;
    const FLAT_I32: bool = true;
    fn read(_: &mut SlotReader<'_>) -> Self {}
}

// SAFETY: pointer and length (two i32), as `STRING` wasm -> host denotes.
unsafe impl ToHost for &str {
    const DESC: Desc = Desc::code(code::STRING);
    const FLAT: usize = 2;
    fn write(self, w: &mut SlotWriter<'_>) {
        w.bytes(self.as_bytes());
    }
}

// SAFETY: as for `&str`.
unsafe impl ToHost for String {
    const DESC: Desc = Desc::code(code::STRING);
    const FLAT: usize = 2;
    fn write(self, w: &mut SlotWriter<'_>) {
        w.owned_bytes(self.into_bytes());
    }
}

// SAFETY: pointer and length, as `BYTES` wasm -> host denotes.
unsafe impl ToHost for &[u8] {
    const DESC: Desc = Desc::code(code::BYTES);
    const FLAT: usize = 2;
    fn write(self, w: &mut SlotWriter<'_>) {
        w.bytes(self);
    }
}

// SAFETY: as for `&[u8]`.
unsafe impl ToHost for Vec<u8> {
    const DESC: Desc = Desc::code(code::BYTES);
    const FLAT: usize = 2;
    fn write(self, w: &mut SlotWriter<'_>) {
        w.owned_bytes(self);
    }
}

// SAFETY: one i32, the UTF-16 length; the string itself is queued by the host (`STRING` host
// -> wasm).
unsafe impl FromHostValue for String {
    const DESC: Desc = Desc::code(code::STRING);
    const FLAT: usize = 1;
    const FLAT_I32: bool = true;
    fn read(r: &mut SlotReader<'_>) -> Self {
        take_string(r.i32())
    }
}

// SAFETY: one i32, the byte length (`BYTES` host -> wasm).
unsafe impl FromHostValue for Vec<u8> {
    const DESC: Desc = Desc::code(code::BYTES);
    const FLAT: usize = 1;
    const FLAT_I32: bool = true;
    fn read(r: &mut SlotReader<'_>) -> Self {
        take_vec(r.i32())
    }
}

macro_rules! references {
    ($($owned:ty, $borrowed:ty, [$($g:tt)*];)*) => {$(
        // SAFETY: one non-zero i32 handle the host takes over (`REF_OWNED`).
        unsafe impl<$($g)*> ToHost for $owned {
            const DESC: Desc = <$owned as HostRef>::DESC_OWNED;
            const FLAT: usize = 1;
            const NICHE: bool = true;
            const FLAT_I32: bool = true;
            fn write(self, w: &mut SlotWriter<'_>) {
                w.i32(super::ref_to_host(self));
            }
        }
        // SAFETY: one non-zero i32 handle the host only reads (`REF_BORROWED`).
        unsafe impl<$($g)*> ToHost for &$borrowed {
            const DESC: Desc = <$owned as HostRef>::DESC_BORROWED;
            const FLAT: usize = 1;
            const NICHE: bool = true;
            const FLAT_I32: bool = true;
            fn write(self, w: &mut SlotWriter<'_>) {
                w.i32(super::ref_lend(self));
            }
        }
        // SAFETY: one non-zero i32 handle the host inserted for us (`REF_OWNED`).
        unsafe impl<$($g)*> FromHostValue for $owned {
            const DESC: Desc = <$owned as HostRef>::DESC_OWNED;
            const FLAT: usize = 1;
            const NICHE: bool = true;
            const FLAT_I32: bool = true;
            fn read(r: &mut SlotReader<'_>) -> Self {
                super::ref_from_host(r.i32())
            }
        }
    )*};
}

references! {
    ExternRef<T>, ExternRef<T>, [T: HostType];
    FuncRef<S>, FuncRef<S>, [S: Signature];
}

// SAFETY: a tag then `T`'s values (zero when absent), or `T`'s single non-zero value alone when
// `T::NICHE`, as `OPTION` denotes.
unsafe impl<T: ToHost> ToHost for Option<T> {
    const DESC: Desc = Desc::code(code::OPTION).then(T::DESC);
    const FLAT: usize = if T::NICHE { 1 } else { 1 + T::FLAT };
    const FLAT_I32: bool = T::FLAT_I32;
    fn write(self, w: &mut SlotWriter<'_>) {
        match (self, T::NICHE) {
            (Some(v), true) => v.write(w),
            (None, true) => w.i32(0),
            (Some(v), false) => {
                w.i32(1);
                v.write(w);
            }
            (None, false) => {
                w.i32(0);
                w.skip(T::FLAT);
            }
        }
    }
}

// SAFETY: as for `ToHost`.
unsafe impl<T: FromHostValue> FromHostValue for Option<T> {
    const DESC: Desc = Desc::code(code::OPTION).then(T::DESC);
    const FLAT: usize = if T::NICHE { 1 } else { 1 + T::FLAT };
    const FLAT_I32: bool = T::FLAT_I32;
    fn read(r: &mut SlotReader<'_>) -> Self {
        if T::NICHE {
            if r.peek() == 0 {
                r.skip(1);
                return None;
            }
            return Some(T::read(r));
        }
        if r.i32() == 0 {
            r.skip(T::FLAT);
            None
        } else {
            Some(T::read(r))
        }
    }
}

// SAFETY: a tag (0 = Ok), `T`'s values, then `E`'s values; the absent case's values are zero.
unsafe impl<T: ToHost, E: ToHost> ToHost for Result<T, E> {
    const DESC: Desc = Desc::code(code::RESULT).then(T::DESC).then(E::DESC);
    const FLAT: usize = 1 + T::FLAT + E::FLAT;
    const FLAT_I32: bool = T::FLAT_I32 && E::FLAT_I32;
    fn write(self, w: &mut SlotWriter<'_>) {
        match self {
            Ok(v) => {
                w.i32(0);
                v.write(w);
                w.skip(E::FLAT);
            }
            Err(e) => {
                w.i32(1);
                w.skip(T::FLAT);
                e.write(w);
            }
        }
    }
}

// SAFETY: as for `ToHost`.
unsafe impl<T: FromHostValue, E: FromHostValue> FromHostValue for Result<T, E> {
    const DESC: Desc = Desc::code(code::RESULT).then(T::DESC).then(E::DESC);
    const FLAT: usize = 1 + T::FLAT + E::FLAT;
    const FLAT_I32: bool = T::FLAT_I32 && E::FLAT_I32;
    fn read(r: &mut SlotReader<'_>) -> Self {
        if r.i32() == 0 {
            let v = T::read(r);
            r.skip(E::FLAT);
            Ok(v)
        } else {
            r.skip(T::FLAT);
            Err(E::read(r))
        }
    }
}

/// The argument tuple of a [`FuncRef::call`]: `()`, `(a,)`, `(a, b)`, ... up to 8 values.
///
/// # Safety
/// As for [`ToHost`]: `DESC` (the count, then each type) and `FLAT` describe what `write` writes.
pub unsafe trait HostArgs {
    /// Number of arguments.
    const COUNT: u8;
    /// The argument types, concatenated.
    const DESC: Desc;
    /// Number of flat values.
    const FLAT: usize;
    /// Writes every argument.
    fn write(self, w: &mut SlotWriter<'_>);
}

/// Calls macro `$m` with every tuple arity the boundary takes (0 to 8 elements, each as
/// `Type index`): the one list [`HostArgs`] and the closures' `Params` are made from.
macro_rules! tuple_arities {
    ($m:ident) => {
        $m! {
            0: ();
            1: (A0 0);
            2: (A0 0, A1 1);
            3: (A0 0, A1 1, A2 2);
            4: (A0 0, A1 1, A2 2, A3 3);
            5: (A0 0, A1 1, A2 2, A3 3, A4 4);
            6: (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5);
            7: (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6);
            8: (A0 0, A1 1, A2 2, A3 3, A4 4, A5 5, A6 6, A7 7);
        }
    };
}
pub(crate) use tuple_arities;

macro_rules! args {
    ($($n:literal: ($($t:ident $i:tt),*);)*) => {$(
        // SAFETY: each element in order, as its own `ToHost` impl describes.
        unsafe impl<$($t: ToHost),*> HostArgs for ($($t,)*) {
            const COUNT: u8 = $n;
            const DESC: Desc = Desc::EMPTY$(.then($t::DESC))*;
            const FLAT: usize = 0 $(+ $t::FLAT)*;
            #[allow(unused_variables)]
            fn write(self, w: &mut SlotWriter<'_>) {
                $(self.$i.write(w);)*
            }
        }
    )*};
}

tuple_arities!(args);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_and_flat_counts() {
        type R = Result<Option<String>, ExternRef>;
        assert_eq!(
            <R as FromHostValue>::DESC.as_bytes(),
            &[0x17, 0x16, 0x10, 0x12, 0]
        );
        assert_eq!(<R as FromHostValue>::FLAT, 1 + 2 + 1);
        assert_eq!(
            <Option<FuncRef> as ToHost>::FLAT,
            1,
            "handles use the zero niche"
        );
        assert_eq!(<(u32, &str, Option<u64>) as HostArgs>::FLAT, 1 + 2 + 2);
        assert_eq!(
            <(u32, &str) as HostArgs>::DESC.as_bytes(),
            &[code::U32, code::STRING]
        );
    }

    #[test]
    fn values_round_trip_through_slots() {
        let mut slots = [0u64; 8];
        let mut keep = Vec::new();
        let mut w = SlotWriter::new(&mut slots, &mut keep);
        (Some(-3i16), Err::<u8, f64>(1.5), 'é').write(&mut w);
        let mut r = SlotReader::new(&slots);
        assert_eq!(Option::<i16>::read(&mut r), Some(-3));
        assert_eq!(Result::<u8, f64>::read(&mut r), Err(1.5));
        assert_eq!(char::read(&mut r), 'é');
    }
}
