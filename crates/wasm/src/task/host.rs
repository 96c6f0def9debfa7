//! Waking a task from the host: [`HostWait`] hands out a `u32` token, the host passes it back to an
//! export that calls [`resolve`].
//!
//! Tokens are an index into a slot table plus a generation, so a stale token (already resolved,
//! or whose wait was dropped) and a forged one are told apart from live ones and rejected with a
//! [`TokenError`]: they never resolve somebody else's wait.

use alloc::vec::Vec;
use core::cell::{Cell, UnsafeCell};
use core::fmt;
use core::future::Future;
use core::marker::PhantomData;
use core::mem;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use super::executor::fatal;
use super::platform;

const INDEX_BITS: u32 = 20;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;
/// Generations run 1..=MAX_GENERATION (so 0 is never a token); a slot whose generation is used up
/// is retired rather than reused, so a token value is never issued twice.
const MAX_GENERATION: u32 = u32::MAX >> INDEX_BITS;

/// The host-wait slot table of one executor.
pub(crate) struct Slots {
    slots: UnsafeCell<Vec<Slot>>,
    /// Index + 1 of the first free slot, 0 if none.
    free: Cell<u32>,
}

struct Slot {
    generation: u32,
    state: SlotState,
}

enum SlotState {
    Free { next: u32 },
    Waiting(Option<Waker>),
    Resolved(u32),
    Retired,
}

impl Slots {
    pub(super) const fn new() -> Self {
        Slots { slots: UnsafeCell::new(Vec::new()), free: Cell::new(0) }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Vec<Slot>) -> R) -> R {
        // SAFETY: only the owning thread reaches the table, and no closure passed here runs code
        // outside this file (wakers are moved out and woken or dropped after it returns), so this
        // is the only borrow.
        f(unsafe { &mut *self.slots.get() })
    }

    fn open(&self) -> u32 {
        self.with(|slots| {
            let index = match self.free.get() {
                0 => {
                    let index = slots.len() as u32;
                    if index > INDEX_MASK {
                        fatal("wasm::task: more than 2^20 host waits at once");
                    }
                    slots.push(Slot { generation: 1, state: SlotState::Waiting(None) });
                    index
                }
                free => {
                    let slot = &mut slots[free as usize - 1];
                    if let SlotState::Free { next } = slot.state {
                        self.free.set(next);
                    }
                    slot.state = SlotState::Waiting(None);
                    free - 1
                }
            };
            slots[index as usize].generation << INDEX_BITS | index
        })
    }

    /// Frees the slot of a live token; returns the waker it held.
    fn close(&self, token: u32) -> Option<Waker> {
        self.with(|slots| {
            let index = token & INDEX_MASK;
            let slot = &mut slots[index as usize];
            slot.generation += 1;
            let state = if slot.generation > MAX_GENERATION {
                SlotState::Retired
            } else {
                SlotState::Free { next: self.free.replace(index + 1) }
            };
            match mem::replace(&mut slot.state, state) {
                SlotState::Waiting(waker) => waker,
                _ => None,
            }
        })
    }
}

/// A wait for the host, identified by a `u32` [`token`](HostWait::token): awaiting it yields the
/// value the host passes to [`resolve`].
///
/// The typical round trip: a task makes a `HostWait`, hands its token to the host through an
/// import that starts the work (a `fetch`, a timer, a wasmtime host call), and awaits it. When the
/// work is done the host calls an export that calls [`resolve`]`(token, value)` and then
/// [`run_until_stalled`](super::run_until_stalled); the task continues inside that call.
/// docs/async.md has the JS and wasmtime sides.
///
/// Dropping the `HostWait` invalidates its token (resolving it later returns
/// [`TokenError::Stale`]). Tokens belong to the thread that made them (on wasm there is one).
#[must_use = "a HostWait does nothing unless awaited"]
pub struct HostWait {
    token: u32,
    _thread_bound: PhantomData<*const ()>,
}

impl HostWait {
    /// Opens a wait and its token.
    ///
    /// # Panics
    /// If more than 2^20 (1,048,576) waits are open on this thread at once (on wasm32: traps).
    pub fn new() -> Self {
        HostWait { token: platform::with(|e| e.host.open()), _thread_bound: PhantomData }
    }

    /// The token to give the host. Never 0.
    pub fn token(&self) -> u32 {
        self.token
    }

