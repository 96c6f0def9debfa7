//! Lifting and lowering values across the JS boundary: what `#[wasm::export]`,
//! `#[wasm::import]` and [`FuncRef::call`](crate::FuncRef::call) expand to.
//!
//! Every ABI type flattens to a list of core wasm values (`docs/js-host.md` has the table):
//! numbers as themselves, references as their handle, `Option` and `Result` as a tag followed by
//! their payloads. Strings and bytes travel differently in each direction:
//! - **host → wasm**: one value. Short export arguments are written by the host, before the call,
//!   into this module's scratch area (announced to the host by the first `take_str`): the value
//!   is then `1 << 31 | offset << 15 | byte length`, and a `&str` parameter borrows the scratch
//!   bytes (no copy, no host call). Otherwise the value is the string's UTF-16 length (bytes: byte
//!   length): the JS side queues the string, and the wasm side allocates room (`3 * len` bytes is
//!   always enough for UTF-8) and calls `__wasmrust.take_str` (`take_bytes`), which writes the next
//!   queued value. Short borrowed values land in a stack buffer, so they allocate nothing.
//! - **wasm → host**: pointer and length; the host decodes before the memory can change. A
//!   string *returned* by an export is kept alive in this thread's keep slot until the next one (a
//!   returned `Vec` of numbers in a slot of its own, until the next such `Vec`).
//!
//! Everything here is public only for the macros (`wasm::__private::abi`).

mod class;
mod value;
pub mod desc;
mod funcall;
pub(crate) mod panic;
mod slice;

use alloc::string::String;
use alloc::vec::Vec;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ops::Deref;

use crate::externref::local::{WithLocal, local_state};
use crate::externref::{ExternRef, HostType, TypeTest, adopt, backend, receive, transfer};
use crate::externref::{FuncRef, Function, Signature};

pub use class::{ClassMut, ClassRef, ExportClass, class_free, class_mut, class_new, class_ref, class_table_stats, class_take};
/// `Vec` for generated code in `no_std` crates.
#[doc(hidden)]
pub use alloc::vec::Vec as __Vec;
pub use value::{Copied, ExportRef, ExportValue, Reader, VALUE_DESC_CAPACITY, ValueDesc, class_desc, class_read, class_ref_desc, class_write, ref_list_from_host, ref_list_to_host, str_list_encode, str_list_from_host, str_list_to_host, value_code};
pub use funcall::{FromHostValue, HostArgs, SlotReader, SlotWriter, ToHost};
pub(crate) use funcall::tuple_arities;
pub use slice::{Clamped, SliceParam, keep_elems, take_slice};

