//! JS promises and `wasm::task`: a JS promise awaited as a Rust future ([`JsFuture`]), and a
//! Rust future run as a task whose outcome settles a JS promise ([`spawn_promise`], what
//! `#[wasm::export] async fn` expands to).
//!
//! Both need no busy loop and no host timer, and make no [`Closure`](crate::Closure): an awaited
//! promise's reactions are two host functions bound to a [`HostWait`] token, which, when the
//! promise settles, keep its value on the host and call one module-wide entry ([`woken`]) that
//! resolves the token and runs the executor; the woken future then asks the host for the value,
//! lifted by its type. A new export task is first polled inside the export call (a future ready
//! then settles the promise before it is returned). JS drives these calls through rustfn.mjs,
//! which rejects the export promise whose task was being polled when a call ends in a panic
//! (the export's own wrapper, for a panic in the first poll).

use alloc::vec::Vec;
use core::any::TypeId;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use super::host::HostWait;
use crate::abi::desc::{Desc, MARK_CALL, Marked};
use crate::abi::{ExportValue, FromHostValue, SlotReader, SlotWriter, ToHost};
use crate::externref::local::{WithLocal, local_state};
use crate::{ExternRef, HostType, TypeTest};

/// The marker of JS promises (`value instanceof Promise`).
pub enum Promise {}

impl HostType for Promise {
    const TEST: TypeTest = TypeTest::InstanceOf("Promise");
}

/// A JS promise (or any value: JS `Promise.resolve` adopts it) as a future of `Ok(value)` when it
/// fulfils, `Err(reason)` when it rejects, lifted as an import's result is: `T` and `E` are
/// checked and converted, and an `E` of `String` gets an `Error`'s message. A value that does not
/// convert to `T` (a `TypeError`) is an `Err` too when `E` can hold it (`String`, `ExternRef`);
/// when neither converts, the `TypeError` is thrown into the poll, as an import's would be.
///
/// Awaiting makes no Rust closure: the future is a [`HostWait`] token the host's reactions carry.
/// Dropping it before the promise settles frees the token (a later settling is ignored: the
/// token is stale, never another wait's) and drops a value the host kept for it; the promise is
/// not cancelled, and its two small JS reactions live as long as the promise does. A promise
/// that never settles leaves the future pending (and its task asleep) for good: one host-wait
/// slot (at most 2^20 open at once) while the future lives, nothing after it is dropped.
#[must_use = "a JsFuture does nothing unless awaited"]
pub struct JsFuture<T, E> {
    wait: HostWait,
    /// The value was lifted (the host no longer keeps it).
    taken: bool,
    _types: PhantomData<fn() -> (T, E)>,
}

/// The signature `() -> V` the host lowers a settled promise's value with (a `FuncRef::call`
/// result's).
struct Lift<V>(PhantomData<V>);

impl<V: FromHostValue> Lift<V> {
    const DESC: Desc = Desc::code(0).then(V::DESC);
    // Marked: emit.mjs finds the signature in the data (desc.rs `Marked`).
    const MARKED: &'static Marked = &{
        assert!(V::FLAT <= 32, "too many values for one promise value");
        Marked::new(MARK_CALL, Self::DESC)
    };
    const STATIC: &'static Desc = Self::MARKED.desc();
}

impl<T: FromHostValue + 'static, E: FromHostValue + 'static> JsFuture<T, E> {
    /// Awaits `promise`.
    pub fn new<P: HostType>(promise: &ExternRef<P>) -> Self {
        let wait = HostWait::new();
        transport::then(promise.as_raw(), wait.token());
        JsFuture {
            wait,
            taken: false,
            _types: PhantomData,
        }
    }
}

