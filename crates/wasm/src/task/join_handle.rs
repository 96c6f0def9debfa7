//! [`JoinHandle`]: the awaitable output of a spawned task.

use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use super::executor::{Op, fatal};
use super::platform;
use super::raw::{CANCELLED, COMPLETE, Header, Payload};

/// The output of a task started with [`spawn`](super::spawn): awaiting it yields `Ok(output)`,
/// or a [`JoinError`] if the task panicked or was aborted.
///
/// Dropping the handle detaches the task: it keeps running and is freed when it finishes. The
/// handle stays on the thread that spawned the task (it is neither `Send` nor `Sync`).
pub struct JoinHandle<T> {
    task: *const Header,
    _output: PhantomData<T>,
}

impl<T> JoinHandle<T> {
    /// # Safety
    /// `task` is a live task of this thread whose output type is `T`, and the handle takes over
    /// one reference to it.
    pub(super) unsafe fn from_raw(task: *const Header) -> Self {
        JoinHandle { task, _output: PhantomData }
    }

    fn header(&self) -> &Header {
        // SAFETY: the handle's reference keeps the task alive; only this thread touches it.
        unsafe { &*self.task }
    }

    /// Whether the task has finished (its output, panic or cancellation is ready).
    pub fn is_finished(&self) -> bool {
        self.header().state.get() & COMPLETE != 0
    }

    /// Cancels the task: the next time the executor reaches it, its future is dropped instead of
    /// polled, and awaiting this handle yields a [`JoinError`] for which
    /// [`is_cancelled`](JoinError::is_cancelled) holds. Does nothing if it already finished.
    pub fn abort(&self) {
        let header = self.header();
        let state = header.state.get();
        if state & COMPLETE == 0 {
            header.state.set(state | CANCELLED);
            // SAFETY: our reference keeps the task alive for the call.
            unsafe { platform::task_op(self.task, Op::WakeByRef) };
        }
    }
}

// The handle never pins anything: the output is moved out of the task's allocation.
impl<T> Unpin for JoinHandle<T> {}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let header = self.header();
        if header.state.get() & COMPLETE == 0 {
            match header.join_waker.take() {
                Some(waker) if waker.will_wake(cx.waker()) => header.join_waker.set(Some(waker)),
                old => {
                    let waker = cx.waker().clone();
                    platform::with(|e| {
                        platform::stash(e, &waker);
                        if let Some(old) = &old {
                            platform::unstash(e, old);
                        }
                    });
                    header.join_waker.set(Some(waker));
                    drop(old);
                }
            }
            return Poll::Pending;
        }
        let mut output: Option<Result<T, JoinError>> = None;
        // SAFETY: the task's output type is `T` (`from_raw`), and it is complete.
        unsafe { (header.vtable.take_output)(self.task, (&raw mut output).cast()) };
        match output {
            Some(result) => Poll::Ready(result),
            None => fatal("JoinHandle polled again after it returned Ready"),
        }
    }
}

impl<T> Drop for JoinHandle<T> {
    fn drop(&mut self) {
        if let Some(waker) = self.header().join_waker.take() {
            platform::try_with(|e| platform::unstash(e, &waker));
        }
        // SAFETY: the handle owns one reference, given up here.
        unsafe { platform::task_op(self.task, Op::Release) };
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle").field("finished", &self.is_finished()).finish()
    }
}

/// Why a task produced no output: it panicked (only where panics unwind) or was aborted.
pub struct JoinError {
    repr: Repr,
}

enum Repr {
    Cancelled,
    // Uninhabited where no panic can be caught.
    #[cfg_attr(not(all(feature = "std", panic = "unwind")), allow(dead_code))]
    Panicked(ThinPayload),
}

/// A caught panic's payload behind a thin pointer: keeps `JoinError`, and so the output slot of
/// every task, one word instead of two. Panics are rare; the extra box costs only then.
#[cfg(all(feature = "std", panic = "unwind"))]
type ThinPayload = alloc::boxed::Box<Payload>;
#[cfg(not(all(feature = "std", panic = "unwind")))]
type ThinPayload = Payload;

impl JoinError {
    pub(super) fn cancelled() -> Self {
        JoinError { repr: Repr::Cancelled }
    }

    pub(super) fn panicked(payload: Payload) -> Self {
        #[cfg(all(feature = "std", panic = "unwind"))]
        let payload = alloc::boxed::Box::new(payload);
        JoinError { repr: Repr::Panicked(payload) }
    }

    /// The task was aborted with [`JoinHandle::abort`].
    pub fn is_cancelled(&self) -> bool {
        matches!(self.repr, Repr::Cancelled)
    }

    /// The task panicked (the panic was caught, the other tasks kept running).
    pub fn is_panic(&self) -> bool {
        matches!(self.repr, Repr::Panicked(_))
    }

    /// The panic's payload (to inspect it or `std::panic::resume_unwind` it), or the error back
    /// if the task was cancelled.
    #[cfg(all(feature = "std", panic = "unwind"))]
    pub fn try_into_panic(self) -> Result<Payload, JoinError> {
        match self.repr {
            Repr::Panicked(payload) => Ok(*payload),
            Repr::Cancelled => Err(self),
        }
    }

    /// The panic message, when the payload is a string (as `panic!` with a message makes it).
    pub fn panic_message(&self) -> Option<&str> {
        match &self.repr {
            Repr::Panicked(payload) => payload_message(payload),
            Repr::Cancelled => None,
        }
    }
}

#[cfg(all(feature = "std", panic = "unwind"))]
fn payload_message(payload: &ThinPayload) -> Option<&str> {
    use alloc::string::String;
    payload
        .downcast_ref::<&'static str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

#[cfg(not(all(feature = "std", panic = "unwind")))]
fn payload_message(payload: &ThinPayload) -> Option<&str> {
    match *payload {}
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Cancelled => f.write_str("JoinError::Cancelled"),
            Repr::Panicked(_) => write!(f, "JoinError::Panicked({:?})", self.panic_message()),
        }
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.repr, self.panic_message()) {
            (Repr::Cancelled, _) => f.write_str("task was cancelled"),
            (Repr::Panicked(_), Some(message)) => write!(f, "task panicked: {message}"),
            (Repr::Panicked(_), None) => f.write_str("task panicked"),
        }
    }
}

impl core::error::Error for JoinError {}
