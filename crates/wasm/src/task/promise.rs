//! JS promises and `wasm::task`: a JS promise awaited as a Rust future ([`JsFuture`]), and a
//! Rust future run as a task whose outcome settles a JS promise ([`spawn_promise`], what
//! `#[wasm::export] async fn` expands to).
//!
//! Both need no busy loop and no host timer: a promise reaction (a Rust [`Closure`]) stores the
//! value, wakes the waiting task and runs the executor; a new export task is first run from a
//! JS microtask. JS drives these calls through rustfn.mjs, which rejects the export promise whose
//! task was being polled when a call ends in a panic.

use alloc::boxed::Box;
use alloc::rc::{Rc, Weak};
use core::any::TypeId;
use core::cell::RefCell;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use crate::abi::desc::Desc;
use crate::abi::{ExportValue, FromHostValue, SlotWriter, ToHost};
use crate::closure::Owner;
use crate::externref::local::{WithLocal, local_state};
use crate::{Closure, ExternRef, FuncRef, HostType, TypeTest};

/// The marker of JS promises (`value instanceof Promise`).
pub enum Promise {}

impl HostType for Promise {
    const TEST: TypeTest = TypeTest::InstanceOf("Promise");
}

struct Shared<T, E> {
    out: Option<Result<T, E>>,
    waker: Option<Waker>,
    /// The reactions, released once the promise settled or the future dropped.
    reactions: Option<(Owner, Owner)>,
}

/// A JS promise (or any value: JS `Promise.resolve` adopts it) as a future of `Ok(value)` when it
/// fulfils, `Err(reason)` when it rejects, lifted as an import's result is: `T` and `E` are
/// checked and converted, and an `E` of `String` gets an `Error`'s message. A value that does not
/// convert to `T` (a `TypeError`) is an `Err` too when `E` can hold it (`String`, `ExternRef`).
///
/// Dropping it before the promise settles releases its reactions; the promise is not cancelled.
/// A promise that never settles leaves the future pending (and its task asleep) for good.
#[must_use = "a JsFuture does nothing unless awaited"]
pub struct JsFuture<T, E> {
    shared: Rc<RefCell<Shared<T, E>>>,
    _not_send: PhantomData<*const ()>,
}

impl<T: FromHostValue + 'static, E: FromHostValue + 'static> JsFuture<T, E> {
    /// Awaits `promise`.
    pub fn new<P: HostType>(promise: &ExternRef<P>) -> Self {
        let shared = Rc::new(RefCell::new(Shared {
            out: None,
            waker: None,
            reactions: None,
        }));
        let on_ok = settle_with(Rc::downgrade(&shared), Ok);
        let on_err = settle_with(Rc::downgrade(&shared), Err);
        let err_text = TypeId::of::<E>() == TypeId::of::<alloc::string::String>();
        transport::then(
            promise.as_raw(),
            on_ok.func().as_extern().as_raw(),
            on_err.func().as_extern().as_raw(),
            err_text,
        );
        shared.borrow_mut().reactions = Some((on_ok, on_err));
        JsFuture {
            shared,
            _not_send: PhantomData,
        }
    }
}

fn settle_with<T: 'static, E: 'static, V: FromHostValue + 'static>(
    shared: Weak<RefCell<Shared<T, E>>>,
    wrap: fn(V) -> Result<T, E>,
) -> Owner {
    Closure::once(move |v: V| {
        let Some(shared) = shared.upgrade() else {
            return;
        };
        let (reactions, waker) = {
            let mut s = shared.borrow_mut();
            s.out = Some(wrap(v));
            (s.reactions.take(), s.waker.take())
        };
        release(reactions);
        if let Some(w) = waker {
            w.wake();
        }
        super::run_until_stalled();
    })
    .into_owner()
}

/// Releases both reactions (one of them may be running now: it finishes, later calls throw).
fn release(reactions: Option<(Owner, Owner)>) {
    drop(reactions);
}