impl<T: FromHostValue + 'static, E: FromHostValue + 'static> Future for JsFuture<T, E> {
    type Output = Result<T, E>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let status = match Pin::new(&mut self.wait).poll(cx) {
            Poll::Ready(status) => status,
            Poll::Pending => return Poll::Pending,
        };
        if self.taken {
            panic!("JsFuture polled after it completed");
        }
        self.taken = true;
        let err_text = TypeId::of::<E>() == TypeId::of::<alloc::string::String>();
        let mut slots = [0u64; 32];
        let how = status | (err_text as u32) << 2;
        let out = transport::take(
            self.wait.token(),
            how,
            Lift::<T>::STATIC,
            Lift::<E>::STATIC,
            &mut slots,
        );
        let mut r = SlotReader::new(&slots);
        Poll::Ready(if out == FULFILLED {
            Ok(T::read(&mut r))
        } else {
            Err(E::read(&mut r))
        })
    }
}

impl<T, E> Drop for JsFuture<T, E> {
    fn drop(&mut self) {
        // Settled, not lifted: the host drops the value it kept (status 0).
        if !self.taken && self.wait.is_resolved() {
            transport::take(
                self.wait.token(),
                0,
                &Desc::EMPTY,
                &Desc::EMPTY,
                &mut [0; 32],
            );
        }
    }
}

/// How a promise settled (the value its token resolves with): fulfilled, rejected.
const FULFILLED: u32 = 1;

/// The module-wide entry the host calls (through `__wasmrust_fn_call_i32_1`, as a closure's) when
/// an awaited promise settled (`token` of its [`JsFuture`], `status` [`FULFILLED`] or 2), or with
/// token 0 to run the executor (tasks queued during a call). Returns 0, or the
/// [`TokenError`](super::TokenError) code of a stale token (the future was dropped: the host
/// drops the value). Never wakes another wait: tokens carry a generation.
fn woken(_: usize, token: u32, status: u32, _: u32) -> u32 {
    let code = match token {
        0 => 0,
        _ => super::resolve(token, status)
            .err()
            .map_or(0, super::TokenError::code),
    };
    super::run_until_stalled();
    code
}

/// [`woken`]'s address in the module's function table, which the host passes back.
fn woken_at() -> u32 {
    woken as crate::closure::Entry as usize as u32
}

/// An exported record, enum, variant or class object settling an async export's promise
/// (`#[wasm::export] async fn` wraps them in it): it crosses as a sync export's result does, so
/// the promise resolves to the same JS value.
#[doc(hidden)]
pub struct Exported<T>(pub T);

// SAFETY: the two flat values `ExportValue::into_flat` gives (pointer and length of the encoded
// bytes, kept alive like a returned string; or a class object's slot and generation), described
// by the type's own descriptor, which is the one its export records carry.
unsafe impl<T: ExportValue> ToHost for Exported<T> {
    // A descriptor longer than a `FuncRef::call` signature may be (255 bytes) fails to compile.
    const DESC: Desc = Desc::EMPTY.append(T::DESC.as_bytes());
    const FLAT: usize = 2;
    fn write(self, w: &mut SlotWriter<'_>) {
        let (a, b) = self.0.into_flat();
        w.i32(a);
        w.i32(b);
    }
}

/// Runs `future` as a task and returns a JS promise it resolves with its output.
///
/// The task's first poll runs now, inside this call (as a JS `async function` runs up to its
/// first `await`): a future that is ready then gives an already-resolved promise, with no task
/// left queued and no microtask. A pending one is polled again when woken. Called while this
/// thread's executor is running (from a task, through JS), the task is queued for that loop.
pub fn spawn_promise<F>(future: F) -> ExternRef<Promise>
where
    F: Future + 'static,
    F::Output: ToHost,
{
    spawn_settling(future, |out, id| settle(id, false, out))
}

/// Runs `future` as a task and returns a JS promise that `Ok` resolves and `Err` rejects (with
/// the value, or a `RustError` holding it when it is not an `Error`, as for exports). The first
/// poll runs now, as for [`spawn_promise`].
pub fn spawn_promise_result<F, T, E>(future: F) -> ExternRef<Promise>
where
    F: Future<Output = Result<T, E>> + 'static,
    T: ToHost,
    E: ToHost,
{
    spawn_settling(future, |out, id| match out {
        Ok(v) => settle(id, false, v),
        Err(e) => settle(id, true, e),
    })
}

