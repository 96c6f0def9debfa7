//! Type descriptors: how a signature is written down for the JS host.
//!
//! `#[wasm::export]` and `#[wasm::import]` record each function's signature in the `wasmrust`
//! custom section; `FuncRef::call` passes its signature by address. `crates/wasm/js/wasmrust.mjs`
//! reads both and builds typed wrappers. The byte format (documented in `docs/js-host.md`) is
//! versioned by [`FORMAT_VERSION`]; the JS module refuses records of a version it does not know
//! with an error that names both versions.

use crate::externref::TypeTest;

/// Version of the record format; bumped only on an incompatible change. Format 4 (this one): as
/// format 3, but a class member's raw export is `{class}.{function}` (format 3:
/// `__wasmrust:{class}.{function}`) and a constructor may be fallible ([`role::FALLIBLE_CONSTRUCTOR`]).
/// Format 3: an exported class is one [`RECORD_CLASS`] (its name once, its members inside, `free` implied);
/// format 2 wrote a [`RECORD_MEMBER`] per member, naming the raw export by the Rust function's
/// name alone where it is not the member's; format 1, the whole raw export name. The JS readers
/// read format 4 only (1 to 3 were never released; they are refused by version).
pub const FORMAT_VERSION: u8 = 4;
/// Name of the custom section holding the records.
pub const SECTION: &str = "wasmrust";

/// Record kind: an export (`#[wasm::export]`).
pub const RECORD_EXPORT: u8 = 0;
/// Record kind: an import (`#[wasm::import]`).
pub const RECORD_IMPORT: u8 = 1;
/// Record kind: the parameter names and doc comment of an export or import record (debug builds
/// only; for tools such as `dts.mjs`, never needed at run time).
pub const RECORD_NAMES: u8 = 2;

/// Record kind (formats 1 and 2, no longer read): a member of an exported class: the Rust function's
/// name if it is not the member's (`new` of a constructor, `set_x` of setter `x`), else empty;
/// the class name, the member's name, its [`role`], then its signature (a receiver is the first
/// parameter, `CLASS`/`CLASS_REF`/`CLASS_MUT`). The raw export is
/// `__wasmrust:{class}.{function}` then (format 1 gave that whole name first).
pub const RECORD_MEMBER: u8 = 3;

/// Record kind: an exported class (`#[wasm::export] impl Type`, formats 3 and 4): the class name, the
/// member count (u8), then per member the Rust function's name if the raw export's name
/// (`{class}.{function}`, no prefix) is not derived from the member's, else empty; the member's
/// name (empty for the constructor); its [`role`] in the low 4 bits, the receiver in the high
/// ones (its code less 0x1b: 1 `self`, 2 `&self`, 3 `&mut self`; not among the parameters);
/// its signature (a constructor's result, `Self`, not written; a `FALLIBLE_CONSTRUCTOR`'s is). In it the class itself is
/// written `CLASS`/`CLASS_REF`/`CLASS_MUT` with an empty name. `free` is implied: every class exports `{class}.free`. Replaces the
/// [`RECORD_MEMBER`]s of format 2 (the class name twice in each, a record per member).
pub const RECORD_CLASS: u8 = 4;

/// Roles of a class member in a [`RECORD_CLASS`] or [`RECORD_MEMBER`].
pub mod role {
    #![allow(missing_docs)]
    pub const STATIC: u8 = 0;
    pub const CONSTRUCTOR: u8 = 1;
    pub const METHOD: u8 = 2;
    pub const GETTER: u8 = 3;
    pub const SETTER: u8 = 4;
    /// `free()`: the raw export takes the handle's two values and returns nothing.
    pub const FREE: u8 = 5;
    /// A constructor returning `Result<Self, E>`: as `CONSTRUCTOR`, its result written (`new`
    /// throws the `Err`). A role of its own, so `CONSTRUCTOR` records read as before.
    pub const FALLIBLE_CONSTRUCTOR: u8 = 6;
}

