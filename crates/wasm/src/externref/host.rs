//! The reference layer every backend shares, and the backend for this target.
//!
//! Two things happen in wasm, without a host call:
//! - **Clone counts.** Cloning an owned reference does not ask the host for a new slot: it counts
//!   an extra owner of the same handle (`extra[slot]`). Dropping an owner first uses up the extra
//!   count; only the last owner releases the slot. A count that would overflow falls back to a
//!   host clone.
//! - **Batched release.** The last drop queues the handle; a full queue (or [`flush`]) hands the
//!   batch to the host in one call. A queued handle stays valid until its batch is released.
//! - **Promoted lent references.** Cloning a lent (borrowed) reference needs an owned host slot,
//!   since the lent one dies with the call. The first clone asks the host; the owned handle is
//!   remembered for the rest of the call, so further clones are counted in wasm. The cache keeps
//!   one owner of each promoted handle and lets go of it when the export call ends
//!   ([`end_call`]).
//! - **Owned parameters are lent.** The JS host passes an export's owned reference parameters on
//!   its borrow stack (no slot to fill now and free later) and wasm notes them as *received*
//!   ([`receive`]). Dropped or handed back during the call, they cost no host call at all; still
//!   owned when the call ends, they are pinned: the host keeps them under the same handle until
//!   they are released like any owned reference.
//!
//! Effect contract: the entry points of this layer (`receive`, `clone_ref`, `drop_ref`,
//! `transfer`, `begin_call` / `end_call`, `flush`) carry `wasm_lint::effect(js_call)` marks: they
//! may call the host's reference table, and that is what users of `ExternRef` are charged with,
//! on every target. What they do inside (the per-thread state and its busy flag) is not.
//!
//! The backend is the host: JS imports (`__wasmrust.*`) on wasm, the in-process table
//! (`native.rs`) elsewhere, wasm-bindgen imports with the `wasm-bindgen` feature.

use alloc::vec::Vec;

use super::local::{WithLocal, local_state};
use super::table::{is_borrowed, slot_index};

const QUEUE: usize = 32;
const PROMOTED: usize = 4;
const RECEIVED: usize = 8;

struct RefState {
    /// Owners beyond the first, per slot index.
    extra: Vec<u16>,
    queue: [u32; QUEUE],
    queued: usize,
    /// `(lent handle, owned handle)` pairs promoted during the current call.
    promoted: [(u32, u32); PROMOTED],
    promoted_len: usize,
    /// Lent handles received as owned parameters by the export calls under way, innermost last;
    /// 0 once dropped or handed back.
    received: [u32; RECEIVED],
    received_len: usize,
}

local_state! {
    static REFS: RefState = RefState {
        extra: Vec::new(),
        queue: [0; QUEUE],
        queued: 0,
        promoted: [(0, 0); PROMOTED],
        promoted_len: 0,
        received: [0; RECEIVED],
        received_len: 0,
    };
}

impl RefState {
    /// Forgets a received handle (dropped or handed back): whether it was one.
    #[inline]
    fn unreceive(&mut self, handle: u32) -> bool {
        // The common case, a call's last parameter going during the call, pops it.
        let top = self.received_len.wrapping_sub(1);
        match self.received.get(top) {
            Some(&h) if h == handle => {
                self.received_len = top;
                self.pop_forgotten();
                true
            }
            _ => self.unreceive_deeper(handle),
        }
    }

    /// Drops forgotten entries (0) from the top.
    #[inline]
    fn pop_forgotten(&mut self) {
        while let [.., 0] = self.received[..self.received_len] {
            self.received_len -= 1;
        }
    }

    // Out of line: a parameter dropped before a later one is rare, and inlined its search loop
    // was most of `drop_ref`.
    #[cold]
    #[inline(never)]
    fn unreceive_deeper(&mut self, handle: u32) -> bool {
        match self.received[..self.received_len].iter_mut().rev().find(|h| **h == handle) {
            Some(h) => {
                *h = 0;
                // Forgotten ones on top go, so a call whose parameters all went ends quickly.
                self.pop_forgotten();
                true
            }
            None => false,
        }
    }

    /// Counts one more owner of an owned handle; false when the count is full.
    #[inline]
    fn count_owner(&mut self, handle: u32) -> bool {
        let i = slot_index(handle) as usize;
        match self.extra.get_mut(i) {
            Some(count) if *count < u16::MAX => {
                *count += 1;
                true
            }
            Some(_) => false,
            None => self.count_first_extra(i),
        }
    }

    /// `count_owner` for a slot beyond the counts kept so far.
    #[cold]
    fn count_first_extra(&mut self, i: usize) -> bool {
        self.extra.resize(i + 1, 0);
        self.extra[i] = 1;
        true
    }
}