local_state! {
    static STATE: Export = Export { next: 1, first: 0, ready: 0 };
}

struct Export {
    next: u32,
    /// The export promise whose task's first poll runs now (0: none): settling it makes the
    /// promise the export returns, already settled.
    first: u32,
    /// That promise's handle, once made (0: not yet).
    ready: u32,
}

/// The signature `(V) -> ()` the host lifts a settling value with (as for `FuncRef::call`).
struct Settles<V>(PhantomData<V>);

impl<V: ToHost> Settles<V> {
    const DESC: Desc = Desc::code(1)
        .then(V::DESC)
        .then(<() as FromHostValue>::DESC);
    const MARKED: &'static Marked = &Marked::new(MARK_CALL, Self::DESC);
    const STATIC: &'static Desc = Self::MARKED.desc();
}

/// Resolves (or rejects) export promise `id` with `value`; in its task's first poll, makes the
/// settled promise the export returns instead.
fn settle<V: ToHost>(id: u32, reject: bool, value: V) {
    const { assert!(V::FLAT <= 32, "too many values for one promise result") }
    let first = STATE.with_state(|s| s.first == id);
    let mut keep = Vec::new();
    let mut slots = [0u64; 32];
    value.write(&mut SlotWriter::new(&mut slots, &mut keep));
    let how = reject as u32 | (first as u32) << 1;
    let p = transport::settle(id, how, Settles::<V>::STATIC, &slots);
    drop(keep);
    if first {
        STATE.with_state(|s| s.ready = p);
    }
}