    /// Whether [`resolve`] was called with the token (and the wait is still open).
    pub(crate) fn is_resolved(&self) -> bool {
        let index = (self.token & INDEX_MASK) as usize;
        let resolved = |slots: &mut Vec<Slot>| matches!(slots[index].state, SlotState::Resolved(_));
        platform::try_with(|e| e.host.with(resolved)).unwrap_or(false)
    }
}

impl Default for HostWait {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HostWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostWait").field("token", &self.token).finish()
    }
}

impl Future for HostWait {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let index = (self.token & INDEX_MASK) as usize;
        platform::with(|e| {
            let current = e.host.with(|slots| match &slots[index].state {
                SlotState::Resolved(value) => Some(Poll::Ready(*value)),
                SlotState::Waiting(Some(waker)) if waker.will_wake(cx.waker()) => {
                    Some(Poll::Pending)
                }
                _ => None,
            });
            if let Some(poll) = current {
                return poll;
            }
            let waker = cx.waker().clone();
            platform::stash(e, &waker);
            let old = e.host.with(|slots| {
                mem::replace(&mut slots[index].state, SlotState::Waiting(Some(waker)))
            });
            if let SlotState::Waiting(Some(old)) = old {
                platform::unstash(e, &old);
            }
            Poll::Pending
        })
    }
}

impl Drop for HostWait {
    fn drop(&mut self) {
        platform::try_with(|e| {
            if let Some(waker) = e.host.close(self.token) {
                platform::unstash(e, &waker);
            }
        });
    }
}

/// Resolves the [`HostWait`] whose token is `token` with `value`, and wakes the task awaiting it.
///
/// The host calls this through an export; the export then calls
/// [`run_until_stalled`](super::run_until_stalled) to let the woken task run:
///
/// ```
/// #[unsafe(no_mangle)]
/// pub extern "C" fn host_resolved(token: u32, value: u32) -> u32 {
///     let result = wasm::task::resolve(token, value);
///     wasm::task::run_until_stalled();
///     result.err().map_or(0, wasm::task::TokenError::code)
/// }
/// ```
///
/// Effect: `host_call` (`js_call` when the host is JavaScript): this is where the host's answer
/// enters the module. A token that is stale or was never issued is rejected with a
/// [`TokenError`]; it never resolves another wait.
pub fn resolve(token: u32, value: u32) -> Result<(), TokenError> {
    platform::with(|e| {
        let waker = e.host.with(|slots| {
            let generation = token >> INDEX_BITS;
            let slot = slots.get_mut((token & INDEX_MASK) as usize).ok_or(TokenError::Unknown)?;
            if generation == 0 || generation > slot.generation {
                return Err(TokenError::Unknown);
            }
            if generation < slot.generation {
                return Err(TokenError::Stale);
            }
            match &mut slot.state {
                SlotState::Waiting(waker) => {
                    let waker = waker.take();
                    slot.state = SlotState::Resolved(value);
                    Ok(waker)
                }
                SlotState::Resolved(_) => Err(TokenError::Stale),
                // A free slot's generation is the next one to issue; a retired one never matches.
                SlotState::Free { .. } | SlotState::Retired => Err(TokenError::Unknown),
            }
        })?;
        if let Some(waker) = waker {
            platform::unstash(e, &waker);
            waker.wake();
        }
        Ok(())
    })
}

/// Why [`resolve`] rejected a token. The discriminants are stable codes an export can return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TokenError {
    /// No wait was ever issued with this token on this thread (forged, or from another instance).
    Unknown = 1,
    /// The wait was already resolved, or was dropped (its task finished or was cancelled).
    Stale = 2,
}

impl TokenError {
    /// The error's stable code (1 or 2; exports commonly return 0 for success).
    pub fn code(self) -> u32 {
        self as u32
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenError::Unknown => "unknown host-wait token",
            TokenError::Stale => "stale host-wait token: already resolved or no longer awaited",
        })
    }
}

impl core::error::Error for TokenError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_of_a_dropped_wait_is_stale_after_its_slot_is_reused() {
        let a = HostWait::new();
        let stale = a.token();
        assert!(!a.is_resolved());
        assert_eq!(resolve(stale, 1), Ok(()));
        assert!(a.is_resolved());
        drop(a);
        let b = HostWait::new();
        assert_eq!(b.token() & INDEX_MASK, stale & INDEX_MASK, "the slot is reused");
        assert_ne!(b.token(), stale, "with the next generation");
        assert_eq!(resolve(stale, 2), Err(TokenError::Stale));
        assert!(!b.is_resolved(), "the stale token resolved nothing");
        assert_eq!(resolve(b.token(), 3), Ok(()));
        assert!(b.is_resolved());
    }
}