/// A new owner of the object behind `handle`.
#[inline]
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub(crate) fn clone_ref(handle: u32) -> u32 {
    let counted = REFS.with_state(|s| {
        if !is_borrowed(handle) {
            return s.count_owner(handle).then_some(handle);
        }
        let hit = s.promoted[..s.promoted_len].iter().find(|p| p.0 == handle).map(|p| p.1);
        hit.filter(|&owned| s.count_owner(owned))
    });
    match counted {
        Some(owner) => owner,
        None => clone_on_host(handle),
    }
}

/// `clone_ref` when wasm cannot count the new owner: a full count, or a lent handle not
/// promoted yet in this call.
#[cold]
fn clone_on_host(handle: u32) -> u32 {
    if !is_borrowed(handle) {
        return backend::clone(handle);
    }
    let owned = backend::clone(handle);
    // The cache keeps the host's reference; the caller's is counted as an extra owner.
    let evicted = REFS.with_state(|s| {
        if !s.count_owner(owned) {
            return None;
        }
        if s.promoted_len < PROMOTED {
            s.promoted[s.promoted_len] = (handle, owned);
            s.promoted_len += 1;
            return Some(None);
        }
        Some(Some(core::mem::replace(&mut s.promoted[PROMOTED - 1], (handle, owned)).1))
    });
    match evicted {
        None => backend::clone(handle),
        Some(old) => {
            if let Some(old) = old {
                drop_ref(old);
            }
            owned
        }
    }
}

/// An owned reference parameter of an export, as the host passed it: a lent handle is noted as
/// received (see the module docs); the handle to use is returned (an owned one when too many
/// are under way).
#[inline]
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub(crate) fn receive(handle: u32) -> u32 {
    if !is_borrowed(handle) {
        return handle;
    }
    let noted = REFS.with_state(|s| match s.received.get_mut(s.received_len) {
        Some(slot) => {
            *slot = handle;
            s.received_len += 1;
            true
        }
        None => false,
    });
    if noted { handle } else { backend::clone(handle) }
}

/// A reference field of a record the host passed in: owned by wasm from here on. A lent handle
/// (the host lends every reference of an export's parameters) becomes an owned one at once, as
/// the export's expansion cannot see the references inside a record and so does not pin them at
/// the end of the call (`end_call`).
#[inline]
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub(crate) fn adopt(handle: u32) -> u32 {
    if is_borrowed(handle) { backend::clone(handle) } else { handle }
}

/// The start of an export call whose parameters carry references; returns the mark to give
/// [`end_call`]. Called by `#[wasm::export]`'s expansion (and `native`); not for user code.
#[doc(hidden)]
#[inline]
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub fn begin_call() -> usize {
    // Outside any call no frame is live: what is noted belongs to calls an exception abandoned.
    #[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
    let outermost = crate::arena::call_depth() == 0;
    #[cfg(not(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics")))))]
    let outermost = false;
    REFS.with_state(|s| {
        if outermost {
            s.received_len = 0;
        }
        s.received_len
    })
}

/// The end of an export call begun at `mark`: lent references are gone, so the cache lets go of
/// its promotions, and owned parameters wasm still holds are pinned. Called by
/// `#[wasm::export]`'s expansion (and `native`); not for user code.
#[doc(hidden)]
#[inline]
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub fn end_call(mark: usize) {
    let pending = REFS.with_state(|s| s.promoted_len != 0 || s.received_len > mark);
    if pending {
        end_call_slow(mark);
    }
}

#[cold]
fn end_call_slow(mark: usize) {
    let (promoted, n) = REFS.with_state(|s| (s.promoted, core::mem::replace(&mut s.promoted_len, 0)));
    for &(_, owned) in &promoted[..n] {
        drop_ref(owned);
    }
    let (received, end) = REFS.with_state(|s| {
        let end = s.received_len;
        s.received_len = mark.min(end);
        (s.received, end)
    });
    for &handle in received.get(mark..end).unwrap_or_default() {
        if handle != 0 {
            backend::pin(handle);
        }
    }
}

/// One owner of `handle` is gone. Out of line: inlined into every `ExternRef` / `FuncRef` drop,
/// its state access cost ~11 KB of examples/closures and ~8 KB of examples/fetch at opt-level 3
/// (docs/benchmarks.md, "Where the closures example's module bytes go"), for one direct call per
/// drop (~0.5-2 ns).
#[inline(never)]
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub(crate) fn drop_ref(handle: u32) {
    // A parameter dropped during its call: the call's return ends it.
    if !(is_borrowed(handle) && REFS.with_state(|s| s.unreceive(handle))) {
        drop_owner(handle);
    }
}

#[inline]
fn drop_owner(handle: u32) {
    let done = REFS.with_state(|s| {
        if let Some(count) = s.extra.get_mut(slot_index(handle) as usize)
            && *count > 0
            && !is_borrowed(handle)
        {
            *count -= 1;
            return true;
        }
        if let Some(slot) = s.queue.get_mut(s.queued) {
            *slot = handle;
            s.queued += 1;
            return true;
        }
        false
    });
    if !done {
        release_queue(handle);
    }
}