fn spawn_settling<F: Future + 'static>(
    future: F,
    settle: impl FnOnce(F::Output, u32) + 'static,
) -> ExternRef<Promise> {
    let id = STATE.with_state(|s| {
        let id = s.next;
        s.next += 1;
        id
    });
    // One allocation: the task holds this future, which tells the host (a memory cell read
    // only after a trap) which export promise a panic during each of its polls should reject.
    let body = async move {
        let mut run = core::pin::pin!(async move {
            let out = future.await;
            settle(out, id);
        });
        core::future::poll_fn(|cx| {
            transport::polling(id);
            let out = run.as_mut().poll(cx);
            transport::polling(0);
            out
        })
        .await
    };
    let outer = STATE.with_state(|s| {
        s.ready = 0;
        core::mem::replace(&mut s.first, id)
    });
    let polled = super::spawn_polled(body);
    let ready = STATE.with_state(|s| {
        // Polled: the executor was not running, so no other first poll is under way (`outer`
        // can only be left over from one that trapped). Queued: this call came from inside a
        // poll, maybe an outer export's first poll, whose id comes back.
        s.first = if polled { 0 } else { outer };
        core::mem::take(&mut s.ready)
    });
    let queued = super::queued() != 0;
    if ready != 0 {
        if queued {
            transport::run_soon(woken_at());
        }
        return crate::abi::ref_from_host(ready);
    }
    // Pending (or queued behind the running executor's loop, `polled` false): the promise is
    // settled later, when the task finishes.
    transport::promise_new(id, woken_at(), !polled || queued)
}

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod transport {
    use super::Promise;
    use crate::ExternRef;
    use crate::abi::desc::Desc;

    use crate::externref::local::{WithLocal, local_state};
    use core::cell::Cell;

    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "promise_then"]
        fn host_then(promise: u32, token: u32, woken: u32);
        #[link_name = "promise_take"]
        fn host_take(
            token: u32,
            how: u32,
            ok: *const Desc,
            err: *const Desc,
            value: *mut u64,
        ) -> u32;
        #[link_name = "promise_new"]
        fn host_promise_new(id: u32, woken: u32, polling: *const u32, run: u32) -> u32;
        #[link_name = "promise_settle"]
        fn host_settle(id: u32, how: u32, signature: *const Desc, value: *const u64) -> u32;
        #[link_name = "promise_run"]
        fn host_run_soon(woken: u32);
    }

    local_state! {
        // The export promise whose task is being polled (0: none), read by the host only when
        // a call ends in a panic (no import call per poll).
        static POLLING: Cell<u32> = Cell::new(0);
    }

    /// Awaits `promise`: when it settles, the host keeps its value and calls
    /// `woken(token, status)`.
    pub(super) fn then(promise: u32, token: u32) {
        // SAFETY: plain values: a live handle the host only reads, a token, and the address of
        // `woken` in this module's function table (an `Entry`, SAFETY.md "Closure entries").
        unsafe { host_then(promise, token, super::woken_at()) }
    }

    /// The value kept for `token` (bits 0-1 of `how`: how it settled; 0: just drop it), lowered
    /// by `ok` (fulfilled) or `err` (rejected, or not a `T`) into `slots`; returns which (1, 2),
    /// or 0 when dropped.
    pub(super) fn take(
        token: u32,
        how: u32,
        ok: &'static Desc,
        err: &'static Desc,
        slots: &mut [u64; 32],
    ) -> u32 {
        // SAFETY: the host reads the signatures and writes the flat values of the one it
        // lowers by (at most 32, checked at compile time in `Lift`) into `slots`.
        unsafe { host_take(token, how, ok, err, slots.as_mut_ptr()) }
    }

    /// A pending promise for export `id`; `run`: also run the executor (`woken` with token 0)
    /// from a microtask.
    pub(super) fn promise_new(id: u32, woken: u32, run: bool) -> ExternRef<Promise> {
        let polling = POLLING.with_state(|p| p.as_ptr().cast_const());
        // SAFETY: plain values, `woken`'s table address (an `Entry`), and the address of this
        // thread's `POLLING`, which lives as long as the module; the host reads it (never
        // writes) after a call trapped. It inserts the new promise and returns its owned handle.
        let p = unsafe { host_promise_new(id, woken, polling, run as u32) };
        crate::abi::ref_from_host(p)
    }

    /// Settles export promise `id` with the value in `slots` (bit 0 of `how`: reject), or, with
    /// bit 1, makes a promise settled with it and returns its owned handle (else 0).
    pub(super) fn settle(id: u32, how: u32, signature: &'static Desc, slots: &[u64; 32]) -> u32 {
        // SAFETY: the host reads the signature and the value's flat values it describes (at
        // most 32, checked at compile time in `settle`), and writes nothing.
        unsafe { host_settle(id, how, signature, slots.as_ptr()) }
    }

    /// Runs the executor (`woken` with token 0) from a microtask (tasks were queued during a
    /// call).
    pub(super) fn run_soon(woken: u32) {
        // SAFETY: `woken`'s table address (an `Entry`), which the host passes back.
        unsafe { host_run_soon(woken) }
    }

    pub(super) fn polling(id: u32) {
        POLLING.with_state(|p| p.set(id));
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod transport {
    use super::Promise;
    use crate::ExternRef;
    use crate::abi::desc::Desc;

    pub(super) fn then(_: u32, _: u32) {
        crate::abi::trap("wasm: JsFuture needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn take(
        _: u32,
        _: u32,
        _: &'static Desc,
        _: &'static Desc,
        _: &mut [u64; 32],
    ) -> u32 {
        crate::abi::trap("wasm: JsFuture needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn promise_new(_: u32, _: u32, _: bool) -> ExternRef<Promise> {
        crate::abi::trap("wasm: spawn_promise needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn settle(_: u32, _: u32, _: &'static Desc, _: &[u64; 32]) -> u32 {
        crate::abi::trap("wasm: spawn_promise needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn run_soon(_: u32) {}

    pub(super) fn polling(_: u32) {}
}
