//! The reference layer every backend shares, and the backend for this target.
//!
//! Two things happen in wasm, without a host call:
//! - **Clone counts.** Cloning an owned reference does not ask the host for a new slot: it counts
//!   an extra owner of the same handle (`extra[slot]`). Dropping an owner first uses up the extra
//!   count; only the last owner releases the slot. A count that would overflow falls back to a
//!   host clone.
//! - **Batched release.** The last drop queues the handle; a full queue (or [`flush`]) hands the
//!   batch to the host in one call. A queued handle stays valid until its batch is released.
//!
//! The backend is the host: JS imports (`__wasmrust.*`) on wasm, the in-process table
//! (`native.rs`) elsewhere, wasm-bindgen imports with the `wasm-bindgen` feature.

use alloc::vec::Vec;

use super::local::{WithLocal, local_state};
use super::table::{is_borrowed, slot_index};

const QUEUE: usize = 32;

struct RefState {
    /// Owners beyond the first, per slot index.
    extra: Vec<u16>,
    queue: [u32; QUEUE],
    queued: usize,
}

local_state! {
    static REFS: RefState = RefState { extra: Vec::new(), queue: [0; QUEUE], queued: 0 };
}

/// A new owner of the object behind `handle`.
pub(crate) fn clone_ref(handle: u32) -> u32 {
    if !is_borrowed(handle) {
        let counted = REFS.with_state(|s| {
            let i = slot_index(handle) as usize;
            if i >= s.extra.len() {
                s.extra.resize(i + 1, 0);
            }
            let count = &mut s.extra[i];
            let room = *count < u16::MAX;
            if room {
                *count += 1;
            }
            room
        });
        if counted {
            return handle;
        }
    }
    backend::clone(handle)
}

/// One owner of `handle` is gone.
pub(crate) fn drop_ref(handle: u32) {
    let full = REFS.with_state(|s| {
        if let Some(count) = s.extra.get_mut(slot_index(handle) as usize) {
            if *count > 0 && !is_borrowed(handle) {
                *count -= 1;
                return None;
            }
        }
        // Release the older handles first, so the one just dropped stays valid until the next
        // batch (a reference returned to the host is read after this drop).
        if s.queued == QUEUE {
            let batch = s.queue;
            s.queue[0] = handle;
            s.queued = 1;
            return Some(batch);
        }
        s.queue[s.queued] = handle;
        s.queued += 1;
        None
    });
    if let Some(batch) = full {
        backend::release(&batch);
    }
}

/// Hands one owner of `handle` to the host, which releases the handle it receives: returns
/// `handle` itself when this was the only owner, else a fresh host clone.
pub(crate) fn transfer(handle: u32) -> u32 {
    let shared = REFS.with_state(|s| match s.extra.get_mut(slot_index(handle) as usize) {
        Some(count) if *count > 0 && !is_borrowed(handle) => {
            *count -= 1;
            true
        }
        _ => false,
    });
    if shared { backend::clone(handle) } else { handle }
}

/// Releases every dropped reference still waiting in this thread's queue.
///
/// Drops are batched: up to 32 released references wait (still alive on the host) until a batch
/// is full. Call `flush` where the host must see them gone, e.g. before checking the table's
/// live count.
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