/// Raises an error in the host (a JS `Error` with this message) and stops: a trap with a message.
pub fn trap(message: &str) -> ! {
    backend::trap(message)
}

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod transport {
    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "take_str"]
        fn host_take_str(dst: *mut u8, cap: u32, scratch: *const u8, scratch_len: u32) -> u32;
        #[link_name = "take_bytes"]
        fn host_take_bytes(dst: *mut u8, cap: u32, scratch: *const u8, scratch_len: u32);
    }

    /// Writes the next queued host string as UTF-8 into `dst`; returns the byte count. Also
    /// tells the host where the scratch area is, for the next calls.
    pub(super) fn take_str(dst: *mut u8, cap: usize) -> usize {
        let (scratch, len) = super::scratch::announce();
        // SAFETY: `dst` has room for `cap` bytes (the caller's buffer); the host writes at most
        // `cap` bytes of valid UTF-8 (see SAFETY.md, "Strings and bytes from the host").
        unsafe { host_take_str(dst, cap as u32, scratch, len as u32) as usize }
    }

    /// Writes the next queued host byte array into `dst`, at most `cap` bytes (its announced
    /// length, which the caller allocated); announces the scratch area like `take_str`.
    pub(super) fn take_bytes(dst: *mut u8, cap: usize) {
        let (scratch, len) = super::scratch::announce();
        // SAFETY: `dst` has room for `cap` bytes; the host writes at most `cap`.
        unsafe { host_take_bytes(dst, cap as u32, scratch, len as u32) }
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod transport {
    pub(super) fn take_str(_: *mut u8, _: usize) -> usize {
        super::trap("wasm: strings from the host need a JS host (wasm32 with wasmrust.mjs)")
    }
    pub(super) fn take_bytes(_: *mut u8, _: usize) {
        super::trap("wasm: byte arrays from the host need a JS host (wasm32 with wasmrust.mjs)")
    }
}

const STACK_BYTES: usize = 256;

/// A borrowed `&str` parameter: on the stack when short, else on the heap.
pub struct StrParam(Buf);

/// A borrowed `&[u8]` parameter: on the stack when short, else on the heap.
pub struct BytesParam(Buf);

#[allow(clippy::large_enum_variant)] // the point: short parameters live on the stack
enum Buf {
    Scratch(&'static [u8]),
    Stack { bytes: [MaybeUninit<u8>; STACK_BYTES], len: usize },
    Heap(Vec<u8>),
}

impl Buf {
    fn bytes(&self) -> &[u8] {
        match self {
            Buf::Scratch(bytes) => bytes,
            // SAFETY: the first `len` bytes were written by the host (`take_*` report how many).
            Buf::Stack { bytes, len } => unsafe {
                core::slice::from_raw_parts(bytes.as_ptr().cast::<u8>(), *len)
            },
            Buf::Heap(v) => v,
        }
    }
}

/// The scratch area the JS host writes short export arguments into before a call.
mod scratch {
    use core::cell::UnsafeCell;

    const LEN: usize = 16 * 1024;
    /// Marks a flat value that locates bytes in the scratch area.
    pub(super) const FLAG: u32 = 1 << 31;

    #[repr(C, align(8))]
    struct Area(UnsafeCell<[u8; LEN]>);

    // SAFETY: wasm code uses only the ranges the host wrote for the current call's arguments
    // (reading them, and writing those it received as `&mut [T]` / `SharedSlice<T>`, which no
    // other argument overlaps), and the host leaves them alone until that call returns (it
    // writes nested calls' arguments above them). Single-threaded wasm only: `announce`
    // withholds the area when the module has threads.
    unsafe impl Sync for Area {}

    static AREA: Area = Area(UnsafeCell::new([0; LEN]));

    /// Where the host may write: the area, or nothing (address 0) where threads could share it.
    #[cfg_attr(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))), allow(dead_code))]
    pub(super) fn announce() -> (*const u8, usize) {
        if cfg!(all(target_family = "wasm", not(target_feature = "atomics"))) {
            (AREA.0.get().cast::<u8>().cast_const(), LEN)
        } else {
            (core::ptr::null(), 0)
        }
    }

    /// Only a host that breaks the protocol gets here. On wasm a bare trap: the `trap` import
    /// and a message would cost every module that takes strings.
    #[cold]
    fn outside() -> ! {
        #[cfg(target_family = "wasm")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_family = "wasm"))]
        super::trap("wasmrust: argument outside the scratch area");
    }

    /// The bytes a flagged flat value locates; a range outside the area traps.
    pub(super) fn bytes(raw: u32) -> &'static [u8] {
        let (offset, len) = (((raw >> 15) & 0xffff) as usize, (raw & 0x7fff) as usize);
        if offset + len > LEN {
            outside();
        }
        // SAFETY: in bounds (checked); the host wrote these bytes for this call and does not
        // touch them until it returns (see `Sync` above). The `'static` slice never outlives
        // the call: it only backs a parameter anchor of the export that received it.
        unsafe { core::slice::from_raw_parts(AREA.0.get().cast::<u8>().add(offset), len) }
    }
}

fn take_utf8(len16: u32) -> Vec<u8> {
    let cap = len16 as usize * 3;
    let mut v = Vec::<u8>::with_capacity(cap);
    let n = transport::take_str(v.as_mut_ptr(), cap);
    // SAFETY: the host wrote `n <= cap` initialized bytes.
    unsafe { v.set_len(n.min(cap)) };
    if v.capacity() > 2 * v.len() + 64 {
        // An exact copy, not `shrink_to_fit`: that would instantiate `RawVecInner::shrink_unchecked`
        // here, and at opt-level s/z (shared generics) every crate linking `wasm` then calls this
        // copy instead of inlining its own (+261 bytes in a component guest's `into_boxed_slice`).
        v = v.as_slice().to_vec();
    }
    v
}

/// Lifts an owned `String` the host sent.
pub fn take_string(raw: u32) -> String {
    if raw & scratch::FLAG != 0 {
        return String::from(&*take_str(raw));
    }
    // SAFETY: the host writes UTF-8 (TextEncoder output); see SAFETY.md, "Strings and bytes from the host".
    unsafe { String::from_utf8_unchecked(take_utf8(raw)) }
}

/// Lifts a borrowed `&str` the host sent.
pub fn take_str(raw: u32) -> StrParam {
    if raw & scratch::FLAG != 0 {
        return StrParam(Buf::Scratch(scratch::bytes(raw)));
    }
    let len16 = raw;
    let cap = len16 as usize * 3;
    if cap > STACK_BYTES {
        return StrParam(Buf::Heap(take_utf8(len16)));
    }
    let mut bytes = [MaybeUninit::uninit(); STACK_BYTES];
    let len = transport::take_str(bytes.as_mut_ptr().cast(), cap).min(cap);
    StrParam(Buf::Stack { bytes, len })
}

impl Deref for StrParam {
    type Target = str;
    fn deref(&self) -> &str {
        // SAFETY: the host writes UTF-8; see SAFETY.md, "Strings and bytes from the host".
        unsafe { core::str::from_utf8_unchecked(self.0.bytes()) }
    }
}

/// Lifts an owned `Vec<u8>` the host sent.
pub fn take_vec(len: u32) -> Vec<u8> {
    if len & scratch::FLAG != 0 {
        return scratch::bytes(len).to_vec();
    }
    let mut v = Vec::<u8>::with_capacity(len as usize);
    transport::take_bytes(v.as_mut_ptr(), len as usize);
    // SAFETY: the host wrote the `len` bytes it announced (it writes exactly the queued value's
    // length, and announced that length; see SAFETY.md, "Strings and bytes from the host").
    unsafe { v.set_len(len as usize) };
    v
}

/// Lifts a borrowed `&[u8]` the host sent.
pub fn take_bytes(len: u32) -> BytesParam {
    if len & scratch::FLAG != 0 {
        return BytesParam(Buf::Scratch(scratch::bytes(len)));
    }
    if len as usize > STACK_BYTES {
        return BytesParam(Buf::Heap(take_vec(len)));
    }
    let mut bytes = [MaybeUninit::uninit(); STACK_BYTES];
    transport::take_bytes(bytes.as_mut_ptr().cast(), len as usize);
    BytesParam(Buf::Stack { bytes, len: len as usize })
}

impl Deref for BytesParam {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0.bytes()
    }
}