/// Type codes, one byte each; `OPTION` and `RESULT` are followed by their payload types, the
/// reference codes by a type test, the slice codes by their element's code (`U8` ..= `F64`).
pub mod code {
    #![allow(missing_docs)]
    pub const UNIT: u8 = 0x00;
    pub const BOOL: u8 = 0x01;
    pub const CHAR: u8 = 0x02;
    pub const U8: u8 = 0x03;
    pub const I8: u8 = 0x04;
    pub const U16: u8 = 0x05;
    pub const I16: u8 = 0x06;
    pub const U32: u8 = 0x07;
    pub const I32: u8 = 0x08;
    pub const U64: u8 = 0x09;
    pub const I64: u8 = 0x0a;
    pub const F32: u8 = 0x0b;
    pub const F64: u8 = 0x0c;
    pub const STRING: u8 = 0x10;
    pub const BYTES: u8 = 0x11;
    /// `&str` in a record: crosses as `STRING`; the code only names it.
    pub const STR_BORROWED: u8 = 0x14;
    /// `&[u8]` in a record: crosses as `BYTES`; the code only names it.
    pub const BYTES_BORROWED: u8 = 0x15;
    pub const REF_OWNED: u8 = 0x12;
    pub const REF_BORROWED: u8 = 0x13;
    pub const OPTION: u8 = 0x16;
    pub const RESULT: u8 = 0x17;
    /// `&[T]`: copied in (or passed in place), read only.
    pub const SLICE: u8 = 0x18;
    /// `&mut [T]`: copied in and back after the call (or passed in place).
    pub const SLICE_MUT: u8 = 0x19;
    /// `SharedSlice<T>`: passed like `&mut [T]`.
    pub const SHARED_SLICE: u8 = 0x1a;
    /// `Vec<T>` of a number other than `u8` (`Vec<u8>` is `BYTES`).
    pub const VEC: u8 = 0x1b;
    /// An object of an exported class, by value (a parameter moves it into wasm, a result
    /// makes a new JS object); followed by the class name (length byte, UTF-8).
    pub const CLASS: u8 = 0x1c;
    /// `&Class`: borrowed for the call.
    pub const CLASS_REF: u8 = 0x1d;
    /// `&mut Class`: borrowed exclusively for the call.
    pub const CLASS_MUT: u8 = 0x1e;
    /// `Vec<String>`, `Vec<ExternRef<T>>`, `Vec<FuncRef>` at the top of a signature (and `Vec<T>`
    /// inside exported types, `value::value_code::LIST`): followed by the item's type.
    pub const LIST: u8 = 0x22;
    /// `Clamped<Vec<u8>>`: crosses as `BYTES`; JS sees a `Uint8ClampedArray`.
    pub const CLAMPED: u8 = 0x23;
    /// `Clamped<&[u8]>` (a parameter): crosses as `BYTES_BORROWED`.
    pub const CLAMPED_BORROWED: u8 = 0x24;
    /// An async export's result: a JS `Promise` (one i32, an owned reference to it) of the type
    /// that follows, the async fn's result (export records only; `0x1f..=0x22` are
    /// `value::value_code`'s, `0x23`/`0x24` the clamped bytes).
    pub const PROMISE: u8 = 0x25;
    /// A typed `FuncRef<fn(A, ...) -> R>`, owned: crosses as `REF_OWNED` with the test
    /// `typeof "function"`; followed by its signature (the argument count, each argument's
    /// type, the result's type), which only the TypeScript declarations use.
    pub const FUNC: u8 = 0x26;
    /// `&FuncRef<fn(A, ...) -> R>`: as [`FUNC`], crossing as `REF_BORROWED`.
    pub const FUNC_BORROWED: u8 = 0x27;
    /// Type-test kinds after a reference code.
    pub const TEST_ANY: u8 = 0;
    pub const TEST_INSTANCEOF: u8 = 1;
    pub const TEST_TYPEOF: u8 = 2;
    pub const TEST_PREDICATE: u8 = 3;
}

/// Capacity of a [`Desc`].
pub const DESC_CAPACITY: usize = 255;