impl<T, E> Future for JsFuture<T, E> {
    type Output = Result<T, E>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut s = self.shared.borrow_mut();
        match s.out.take() {
            Some(out) => Poll::Ready(out),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl<T, E> Drop for JsFuture<T, E> {
    fn drop(&mut self) {
        let reactions = self.shared.borrow_mut().reactions.take();
        release(reactions);
    }
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
pub fn spawn_promise<F>(future: F) -> ExternRef<Promise>
where
    F: Future + 'static,
    F::Output: ToHost,
{
    spawn_settling(future, |out, id| settle(id, false, out))
}

/// Runs `future` as a task and returns a JS promise that `Ok` resolves and `Err` rejects (with
/// the value, or a `RustError` holding it when it is not an `Error`, as for exports).
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
    static STATE: Export = Export { next: 1, runner: None, settlers: [None, None] };
}

struct Export {
    next: u32,
    /// A JS function that runs the executor (`run_until_stalled`).
    runner: Option<FuncRef>,
    /// The JS functions `(id, value)` resolving and rejecting export promise `id`, made once.
    settlers: [Option<FuncRef>; 2],
}

/// Resolves (or rejects) export promise `id` with `value`.
fn settle<V: ToHost>(id: u32, reject: bool, value: V) {
    let settler = STATE.with_state(|s| s.settlers[reject as usize].clone());
    let settler = settler.unwrap_or_else(|| {
        let f = transport::settler(reject);
        STATE.with_state(|s| s.settlers[reject as usize] = Some(f.clone()));
        f
    });
    settler.call::<_, ()>((id, value))
}

fn spawn_settling<F: Future + 'static>(
    future: F,
    settle: impl FnOnce(F::Output, u32) + 'static,
) -> ExternRef<Promise> {
    // The runner's handle, borrowed from `STATE` (which keeps it for the module's life).
    let runner = STATE.with_state(|s| s.runner.as_ref().map(|r| r.as_extern().as_raw()));
    let runner = runner.unwrap_or_else(|| {
        let r = Closure::new(|| {
            super::run_until_stalled();
        })
        .into_js_forever(); // one per thread, for the module's life
        let raw = r.as_extern().as_raw();
        STATE.with_state(|s| s.runner = Some(r));
        raw
    });
    let id = STATE.with_state(|s| {
        let id = s.next;
        s.next += 1;
        id
    });
    let promise = transport::promise_new(id, runner);
    let body: Pin<Box<dyn Future<Output = ()>>> = Box::pin(async move {
        let out = future.await;
        settle(out, id);
    });
    drop(super::spawn(Tracked { id, body }));
    promise
}

/// Tells the host which export promise a panic during this poll should reject.
struct Tracked {
    id: u32,
    body: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for Tracked {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        transport::polling(self.id);
        let out = self.body.as_mut().poll(cx);
        transport::polling(0);
        out
    }
}

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod transport {
    use super::Promise;
    use crate::{ExternRef, FuncRef};

    use crate::externref::local::{WithLocal, local_state};
    use core::cell::Cell;

    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "promise_then"]
        fn host_then(promise: u32, on_ok: u32, on_err: u32, err_text: u32);
        #[link_name = "promise_new"]
        fn host_promise_new(id: u32, runner: u32, polling: *const u32) -> u32;
        #[link_name = "promise_fn"]
        fn host_promise_fn(reject: u32) -> u32;
    }

    local_state! {
        // The export promise whose task is being polled (0: none), read by the host only when
        // a call ends in a panic (no import call per poll).
        static POLLING: Cell<u32> = Cell::new(0);
    }

    pub(super) fn then(promise: u32, on_ok: u32, on_err: u32, err_text: bool) {
        // SAFETY: plain values; the host only reads the values of these live handles.
        unsafe { host_then(promise, on_ok, on_err, err_text as u32) }
    }

    pub(super) fn promise_new(id: u32, runner: u32) -> ExternRef<Promise> {
        let polling = POLLING.with_state(|p| p.as_ptr().cast_const());
        // SAFETY: plain values and the address of this thread's `POLLING`, which lives as long
        // as the module; the host reads it (never writes) after a call trapped. It inserts the
        // new promise and returns its owned handle.
        let p = unsafe { host_promise_new(id, runner, polling) };
        crate::abi::ref_from_host(p)
    }

    /// The function `(id, value)` resolving (or rejecting) export promise `id`.
    pub(super) fn settler(reject: bool) -> FuncRef {
        // SAFETY: a plain value; the host inserts the new function and returns its owned handle.
        let f = unsafe { host_promise_fn(reject as u32) };
        crate::abi::ref_from_host(f)
    }

    pub(super) fn polling(id: u32) {
        POLLING.with_state(|p| p.set(id));
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod transport {
    use super::Promise;
    use crate::{ExternRef, FuncRef};

    pub(super) fn then(_: u32, _: u32, _: u32, _: bool) {
        crate::abi::trap("wasm: JsFuture needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn promise_new(_: u32, _: u32) -> ExternRef<Promise> {
        crate::abi::trap("wasm: spawn_promise needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn settler(_: bool) -> FuncRef {
        crate::abi::trap("wasm: spawn_promise needs a JS host (wasm32 with wasmrust.mjs)")
    }

    pub(super) fn polling(_: u32) {}
}
