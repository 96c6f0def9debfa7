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
            entry: typed.map_or(0, |t| t.entry as usize),
            data: typed.map_or(core::ptr::null(), |t| t.data),
            body,
            scoped,
            poisoned: false,
        };
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
/// captures' destructors may call JS); `None` if it was gone, or if it is an `Fn` and a typed
/// `Fn` call is under way (it may be this closure's): then the last such call drops it.
pub(crate) fn remove(key: Key) -> Option<Body> {
    REGISTRY.with_state(|r| {
        r.get_mut(key)?;
        r.free.push(key.index);
        match core::mem::replace(&mut r.entries[key.index as usize], Record::VACANT).body {
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

/// Removes a scoped closure without running its captures' destructors: they may borrow a stack
/// frame that a trap abandoned.
pub(crate) fn forget_scoped() {
    let gone: Vec<Body> = REGISTRY.with_state(|r| {
        let mut gone = Vec::new();
        for (index, e) in r.entries.iter_mut().enumerate() {
            if e.scoped {
                gone.push(core::mem::replace(e, Record::VACANT).body);
                r.free.push(index as u32);
            }
        }
        gone
    });
    // The bodies are forgotten one by one: their captures leak, the list holding them does not.
    gone.into_iter().for_each(core::mem::forget);
}

/// After a trap abandoned calls: an `FnMut` that was running is poisoned (its box was on the
/// abandoned stack and is lost), scoped closures are forgotten, and no typed `Fn` call is under
/// way any more (the bodies released during them drop).
pub(crate) fn abandoned() {
    forget_scoped();
    let pending = REGISTRY.with_state(|r| {
        for e in r.entries.iter_mut() {
            if matches!(e.body, Body::Mut(None)) {
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

/// Runs a closure without a typed entry with `i32` arguments (through the slots), returning its
/// `i32` result.
pub(crate) type Slow = fn(&mut dyn FnMut(&mut Io<'_>), [u32; 4]) -> u32;

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

/// Runs closure `key` with `i32` arguments and result through the slots (`slow`): the entry of
/// closures without a typed one (an `FnOnce`, or types the host passes as `i32` that Rust does
/// not count as such).
pub(crate) fn untyped(key: Key, slow: Slow, args: [u32; 4]) -> Result<u32, Refused> {
    Ok(match take(key)? {
        Taken::Shared(f) => slow(&mut |io| f(io), args),
        Taken::Mut(mut f) => {
            let r = slow(&mut *f, args);
            put_back(key, f);
            r
        }
        Taken::Once(f) => {
            let mut f = Some(f);
            let mut once = |io: &mut Io<'_>| {
                if let Some(f) = f.take() {
                    f(io)
                }
            };
            slow(&mut once, args)
        }
    })
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
        let id = insert(Body::Mut(None), None, false);
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
        let id = insert(Body::Mut(None), None, false);
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
        let id = insert(Body::Mut(None), None, false);
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
            None,
            false,
        );
        assert_eq!(run(id), Ok(5));
        assert_eq!(run(id), Err(Refused::Called));
        drop(remove(id));
        let m = insert(Body::Mut(None), None, false); // as if its call trapped mid-way
        let s = insert(
            Body::Mut(Some(Box::new(|io: &mut Io<'_>| io.result::<u64>(1)))),
            None,
            true,
        );
        abandoned();
        assert_eq!(run(m), Err(Refused::Poisoned));
        assert_eq!(run(s), Err(Refused::Released), "scoped closures are gone");
        drop(remove(m));
    }
}

#[cfg(test)]
mod typed_tests {
    use super::*;
    use crate::closure::typed::{self, Owned};
    use crate::closure::{CallFn, CallMut};
    use core::cell::Cell;

    /// A closure's key and typed entry, as JS has them.
    type Js = (Key, typed::Entry);

    /// The registry parts of `Closure::new` for an `Fn(u32) -> u32`.
    fn shared<F: Fn(u32) -> u32 + 'static>(f: F) -> Js {
        let f = Owned::new(f);
        let t = typed::shared::<(u32,), F>(&f);
        let entry = t.expect("u32 -> u32 has a typed entry").entry;
        let body: SharedBody = Rc::new(move |io: &mut Io<'_>| {
            let r = f.get().call_fn(io.args());
            io.result(r)
        });
        (insert(Body::Shared(body), t, false), entry)
    }

    /// The registry parts of `Closure::new_mut` for an `FnMut(u32) -> u32`.
    fn mutable<F: FnMut(u32) -> u32 + 'static>(f: F) -> Js {
        let mut f = Owned::new(f);
        let t = typed::mutable::<(u32,), F>(&f);
        let entry = t.expect("u32 -> u32 has a typed entry").entry;
        let body: MutBody = Box::new(move |io: &mut Io<'_>| {
            let r = CallMut::call_mut(f.get_mut(), io.args());
            io.result(r)
        });
        (insert(Body::Mut(Some(body)), t, false), entry)
    }

    /// Calls the closure as `__wasmrust_fn_call_i32` does: its entry, with its key.
    fn call((key, entry): Js, a: u32) -> Result<u32, Refused> {
        use crate::closure::transport::REFUSED;
        REFUSED.with_state(|r| *r = None);
        let v = entry(entry as usize, key.index, key.id, a, 0, 0, 0);
        match REFUSED.with_state(|r| r.take()) {
            Some(why) => Err(why),
            None => Ok(v),
        }
    }

    /// Counts drops of the closure's state.
    struct Dropped(Rc<Cell<u32>>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[test]
    fn typed_fn_reenters_and_releases_itself_during_its_call() {
        let me: Rc<Cell<Option<Js>>> = Rc::default();
        let drops: Rc<Cell<u32>> = Rc::default();
        let (seen, state) = (me.clone(), Dropped(drops.clone()));
        let key = shared(move |x| {
            let _ = &state;
            let me = seen.get().unwrap();
            if x < 3 {
                call(me, x + 1).unwrap() + 10
            } else {
                drop(remove(me.0)); // released by its innermost call
                assert_eq!(state.0.get(), 0, "not dropped while its calls run");
                x
            }
        });
        me.set(Some(key));
        assert_eq!(call(key, 1), Ok(23));
        assert_eq!(
            drops.get(),
            1,
            "dropped once, after the outermost call returned"
        );
        assert_eq!(call(key, 1), Err(Refused::Released));
        me.take();
    }

    #[test]
    fn typed_fn_mut_refuses_reentry_keeps_state_and_drops_after_self_release() {
        let me: Rc<Cell<Option<Js>>> = Rc::default();
        let inner: Rc<Cell<Option<Result<u32, Refused>>>> = Rc::default();
        let drops: Rc<Cell<u32>> = Rc::default();
        let (seen, got, state) = (me.clone(), inner.clone(), Dropped(drops.clone()));
        let mut n = 0;
        let key = mutable(move |x| {
            let _ = &state;
            n += x;
            let me = seen.get().unwrap();
            if n == 1 {
                got.set(Some(call(me, 100)));
            }
            if n == 3 {
                drop(remove(me.0));
                assert_eq!(state.0.get(), 0, "not dropped during its own call");
            }
            n
        });
        me.set(Some(key));
        assert_eq!(call(key, 1), Ok(1));
        assert_eq!(inner.get(), Some(Err(Refused::Running)));
        assert_eq!(call(key, 2), Ok(3), "the state survived the refused call");
        assert_eq!(drops.get(), 1);
        assert_eq!(call(key, 1), Err(Refused::Released));
    }

    #[test]
    fn an_fn_released_during_another_fns_call_drops_when_the_outermost_returns() {
        let drops: Rc<Cell<u32>> = Rc::default();
        let state = Dropped(drops.clone());
        let victim = shared(move |x| {
            let _ = &state;
            x
        });
        let seen = drops.clone();
        let outer = shared(move |x| {
            drop(remove(victim.0));
            assert_eq!(seen.get(), 0, "deferred while a typed Fn call runs");
            x + 1
        });
        assert_eq!(call(outer, 1), Ok(2));
        assert_eq!(drops.get(), 1, "dropped when the call returned");
        assert_eq!(call(victim, 1), Err(Refused::Released));
        drop(remove(outer.0));
    }

    #[test]
    fn a_forever_fn_is_not_counted_and_a_trap_ends_counted_calls() {
        let drops: Rc<Cell<u32>> = Rc::default();
        let (state, seen) = (Dropped(drops.clone()), drops.clone());
        let victim = shared(move |x| {
            let _ = &state;
            x
        });
        let forever_fn = shared(move |x| {
            drop(remove(victim.0));
            assert_eq!(seen.get(), 1, "no counted call runs: dropped at once");
            x
        });
        forever(forever_fn.0);
        assert_eq!(call(forever_fn, 5), Ok(5));
        // A counted call whose frame a trap abandoned (it never ended): a release defers until
        // the abandon hook says no call is under way.
        let drops: Rc<Cell<u32>> = Rc::default();
        let state = Dropped(drops.clone());
        let other = shared(move |x| {
            let _ = &state;
            x
        });
        REGISTRY.with_state(|r| r.calls += 1);
        drop(remove(other.0));
        assert_eq!(drops.get(), 0);
        abandoned();
        assert_eq!(drops.get(), 1);
        assert_eq!(REGISTRY.with_state(|r| r.calls), 0);
    }

    /// Calls a slot entry as the host calls `run`: arguments into the slots, the outcome back.
    fn call_slots((key, entry): Js, args: &[u64]) -> Result<u64, u32> {
        let p = crate::closure::transport::call_slots();
        for (k, a) in args.iter().enumerate() {
            // SAFETY: this thread's `SLOTS` values (test-only), no reference to them is held.
            unsafe { p.add(k).write(*a) };
        }
        match entry(entry as usize, key.index, key.id, 0, 0, 0, 0) {
            // SAFETY: as above. The pointer is taken again: the entry's own
            // access to the slots (through a fresh `&mut` of their cell) retired the one above.
            0 => Ok(unsafe { crate::closure::transport::call_slots().read() }),
            why => Err(why),
        }
    }

    #[test]
    fn f64_and_i64_closures_take_slot_entries_that_count_and_refuse_as_typed_ones() {
        let drops: Rc<Cell<u32>> = Rc::default();
        let state = Dropped(drops.clone());
        let me: Rc<Cell<Option<Js>>> = Rc::default();
        let seen = me.clone();
        let f = Owned::new(move |x: f64, n: i64| {
            let _ = &state;
            if n == 0 {
                drop(remove(seen.get().unwrap().0)); // releases itself during its call
                assert_eq!(state.0.get(), 0, "not dropped during its call");
            }
            x * n as f64
        });
        let t = typed::shared::<(f64, i64), _>(&f).expect("a slot entry");
        assert!(t.slots);
        let body: SharedBody = Rc::new(move |io: &mut Io<'_>| {
            let (x, n) = io.args();
            let r = f.get().call_fn((x, n));
            io.result(r)
        });
        let js = (insert(Body::Shared(body), Some(t), false), t.entry);
        me.set(Some(js));
        let bits = |x: f64| x.to_bits();
        assert_eq!(call_slots(js, &[bits(1.5), (-4i64) as u64]), Ok(bits(-6.0)));
        assert_eq!(call_slots(js, &[bits(2.0), 0]), Ok(bits(0.0)));
        assert_eq!(drops.get(), 1, "dropped when its call returned");
        assert_eq!(call_slots(js, &[bits(2.0), 1]), Err(Refused::Released as u32));
        let m = Owned::new(|x: u64| x + 1);
        let t = typed::mutable::<(u64,), _>(&m).expect("a slot entry");
        let body: MutBody = Box::new(move |_: &mut Io<'_>| {
            let _ = &m;
        });
        let js = (insert(Body::Mut(Some(body)), Some(t), false), t.entry);
        assert_eq!(call_slots(js, &[u64::MAX - 1]), Ok(u64::MAX));
        assert_eq!(call_slots((js.0, entry_of_another()), &[1]), Err(Refused::Released as u32));
        drop(remove(js.0));
        me.take();
    }

    /// A slot entry of another closure type.
    fn entry_of_another() -> typed::Entry {
        let o = Owned::new(|x: f32| x);
        typed::shared::<(f32,), _>(&o).expect("a slot entry").entry
    }

    #[test]
    fn a_key_through_another_closures_entry_is_refused() {
        let (a, b) = (shared(|x| x + 1), mutable(|x| x * 2));
        let c = shared(|x| x + 3);
        assert_eq!(call((a.0, b.1), 1), Err(Refused::Released));
        assert_eq!(call((b.0, a.1), 1), Err(Refused::Released));
        assert_eq!(call((a.0, c.1), 1), Err(Refused::Released));
        assert_eq!((call(a, 1), call(b, 2), call(c, 1)), (Ok(2), Ok(4), Ok(4)));
        for (key, _) in [a, b, c] {
            drop(remove(key));
        }
    }

    #[test]
    fn only_i32_types_get_a_typed_entry_and_others_take_the_slots() {
        let f = Owned::new(|x: u64| x as u32);
        assert!(
            typed::shared::<(u64,), _>(&f).is_some_and(|t| t.slots),
            "numbers that are not i32s: a slot entry"
        );
        let s = Owned::new(|x: u64| alloc::format!("{x}"));
        assert!(
            typed::shared::<(u64,), _>(&s).is_none(),
            "a text result: the generic run"
        );
        let g =
            Owned::new(|a: u32, b: Option<u32>, c: bool, d: u32| a + b.unwrap_or(0) + c as u32 + d);
        assert!(
            typed::shared::<(u32, Option<u32>, bool, u32), _>(&g).is_none(),
            "5 values"
        );
        let h = Owned::new(|a: u32, b: Option<u32>, c: bool| a + b.unwrap_or(0) + c as u32);
        assert!(
            typed::shared::<(u32, Option<u32>, bool), _>(&h).is_some(),
            "4 values"
        );
        let body: OnceBody = Box::new(|io: &mut Io<'_>| {
            let (a,): (u32,) = io.args();
            io.result(a * 2)
        });
        let key = insert(Body::Once(Some(body)), None, false);
        fn via_slots(body: &mut dyn FnMut(&mut Io<'_>), args: [u32; 4]) -> u32 {
            let mut slots = [0u64; crate::closure::SLOTS];
            slots[..4].copy_from_slice(&args.map(u64::from));
            let mut keep = Vec::new();
            // SAFETY: a local array of `SLOTS` values, not otherwise borrowed while the `Io` lives.
            body(&mut unsafe { Io::new(slots.as_mut_ptr(), &mut keep) });
            slots[0] as u32
        }
        assert_eq!(untyped(key, via_slots, [21, 0, 0, 0]), Ok(42));
        assert_eq!(untyped(key, via_slots, [21, 0, 0, 0]), Err(Refused::Called));
        drop(remove(key));
    }
}