/// A type descriptor built at compile time: up to [`DESC_CAPACITY`] bytes.
///
/// Fixed-capacity so generic code (`Option<T>`, tuples) can build descriptors in `const` items on
/// stable Rust. `#[repr(C)]`: the JS host reads `len` then the bytes from linear memory.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Desc {
    len: u8,
    bytes: [u8; DESC_CAPACITY],
}

impl Desc {
    /// The empty descriptor.
    pub const EMPTY: Desc = Desc { len: 0, bytes: [0; DESC_CAPACITY] };

    /// A one-byte descriptor.
    pub const fn code(code: u8) -> Desc {
        Desc::EMPTY.push(code)
    }

    /// The encoded bytes.
    pub const fn as_bytes(&self) -> &[u8] {
        self.bytes.split_at(self.len as usize).0
    }

    /// Appends one byte; a descriptor that does not fit is a compile-time error.
    pub const fn push(mut self, byte: u8) -> Desc {
        if self.len as usize == DESC_CAPACITY {
            panic!("wasm: type descriptor longer than 255 bytes (too deeply nested, or a very long host type name)");
        }
        self.bytes[self.len as usize] = byte;
        self.len += 1;
        self
    }

    /// Appends bytes.
    pub const fn append(mut self, bytes: &[u8]) -> Desc {
        let mut i = 0;
        while i < bytes.len() {
            self = self.push(bytes[i]);
            i += 1;
        }
        self
    }

    /// Appends another descriptor.
    pub const fn then(self, other: Desc) -> Desc {
        self.append(other.as_bytes())
    }

    /// A host reference: `REF_OWNED`/`REF_BORROWED` and its type test.
    pub const fn reference(borrowed: bool, test: TypeTest) -> Desc {
        let c = if borrowed { code::REF_BORROWED } else { code::REF_OWNED };
        Desc::code(c).then(Desc::type_test(test))
    }

    /// A function reference: with a signature (`sig` not empty) [`code::FUNC`] or
    /// [`code::FUNC_BORROWED`] then `sig`, else a reference tested with `typeof "function"`.
    pub const fn function(borrowed: bool, sig: Desc) -> Desc {
        if sig.len == 0 {
            return Desc::reference(borrowed, TypeTest::TypeOf("function"));
        }
        Desc::code(if borrowed { code::FUNC_BORROWED } else { code::FUNC }).then(sig)
    }

    /// An exported class: `code` (`CLASS`, `CLASS_REF`, `CLASS_MUT`), then the name.
    pub const fn class(code: u8, name: &str) -> Desc {
        if name.len() > 200 {
            panic!("wasm: class names are limited to 200 bytes");
        }
        Desc::code(code).push(name.len() as u8).append(name.as_bytes())
    }

    /// A type test: kind, then the name as one length byte and UTF-8.
    pub const fn type_test(test: TypeTest) -> Desc {
        let (kind, name) = match test {
            TypeTest::Any => return Desc::code(code::TEST_ANY),
            TypeTest::InstanceOf(name) => (code::TEST_INSTANCEOF, name),
            TypeTest::TypeOf(name) => (code::TEST_TYPEOF, name),
            TypeTest::Predicate(name) => (code::TEST_PREDICATE, name),
        };
        if name.len() > 200 {
            panic!("wasm: host type names are limited to 200 bytes");
        }
        Desc::code(kind).push(name.len() as u8).append(name.as_bytes())
    }
}

/// A [`Desc`] the host reads by address (a closure's signature, `FuncRef::call`'s, a promise
/// value's), behind a marker in the module's data: `emit.mjs` (the ahead-of-time glue) scans
/// the data segments for [`MARK`] and writes the JS function of each signature it finds, since
/// a generic constant cannot go in the `wasmrust` section. The host is passed the address of
/// the [`Desc`] itself; the marker only precedes it.
#[repr(C)]
pub struct Marked {
    mark: [u8; 4],
    desc: Desc,
}