/// The queue is full: its batch goes to the host and `handle` starts the next one. Out of line,
/// so the batch's copy is not on the stack frame of every drop.
#[cold]
#[inline(never)]
fn release_queue(handle: u32) {
    // Release the older handles first, so the one just dropped stays valid until the next
    // batch (a reference returned to the host is read after this drop).
    let batch = REFS.with_state(|s| {
        let batch = s.queue;
        s.queue[0] = handle;
        s.queued = 1;
        batch
    });
    backend::release(&batch);
}

/// Hands one owner of `handle` to the host, which releases the handle it receives: returns
/// `handle` itself when this was the only owner, else a fresh host clone.
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub(crate) fn transfer(handle: u32) -> u32 {
    let shared = REFS.with_state(|s| {
        if is_borrowed(handle) {
            s.unreceive(handle); // the host takes the object; its call's return ends the loan
            return false;
        }
        match s.extra.get_mut(slot_index(handle) as usize) {
            Some(count) if *count > 0 => {
                *count -= 1;
                true
            }
            _ => false,
        }
    });
    if shared { backend::clone(handle) } else { handle }
}

/// Releases every dropped reference still waiting in this thread's queue.
///
/// Drops are batched: up to 32 released references wait (still alive on the host) until a batch
/// is full. Call `flush` where the host must see them gone, e.g. before checking the table's
/// live count.
#[cfg_attr(wasm_lint, wasm_lint::effect(js_call), allow(wasm_lint::unused_effect))]
pub fn flush() {
    let (batch, n) = REFS.with_state(|s| {
        let n = core::mem::replace(&mut s.queued, 0);
        (s.queue, n)
    });
    if n > 0 {
        backend::release(&batch[..n]);
    }
}

/// The host functions behind references, for wasm hosts that load `wasmrust.mjs`.
#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
pub(crate) mod backend {
    use crate::externref::TypeTest;

    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "clone"]
        fn host_clone(handle: u32) -> u32;
        #[link_name = "release"]
        fn host_release(handles: *const u32, len: u32);
        #[link_name = "test"]
        fn host_test(handle: u32, kind: u32, name: *const u8, len: u32) -> u32;
        #[link_name = "trap"]
        fn host_trap(message: *const u8, len: u32);
        #[link_name = "pin"]
        fn host_pin(handle: u32);
        #[link_name = "describe"]
        fn host_describe(handle: u32, out: *mut u8, cap: u32) -> u32;
    }

    /// Writes what kind of value `handle` names (`HTMLCanvasElement`, `string "abc"`, ...) into
    /// `out` as UTF-8, cut at a character boundary; returns the bytes written.
    pub(crate) fn describe(handle: u32, out: &mut [u8]) -> usize {
        // SAFETY: the host writes at most `out.len()` bytes at `out`, which the slice keeps alive.
        let n = unsafe { host_describe(handle, out.as_mut_ptr(), out.len() as u32) } as usize;
        n.min(out.len())
    }

    pub(crate) fn pin(handle: u32) {
        // SAFETY: a plain value crosses; the host checks it.
        unsafe { host_pin(handle) }
    }

    pub(crate) fn clone(handle: u32) -> u32 {
        // SAFETY: plain values cross; the host validates the handle (it traps on a bad one).
        unsafe { host_clone(handle) }
    }

    pub(crate) fn release(handles: &[u32]) {
        // SAFETY: the host reads `len` u32s at `handles`, which the slice keeps alive.
        unsafe { host_release(handles.as_ptr(), handles.len() as u32) }
    }

    pub(crate) fn test(handle: u32, test: TypeTest) -> bool {
        let (kind, name) = super::test_parts(test);
        // SAFETY: the host reads `name.len()` bytes at `name`, a `'static` str.
        unsafe { host_test(handle, kind, name.as_ptr(), name.len() as u32) != 0 }
    }

    #[cold]
    pub(crate) fn trap(message: &str) -> ! {
        // SAFETY: the host reads the message and throws; should it return, we trap anyway.
        unsafe { host_trap(message.as_ptr(), message.len() as u32) };
        core::arch::wasm32::unreachable()
    }
}

#[cfg(all(target_family = "wasm", feature = "wasm-bindgen"))]
pub(crate) use super::bindgen::backend;

#[cfg(not(target_family = "wasm"))]
pub(crate) use super::native::backend;

/// A type test as the host functions take it: kind code and name.
#[allow(dead_code)] // not every backend needs it
pub(crate) fn test_parts(test: super::TypeTest) -> (u32, &'static str) {
    use crate::abi::desc::code;
    match test {
        super::TypeTest::Any => (code::TEST_ANY as u32, ""),
        super::TypeTest::InstanceOf(n) => (code::TEST_INSTANCEOF as u32, n),
        super::TypeTest::TypeOf(n) => (code::TEST_TYPEOF as u32, n),
        super::TypeTest::Predicate(n) => (code::TEST_PREDICATE as u32, n),
    }
}