/// Lifts a `char`; a value that is not a Unicode scalar value traps.
pub fn char_from_host(c: u32) -> char {
    match char::from_u32(c) {
        Some(c) => c,
        None => trap("wasmrust: the host passed an invalid char (not a Unicode scalar value)"),
    }
}

/// Pointer and length of a string or byte slice the host reads during the current call.
#[inline]
pub fn bytes_parts(bytes: &[u8]) -> (u32, u32) {
    (bytes.as_ptr() as usize as u32, bytes.len() as u32)
}

/// [`bytes_parts`] of a string.
#[inline]
pub fn str_parts(s: &str) -> (u32, u32) {
    bytes_parts(s.as_bytes())
}

// The last returned string or byte array, alive until the next one is returned.
local_state! {
    static KEPT_BYTES: Vec<u8> = Vec::new();
}

// The last returned `Vec` of numbers (`keep_elems`), kept as it is (no copy into bytes), until
// the next one. Apart from `KEPT_BYTES`, so a module that returns strings only links no `dyn`
// drop for it.
local_state! {
    static KEPT_ELEMS: Option<alloc::boxed::Box<dyn core::any::Any>> = None;
}

/// Keeps a returned string or byte array alive until the next one is returned (the host reads it
/// after the export returned); returns pointer and length.
pub fn keep(bytes: impl Into<Vec<u8>>) -> (u32, u32) {
    let bytes = bytes.into();
    let parts = bytes_parts(&bytes);
    let previous = KEPT_BYTES.with_state(|k| core::mem::replace(k, bytes));
    // Dropped outside `with_state`: a drop runs no host call today, but the state's rule is that
    // nothing runs inside.
    drop(previous);
    parts
}

/// Keeps `elems` (a returned `Vec` of numbers) alive until the next one is returned.
fn keep_boxed(elems: alloc::boxed::Box<dyn core::any::Any>) {
    let previous = KEPT_ELEMS.with_state(|k| k.replace(elems));
    drop(previous); // outside `with_state`, as in `keep`
}

/// Slots of the return area: the most flat values an export result may have.
pub const RET_SLOTS: usize = 16;

/// Writes flat value `k` of an export's result into the return area.
#[inline]
pub fn ret_put(k: usize, value: u64) {
    assert!(k < RET_SLOTS);
    // SAFETY: `ret_area` points at this thread's `RET_SLOTS` slots and `k` is in bounds; nothing
    // else holds a reference into them (only this function and the host write or read them).
    unsafe { *ret_area().add(k) = value }
}