/// The marker's bytes before the use: `0xfe`, `w`, `r`, then [`MARK_CLOSURE`] or [`MARK_CALL`].
pub const MARK: [u8; 3] = [0xfe, b'w', b'r'];
/// Marker use: the signature of a `wasm::Closure` (the host makes JS functions calling it).
pub const MARK_CLOSURE: u8 = b'F';
/// Marker use: a signature the host calls a JS function with (`FuncRef::call`, promise values).
pub const MARK_CALL: u8 = b'C';

impl Marked {
    /// `desc` behind the marker of `use_` ([`MARK_CLOSURE`] or [`MARK_CALL`]).
    pub const fn new(use_: u8, desc: Desc) -> Marked {
        Marked { mark: [MARK[0], MARK[1], MARK[2], use_], desc }
    }

    /// The descriptor, to pass to the host (`&'static` when `self` is).
    pub const fn desc(&self) -> &Desc {
        &self.desc
    }
}

/// Length of `n` as unsigned LEB128.
pub const fn leb_len(mut n: usize) -> usize {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

const fn parts_len(parts: &[&[u8]]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while i < parts.len() {
        total += parts[i].len();
        i += 1;
    }
    total
}

/// Size of the record [`record`] builds from `parts`.
pub const fn record_len(parts: &[&[u8]]) -> usize {
    let body = parts_len(parts);
    1 + leb_len(body) + body
}

/// One record of the `wasmrust` section: format version, body length (LEB128), then the parts.
///
/// `N` must be [`record_len`]`(parts)`; the macros write
/// `static R: [u8; record_len(P)] = record(P);`.
pub const fn record<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    out[0] = FORMAT_VERSION;
    let mut k = 1;
    let mut n = parts_len(parts);
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        out[k] = if n == 0 { byte } else { byte | 0x80 };
        k += 1;
        if n == 0 {
            break;
        }
    }
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    if k != N {
        panic!("wasm: record length mismatch");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_carry_their_type_test() {
        let d = Desc::reference(true, TypeTest::InstanceOf("Canvas"));
        assert_eq!(d.as_bytes(), b"\x13\x01\x06Canvas");
        assert_eq!(Desc::reference(false, TypeTest::Any).as_bytes(), &[code::REF_OWNED, 0]);
    }

    #[test]
    fn functions_carry_their_signature_or_are_plain_references() {
        let sig = Desc::code(2).push(code::F64).push(code::U32).push(code::BOOL);
        assert_eq!(Desc::function(false, sig).as_bytes(), &[code::FUNC, 2, code::F64, code::U32, code::BOOL]);
        assert_eq!(Desc::function(true, sig).as_bytes()[0], code::FUNC_BORROWED);
        assert_eq!(Desc::function(true, Desc::EMPTY).as_bytes(), b"\x13\x02\x08function");
    }

    #[test]
    fn records_are_length_prefixed() {
        const P: &[&[u8]] = &[&[RECORD_EXPORT, 3], b"add", &[2, code::U32, code::U32, code::U32]];
        const R: [u8; record_len(P)] = record(P);
        assert_eq!(R, [FORMAT_VERSION, 9, 0, 3, b'a', b'd', b'd', 2, 7, 7, 7]);
        let long: &[&[u8]] = &[&[0; 200]];
        assert_eq!(record_len(long), 1 + 2 + 200);
        assert_eq!(leb_len(127), 1);
        assert_eq!(leb_len(128), 2);
    }

    #[test]
    fn a_marked_desc_follows_its_four_marker_bytes() {
        // emit.mjs reads the marker, then the `Desc` (length byte, bytes) right after it.
        static M: Marked = Marked::new(MARK_CLOSURE, Desc::code(1).push(code::U32).push(code::U32));
        assert_eq!(core::mem::offset_of!(Marked, desc), 4);
        assert_eq!(M.mark, [0xfe, b'w', b'r', b'F']);
        assert_eq!(M.desc().as_bytes(), &[1, code::U32, code::U32]);
        assert!(core::ptr::eq(M.desc(), &M.desc));
    }
}
