//! The closures JS can call, by key: what a call finds (a closure to run, or why not) and what
//! release, a re-entrant call and a call that released its own closure do to an entry.
//!
//! No user code runs while the registry is borrowed: a call takes what it runs out of its entry
//! (a clone of an `Fn`, the box of an `FnMut` / `FnOnce`), runs it, and puts an `FnMut` back if
//! its entry still exists. So a closure may call JS that calls it (or another closure) again, and
//! may release itself. A typed `Fn` call takes nothing: it counts itself in [`Registry::calls`]
//! instead, and an `Fn` released while any such call runs drops when the last one returns
//! (one counter for all closures, so no per-closure count to touch on every call).

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;

use super::slots::Io;
use super::typed::Typed;
use crate::externref::local::{WithLocal, local_state};

/// A closure with its arguments read from slots and its result written to slots.
pub(crate) type SharedBody = Rc<dyn Fn(&mut Io<'_>)>;
pub(crate) type MutBody = Box<dyn FnMut(&mut Io<'_>)>;
pub(crate) type OnceBody = Box<dyn FnOnce(&mut Io<'_>)>;

pub(crate) enum Body {
    Shared(SharedBody),
    /// An `Fn` handed to JS for good (`Closure::into_js_forever`): never removed, so its typed
    /// calls are not counted.
    Forever(SharedBody),
    /// `None` while a call runs it.
    Mut(Option<MutBody>),
    /// `None` once called.
    Once(Option<OnceBody>),
    /// An entry no closure holds ([`Record::VACANT`]).
    Vacant,
}

struct Record {
    /// Never reused: a key naming a released closure finds another id (or none) at its index.
    /// 0 in a vacant entry, which no key names.
    id: u32,
    /// The address of the closure's typed entry (`typed.rs`), 0 if it has none (or the entry is
    /// vacant): a typed entry compares it with its own, never 0, so one comparison also refuses
    /// a vacant entry and one without a typed entry.
    entry: usize,
    /// The closure's state, for its typed entry; owned by `body`.
    data: *const (),
    body: Body,
    /// Lives in a stack frame (`with_closure`): never leaked to a later call.
    scoped: bool,
    /// An `FnMut` whose call was abandoned by a trap (a panic): its state is gone.
    poisoned: bool,
}

impl Record {
    /// An entry no closure holds. Vacant entries are records rather than `None`s so that a
    /// typed call checks its key with two comparisons (id, entry) and no `Option` tag.
    const VACANT: Record = Record {
        id: 0,
        entry: 0,
        data: core::ptr::null(),
        body: Body::Vacant,
        scoped: false,
        poisoned: false,
    };
}

/// Why a call did not run; the host throws an `Error` saying so (the codes are the host's too).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Refused {
    Released = 1,
    Running = 2,
    Called = 3,
    Poisoned = 4,
}

/// A closure's place in the registry: its index (reused once it is released), and its id
/// (never reused), which the entry at the index must have. A JS call passes both, so finding the
/// closure is an index, not a search.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) index: u32,
    pub(crate) id: u32,
}

struct Registry {
    next: u32,
    entries: Vec<Record>,
    /// Indexes of vacant entries.
    free: Vec<u32>,
    /// Typed `Fn` calls under way (of closures that may be released), and [`PENDING`] while
    /// `deferred` holds bodies: the last call to return drops them.
    calls: u32,
    /// `Fn` bodies released while a typed `Fn` call was under way.
    deferred: Vec<SharedBody>,
}

/// The bit of [`Registry::calls`] saying that released bodies wait in `deferred`: a call that
/// leaves `calls` equal to it was the last.
const PENDING: u32 = 1 << 31;

impl Registry {
    /// The live entry `key` names.
    fn get_mut(&mut self, key: Key) -> Option<&mut Record> {
        let e = self.entries.get_mut(key.index as usize)?;
        (e.id == key.id && key.id != 0).then_some(e)
    }
}

local_state! {
    static REGISTRY: Registry = Registry {
        next: 1,
        entries: Vec::new(),
        free: Vec::new(),
        calls: 0,
        deferred: Vec::new(),
    };
}

/// Adds a closure; ids are never reused, so a stale JS function can never reach a newer closure.
pub(crate) fn insert(body: Body, typed: Option<Typed>, scoped: bool) -> Key {
    REGISTRY.with_state(|r| {
        let id = r.next;
        r.next = r
            .next
            .checked_add(1)
            .unwrap_or_else(|| crate::abi::trap("wasm: out of closure ids"));
        let entry = Record {
            id,
            entry: typed.map_or(0, |t| t.entry.address()),
            data: typed.map_or(core::ptr::null(), |t| t.data),
            body,
            scoped,
            poisoned: false,
        };
        // A free index is always in range and its entry vacant (`Record::VACANT`, nothing to
        // drop): `get_mut` and `forget` say so without a bounds-check panic or a drop call.
        let free = r.free.pop().and_then(|index| Some((index, r.entries.get_mut(index as usize)?)));
        let index = match free {
            Some((index, slot)) => {
                core::mem::forget(core::mem::replace(slot, entry));
                index
            }
            None => {
                r.entries.push(entry);
                (r.entries.len() - 1) as u32
            }
        };
        Key { index, id }
    })
}

/// Removes a closure. Returns its body, dropped by the caller outside the registry (its
/// captures' destructors may call JS); `None` if it was gone, or if it is an `Fn` and a typed
/// `Fn` call is under way (it may be this closure's): then the last such call drops it.
pub(crate) fn remove(key: Key) -> Option<Body> {
    REGISTRY.with_state(|r| {
        let body = core::mem::replace(r.get_mut(key)?, Record::VACANT).body;
        r.free.push(key.index);
        match body {
            Body::Shared(f) | Body::Forever(f) if r.calls & !PENDING != 0 => {
                r.deferred.push(f);
                r.calls |= PENDING;
                None
            }
            body => Some(body),
        }
    })
}

/// Marks `Fn` closure `key` as handed to JS for good: it is never removed.
pub(crate) fn forever(key: Key) {
    REGISTRY.with_state(|r| {
        if let Some(e) = r.get_mut(key) {
            e.body = match core::mem::replace(&mut e.body, Body::Once(None)) {
                Body::Shared(f) => Body::Forever(f),
                body => body,
            };
        }
    });
}

/// Drops the bodies released during typed `Fn` calls, once none is under way (the last one
/// returned, or a trap abandoned them all). Their destructors may call closures, releasing more.
#[cold]
#[inline(never)]
pub(crate) fn drop_deferred() {
    loop {
        let gone = REGISTRY.with_state(|r| {
            r.calls &= !PENDING;
            core::mem::take(&mut r.deferred)
        });
        if gone.is_empty() {
            return;
        }
        drop(gone);
    }
}

/// After a trap abandoned calls: an `FnMut` that was running is poisoned (its box was on the
/// abandoned stack and is lost), scoped closures are forgotten (removed without running their
/// captures' destructors, which may borrow a stack frame the trap abandoned), and no typed `Fn`
/// call is under way any more (the bodies released during them drop). One pass over the entries.
pub(crate) fn abandoned() {
    let pending = REGISTRY.with_state(|r| {
        for (index, e) in r.entries.iter_mut().enumerate() {
            if e.scoped {
                // Forgetting runs no code, so it may happen with the registry borrowed; the
                // captures leak.
                core::mem::forget(core::mem::replace(e, Record::VACANT));
                r.free.push(index as u32);
            } else if matches!(e.body, Body::Mut(None)) {
                e.poisoned = true;
            }
        }
        r.calls &= PENDING;
        r.calls != 0
    });
    if pending {
        drop_deferred();
    }
}

/// What a call took out of its entry to run.
enum Taken {
    Shared(SharedBody),
    Mut(MutBody),
    Once(OnceBody),
}

/// Takes what a call of `key` runs: a clone of an `Fn` (which keeps its state alive if the call
/// releases it), or the box of an `FnMut` / `FnOnce`.
#[inline(always)]
fn take(key: Key) -> Result<Taken, Refused> {
    REGISTRY.with_state(|r| {
        let e = r.get_mut(key).ok_or(Refused::Released)?;
        if e.poisoned {
            return Err(Refused::Poisoned);
        }
        let taken = match &mut e.body {
            Body::Shared(f) | Body::Forever(f) => Taken::Shared(f.clone()),
            Body::Mut(f) => Taken::Mut(f.take().ok_or(Refused::Running)?),
            Body::Once(f) => Taken::Once(f.take().ok_or(Refused::Called)?),
            Body::Vacant => return Err(Refused::Released), // not live: `get_mut` refused it
        };
        Ok(taken)
    })
}

/// Puts an `FnMut` back after its call, unless the call released its own closure (then it
/// drops here, after its call).
pub(crate) fn put_back(key: Key, f: MutBody) {
    let back = REGISTRY.with_state(|r| match r.get_mut(key) {
        Some(Record {
            body: Body::Mut(slot),
            ..
        }) => {
            *slot = Some(f);
            None
        }
        _ => Some(f),
    });
    drop(back);
}

/// Runs closure `key`: arguments and result through `io`.
pub(crate) fn call(key: Key, io: &mut Io<'_>) -> Result<(), Refused> {
    match take(key)? {
        Taken::Shared(f) => f(io),
        Taken::Once(f) => f(io),
        Taken::Mut(mut f) => {
            f(io);
            put_back(key, f);
        }
    }
    Ok(())
}

/// The entry of `key` if it is live and was registered with the typed entry at address `entry`
/// (the one running, so never 0): a key never reaches another closure's state through the
/// wrong entry. A vacant entry (id 0, entry 0) and one without a typed entry (entry 0) fail the
/// second comparison, so no other test is needed.
#[inline(always)]
fn typed_entry(
    r: &mut Registry,
    key: Key,
    entry: usize,
) -> Result<(&mut Record, *const ()), Refused> {
    match r.entries.get_mut(key.index as usize) {
        Some(e) if e.id == key.id && e.entry == entry => {
            let data = e.data;
            Ok((e, data))
        }
        _ => Err(Refused::Released),
    }
}

/// For an `Fn`'s typed entry `entry`: its state, for a call that [`TypedCall::end`] ends. The
/// call is counted unless the closure can never be released, so its state outlives the call even
/// if the call releases it (`remove` defers the drop). (Only an `FnMut` is ever poisoned: `abandoned`.)
#[inline(always)]
pub(crate) fn enter_shared(key: Key, entry: usize) -> Result<(*const (), TypedCall), Refused> {
    REGISTRY.with_state(|r| {
        let (e, data) = typed_entry(r, key, entry)?;
        let counted = match e.body {
            Body::Forever(_) => false,
            Body::Shared(_) => true,
            _ => return Err(Refused::Released),
        };
        if counted {
            r.calls += 1;
        }
        Ok((data, TypedCall { counted }))
    })
}

/// A typed `Fn` call under way ([`enter_shared`]).
pub(crate) struct TypedCall {
    counted: bool,
}

impl TypedCall {
    /// Ends the call; true if it was the last one under way and released bodies wait: the
    /// caller then runs [`drop_deferred`] (out of the typed entry, which stays a leaf function:
    /// V8 skips the stack check of a wasm function that makes no call).
    #[inline(always)]
    #[must_use]
    pub(crate) fn end(self) -> bool {
        let last = self.counted && leave();
        core::mem::forget(self);
        last
    }
}

#[inline(always)]
fn leave() -> bool {
    REGISTRY.with_state(|r| {
        r.calls -= 1;
        r.calls == PENDING
    })
}

impl Drop for TypedCall {
    /// The call unwound (a panic with unwinding).
    fn drop(&mut self) {
        if self.counted && leave() {
            drop_deferred();
        }
    }
}

/// For an `FnMut`'s typed entry `entry`: its body, taken out of the entry for the call
/// ([`put_back`] after it), and its state.
#[inline(always)]
pub(crate) fn take_mut(key: Key, entry: usize) -> Result<(MutBody, *const ()), Refused> {
    REGISTRY.with_state(|r| {
        let (e, data) = typed_entry(r, key, entry)?;
        if e.poisoned {
            return Err(Refused::Poisoned);
        }
        match &mut e.body {
            Body::Mut(f) => Ok((f.take().ok_or(Refused::Running)?, data)),
            _ => Err(Refused::Released),
        }
    })
}

/// Runs closure `key`'s generic body through `slow` (which gives it the slots): the typed
/// `FnOnce` entries (`typed.rs` `untyped`).
pub(crate) fn untyped<T>(
    key: Key,
    slow: impl FnOnce(&mut dyn FnMut(&mut Io<'_>)) -> T,
) -> Result<T, Refused> {
    Ok(match take(key)? {
        Taken::Shared(f) => slow(&mut |io| f(io)),
        Taken::Mut(mut f) => {
            let r = slow(&mut *f);
            put_back(key, f);
            r
        }
        Taken::Once(f) => {
            let mut f = Some(f);
            slow(&mut |io: &mut Io<'_>| {
                if let Some(f) = f.take() {
                    f(io)
                }
            })
        }
    })
}

#[cfg(test)]
#[path = "registry_tests.rs"]
mod tests;