/// What an import's wrapper does off wasm: there is no JS host to call.
#[cold]
pub fn no_host(import: &str) -> ! {
    panic!("`{import}` is a host import: it can only be called in a wasm module run by a JS host")
}

/// Where an export whose result flattens to several values writes them (8 bytes per value); the
/// export returns this address and the host reads the values before anything else runs.
pub fn ret_area() -> *mut u64 {
    local_state! {
        static RET: core::cell::UnsafeCell<[u64; RET_SLOTS]> =
            core::cell::UnsafeCell::new([0; RET_SLOTS]);
    }
    // The pointer escapes the closure on purpose: only generated lowering code writes through it,
    // at the end of an export, and the host reads right after the export returns.
    RET.with_state(|r| r.get().cast::<u64>())
}

/// References as the ABI sees them: [`ExternRef<T>`] and [`FuncRef`].
pub trait HostRef: Sized {
    /// The host's test for the referenced type.
    const TEST: TypeTest;
    /// The descriptor of the owned reference (a typed `FuncRef` adds its signature).
    const DESC_OWNED: desc::Desc = desc::Desc::reference(false, Self::TEST);
    /// The descriptor of the reference lent (`&R`, or an import's owned parameter).
    const DESC_BORROWED: desc::Desc = desc::Desc::reference(true, Self::TEST);
    /// Takes ownership of a handle the host handed over (0 traps).
    fn from_host(handle: u32) -> Self;
    /// The handle, still owned by `self`.
    fn handle(&self) -> u32;
    /// Gives up ownership of the handle.
    fn into_handle(self) -> u32;
}

impl<T: HostType> HostRef for ExternRef<T> {
    const TEST: TypeTest = T::TEST;
    #[inline]
    fn from_host(handle: u32) -> Self {
        ExternRef::from_host(handle)
    }
    #[inline]
    fn handle(&self) -> u32 {
        self.as_raw()
    }
    #[inline]
    fn into_handle(self) -> u32 {
        self.into_raw()
    }
}

/// An owned reference from the host (an export parameter may come lent: see
/// `externref::host::receive`).
#[inline]
pub fn ref_from_host<R: HostRef>(handle: u32) -> R {
    R::from_host(receive(handle))
}

/// An owned reference read from a record the host encoded (see `externref::host::adopt`).
#[inline]
fn ref_adopt<R: HostRef>(handle: u32) -> R {
    R::from_host(adopt(handle))
}

/// An optional owned reference from the host (0 is `None`).
#[inline]
pub fn opt_ref_from_host<R: HostRef>(handle: u32) -> Option<R> {
    (handle != 0).then(|| R::from_host(receive(handle)))
}

/// A reference the host lends for the current call: never dropped by wasm.
#[inline]
pub fn ref_lent<R: HostRef>(handle: u32) -> ManuallyDrop<R> {
    ManuallyDrop::new(R::from_host(handle))
}

/// An optional lent reference.
#[inline]
pub fn opt_ref_lent<R: HostRef>(handle: u32) -> Option<ManuallyDrop<R>> {
    (handle != 0).then(|| ManuallyDrop::new(R::from_host(handle)))
}

/// Hands an owned reference to the host, which takes (and releases) the returned handle.
#[inline]
pub fn ref_to_host<R: HostRef>(r: R) -> u32 {
    transfer(r.into_handle())
}

/// The handle of a reference the host only reads during the current call.
#[inline]
pub fn ref_lend<R: HostRef>(r: &R) -> u32 {
    r.handle()
}

/// `FuncRef<S>` is an `ExternRef<Function>`; its descriptor carries the signature `S`.
impl<S: Signature> HostRef for FuncRef<S> {
    const TEST: TypeTest = <Function as HostType>::TEST;
    const DESC_OWNED: desc::Desc = desc::Desc::function(false, S::DESC);
    const DESC_BORROWED: desc::Desc = desc::Desc::function(true, S::DESC);
    #[inline]
    fn from_host(handle: u32) -> Self {
        FuncRef::from_extern_unchecked(ExternRef::from_host(handle))
    }
    #[inline]
    fn handle(&self) -> u32 {
        self.as_extern().as_raw()
    }
    #[inline]
    fn into_handle(self) -> u32 {
        self.into_extern().into_raw()
    }
}
