//! The closures JS can call, by key: what a call finds (a closure to run, or why not) and what
//! release, a re-entrant call and a call that released its own closure do to an entry.
//!
//! No user code runs while the registry is borrowed: a call takes what it runs out of its entry
//! (a clone of an `Fn`, the box of an `FnMut` / `FnOnce`), runs it, and puts an `FnMut` back if
//! its entry still exists. So a closure may call JS that calls it (or another closure) again, and
//! may release itself.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;

use super::slots::Io;
use crate::externref::local::{WithLocal, local_state};

/// A closure with its arguments read from slots and its result written to slots.
pub(crate) type SharedBody = Rc<dyn Fn(&mut Io<'_>)>;
pub(crate) type MutBody = Box<dyn FnMut(&mut Io<'_>)>;
pub(crate) type OnceBody = Box<dyn FnOnce(&mut Io<'_>)>;

pub(crate) enum Body {
    Shared(SharedBody),
    /// `None` while a call runs it.
    Mut(Option<MutBody>),
    /// `None` once called.
    Once(Option<OnceBody>),
}

struct Entry {
    /// Never reused: a key naming a released closure finds another id (or none) at its index.
    id: u32,
    body: Body,
    /// Lives in a stack frame (`with_closure`): never leaked to a later call.
    scoped: bool,
    /// An `FnMut` whose call was abandoned by a trap (a panic): its state is gone.
    poisoned: bool,
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
    entries: Vec<Option<Entry>>,
    /// Indexes of `None` entries.
    free: Vec<u32>,
}

impl Registry {
    fn get_mut(&mut self, key: Key) -> Option<&mut Entry> {
        let e = self.entries.get_mut(key.index as usize)?.as_mut()?;
        (e.id == key.id).then_some(e)
    }
}

local_state! {
    static REGISTRY: Registry = Registry { next: 1, entries: Vec::new(), free: Vec::new() };
}

/// Adds a closure; ids are never reused, so a stale JS function can never reach a newer closure.
pub(crate) fn insert(body: Body, scoped: bool) -> Key {
    REGISTRY.with_state(|r| {
        let id = r.next;
        r.next = r
            .next
            .checked_add(1)
            .unwrap_or_else(|| crate::abi::trap("wasm: out of closure ids"));
        let entry = Some(Entry {
            id,
            body,
            scoped,
            poisoned: false,
        });
        let index = match r.free.pop() {
            Some(index) => {
                r.entries[index as usize] = entry;
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
/// captures' destructors may call JS); `None` if it was gone.
pub(crate) fn remove(key: Key) -> Option<Body> {
    REGISTRY
        .with_state(|r| {
            r.get_mut(key)?;
            r.free.push(key.index);
            r.entries[key.index as usize].take()
        })
        .map(|e| e.body)
}

/// Removes a scoped closure without running its captures' destructors: they may borrow a stack
/// frame that a trap abandoned.
pub(crate) fn forget_scoped() {
    let gone: Vec<Body> = REGISTRY.with_state(|r| {
        let mut gone = Vec::new();
        for (index, slot) in r.entries.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(|e| e.scoped) {
                gone.extend(slot.take().map(|e| e.body));
                r.free.push(index as u32);
            }
        }
        gone
    });
    // The bodies are forgotten one by one: their captures leak, the list holding them does not.
    gone.into_iter().for_each(core::mem::forget);
}

/// After a trap abandoned calls: an `FnMut` that was running is poisoned (its box was on the
/// abandoned stack and is lost), scoped closures are forgotten.
pub(crate) fn abandoned() {
    forget_scoped();
    REGISTRY.with_state(|r| {
        for e in r.entries.iter_mut().flatten() {
            if matches!(e.body, Body::Mut(None)) {
                e.poisoned = true;
            }
        }
    });
}

/// Runs closure `key`: arguments and result through `io`.
pub(crate) fn call(key: Key, io: &mut Io<'_>) -> Result<(), Refused> {
    enum Taken {
        Shared(SharedBody),
        Mut(MutBody),
        Once(OnceBody),
    }
    let taken = REGISTRY.with_state(|r| {
        let e = r.get_mut(key).ok_or(Refused::Released)?;
        if e.poisoned {
            return Err(Refused::Poisoned);
        }
        Ok(match &mut e.body {
            Body::Shared(f) => Taken::Shared(f.clone()),
            Body::Mut(f) => Taken::Mut(f.take().ok_or(Refused::Running)?),
            Body::Once(f) => Taken::Once(f.take().ok_or(Refused::Called)?),
        })
    })?;
    match taken {
        Taken::Shared(f) => f(io),
        Taken::Once(f) => f(io),
        Taken::Mut(mut f) => {
            f(io);
            // Put back unless the call released its own closure (then it drops here, after
            // its call).
            let back = REGISTRY.with_state(|r| match r.get_mut(key) {
                Some(Entry {
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
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use core::cell::Cell;

    fn run(id: Key) -> Result<u64, Refused> {
        let mut slots = [0u64; crate::closure::SLOTS];
        let mut keep = Vec::new();
        // SAFETY: `slots` is a local array of `SLOTS` values, not otherwise borrowed until read.
        call(id, &mut unsafe { Io::new(slots.as_mut_ptr(), &mut keep) })?;
        Ok(slots[0])
    }

    #[test]
    fn fn_mut_refuses_a_reentrant_call_and_runs_again_after() {
        let inner: Rc<Cell<Option<Result<u64, Refused>>>> = Rc::default();
        let seen = inner.clone();
        let id = insert(Body::Mut(None), false);
        let me = id;
        let mut n = 0u64;
        let body: MutBody = Box::new(move |io: &mut Io<'_>| {
            n += 1;
            if n == 1 {
                seen.set(Some(run(me)));
            }
            io.result(n);
        });
        REGISTRY.with_state(|r| r.get_mut(id).unwrap().body = Body::Mut(Some(body)));
        assert_eq!(run(id), Ok(1));
        assert_eq!(inner.get(), Some(Err(Refused::Running)));
        assert_eq!(run(id), Ok(2), "the state survived the refused call");
        assert!(remove(id).is_some());
        assert_eq!(run(id), Err(Refused::Released));
    }

    #[test]
    fn fn_reenters_and_may_release_itself_during_its_call() {
        let depth: Rc<Cell<u64>> = Rc::default();
        let seen = depth.clone();
        let id = insert(Body::Mut(None), false);
        let me = id;
        let body: SharedBody = Rc::new(move |io: &mut Io<'_>| {
            seen.set(seen.get() + 1);
            let d = seen.get();
            if d < 3 {
                run(me).unwrap();
            } else {
                drop(remove(me)); // released by its innermost call
            }
            io.result(d);
        });
        REGISTRY.with_state(|r| r.get_mut(id).unwrap().body = Body::Shared(body));
        assert_eq!(run(id), Ok(1));
        assert_eq!(depth.get(), 3);
        assert_eq!(run(id), Err(Refused::Released));
    }

    #[test]
    fn fn_mut_releasing_itself_is_dropped_after_its_call() {
        let id = insert(Body::Mut(None), false);
        let me = id;
        let body: MutBody = Box::new(move |io: &mut Io<'_>| {
            drop(remove(me));
            io.result(7u64);
        });
        REGISTRY.with_state(|r| r.get_mut(id).unwrap().body = Body::Mut(Some(body)));
        assert_eq!(run(id), Ok(7));
        assert_eq!(run(id), Err(Refused::Released));
    }

    #[test]
    fn fn_once_runs_once_and_abandoned_fn_mut_is_poisoned() {
        let id = insert(
            Body::Once(Some(Box::new(|io: &mut Io<'_>| io.result::<u64>(5)))),
            false,
        );
        assert_eq!(run(id), Ok(5));
        assert_eq!(run(id), Err(Refused::Called));
        drop(remove(id));
        let m = insert(Body::Mut(None), false); // as if its call trapped mid-way
        let s = insert(
            Body::Mut(Some(Box::new(|io: &mut Io<'_>| io.result::<u64>(1)))),
            true,
        );
        abandoned();
        assert_eq!(run(m), Err(Refused::Poisoned));
        assert_eq!(run(s), Err(Refused::Released), "scoped closures are gone");
        drop(remove(m));
    }
}
