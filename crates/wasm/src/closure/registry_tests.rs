//! Unit tests of the closure registry (registry.rs): calls by key, re-entrancy, release during
//! a call, poisoning; and the typed entries' key check and deferred drops.

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

/// Typed and slot entries (`typed.rs`), called as the host calls them.
mod entries {
    use super::super::*;
    use crate::closure::typed::{self, EntryFn, Owned};
    use crate::closure::{CallFn, CallMut};
    use core::cell::Cell;

    /// A closure's key and typed entry, as JS has them.
    type Js = (Key, EntryFn);

    /// An `Entry` (closures of at most one `i32` argument and an `i32` result, slot entries).
    fn one(e: EntryFn) -> typed::Entry {
        match e {
            EntryFn::One(f) => f,
            EntryFn::Numbers(_) => panic!("a NumberEntry"),
        }
    }

    /// A `NumberEntry`.
    fn numbers(e: EntryFn) -> typed::NumberEntry {
        match e {
            EntryFn::Numbers(f) => f,
            EntryFn::One(_) => panic!("an Entry"),
        }
    }

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

    /// Calls the closure as `__wasmrust_fn_call_i32_1` does: its entry, with its key.
    fn call((key, entry): Js, a: u32) -> Result<u32, Refused> {
        use crate::closure::transport::REFUSED;
        REFUSED.with_state(|r| *r = None);
        let v = one(entry)(entry.address(), key.index, key.id, a);
        REFUSED.with_state(|r| r.take()).map_or(Ok(v), Err)
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
        match one(entry)(entry.address(), key.index, key.id, 0) {
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
        assert_eq!(
            call_slots(js, &[bits(2.0), 1]),
            Err(Refused::Released as u32)
        );
        let m = Owned::new(|x: u64| x + 1);
        let t = typed::mutable::<(u64,), _>(&m).expect("a slot entry");
        let body: MutBody = Box::new(move |_: &mut Io<'_>| {
            let _ = &m;
        });
        let js = (insert(Body::Mut(Some(body)), Some(t), false), t.entry);
        assert_eq!(call_slots(js, &[u64::MAX - 1]), Ok(u64::MAX));
        assert_eq!(
            call_slots((js.0, entry_of_another()), &[1]),
            Err(Refused::Released as u32)
        );
        drop(remove(js.0));
        me.take();
    }

    /// A slot entry of another closure type.
    fn entry_of_another() -> EntryFn {
        let o = Owned::new(|x: i64| x);
        typed::shared::<(i64,), _>(&o).expect("a slot entry").entry
    }

    /// The registry parts of `Closure::new` for an `Fn(f64) -> f64`.
    fn shared_f64<F: Fn(f64) -> f64 + 'static>(f: F) -> Js {
        let f = Owned::new(f);
        let t = typed::shared::<(f64,), F>(&f).expect("f64 -> f64 has a typed entry");
        assert!(
            !t.slots,
            "the number is passed directly, not through the slots"
        );
        let body: SharedBody = Rc::new(move |io: &mut Io<'_>| {
            let r = f.get().call_fn(io.args());
            io.result(r)
        });
        (insert(Body::Shared(body), Some(t), false), t.entry)
    }

    /// Calls an `f64` closure as `__wasmrust_fn_call_i32_1` does: its entry, its key, the number.
    fn call_f64((key, entry): Js, x: f64) -> Result<f64, Refused> {
        use crate::closure::transport::REFUSED;
        REFUSED.with_state(|r| *r = None);
        let v = numbers(entry)(entry.address(), key.index, key.id, x, 0, 0, 0);
        REFUSED.with_state(|r| r.take()).map_or(Ok(v), Err)
    }

    #[test]
    fn an_f64_closure_takes_and_returns_the_number_and_its_key_check_holds() {
        let me: Rc<Cell<Option<Js>>> = Rc::default();
        let drops: Rc<Cell<u32>> = Rc::default();
        let (seen, state) = (me.clone(), Dropped(drops.clone()));
        let key = shared_f64(move |x| {
            let _ = &state;
            if x < 0.0 {
                drop(remove(seen.get().unwrap().0)); // releases itself during its call
                assert_eq!(state.0.get(), 0, "not dropped during its call");
            }
            x * 0.5
        });
        me.set(Some(key));
        assert_eq!(call_f64(key, 3.0), Ok(1.5));
        assert_eq!(call_f64(key, 1e300), Ok(5e299), "no conversion on the way");
        assert!(
            call_f64(key, f64::NAN).is_ok_and(f64::is_nan),
            "a NaN result is a result"
        );
        let u = shared(|x| x + 1);
        assert_eq!(
            call_f64((u.0, key.1), 1.0),
            Err(Refused::Released),
            "a u32 key, the f64 entry"
        );
        assert_eq!(
            call((key.0, u.1), 1),
            Err(Refused::Released),
            "an f64 key, the u32 entry"
        );
        assert_eq!(call_f64(key, -2.0), Ok(-1.0));
        assert_eq!(drops.get(), 1, "dropped when its call returned");
        assert_eq!(call_f64(key, 1.0), Err(Refused::Released), "a stale key");
        assert_eq!(call(u, 1), Ok(2));
        drop(remove(u.0));
        me.take();
    }

    #[test]
    fn an_i32_argument_is_converted_as_js_converts_a_number_for_an_i32_parameter() {
        // Node's `x >>> 0` of each.
        let cases: [(f64, u32); 14] = [
            (5.0, 5),
            (-1.0, 4294967295),
            (4294967301.0, 5),
            (2.9, 2),
            (-2.9, 4294967294),
            (-0.5, 0),
            (f64::NAN, 0),
            (f64::INFINITY, 0),
            (f64::NEG_INFINITY, 0),
            (9223372036854775808.0, 0),
            (9223372036854781952.0, 6144),
            (-9223372036854781952.0, 4294961152),
            (18446744073709559808.0, 8192),
            (1e300, 0),
        ];
        for (x, want) in cases {
            assert_eq!(typed::to_uint32(x), want, "ToUint32({x})");
        }
        // A closure of two `i32` arguments takes the first as a number.
        let f = Owned::new(|a: u32, b: i32| a.wrapping_add(b as u32));
        let t = typed::shared::<(u32, i32), _>(&f).expect("two i32s have a typed entry");
        let body: SharedBody = Rc::new(|_: &mut Io<'_>| unreachable!("called by its entry"));
        let key = insert(Body::Shared(body), Some(t), false);
        let call2 =
            |a: f64, b: u32| numbers(t.entry)(t.entry.address(), key.index, key.id, a, b, 0, 0);
        assert_eq!(call2(-1.0, 0), -1.0, "u32::MAX, as JS sees an i32 result: the signed value");
        assert_eq!(call2(4294967301.0, 2), 7.0);
        assert_eq!(call2(2.9, (-5i32) as u32), -3.0);
        drop(remove(key));
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
    fn only_number_types_get_a_typed_entry_and_others_take_the_slots() {
        let n = Owned::new(|x: f32| x as u32);
        assert!(
            typed::shared::<(f32,), _>(&n).is_some_and(|t| !t.slots),
            "one f32, an i32 result"
        );
        let m = Owned::new(|x: f64, y: u32| x + f64::from(y));
        assert!(
            typed::shared::<(f64, u32), _>(&m).is_some_and(|t| t.slots),
            "an f64 and more: a slot entry"
        );
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
        let once = (key, typed::untyped::<(u32,), u32>().expect("an FnOnce's i32 entry"));
        assert_eq!(call(once, 21), Ok(42));
        assert_eq!(call(once, 21), Err(Refused::Called));
        drop(remove(key));
        let body: OnceBody = Box::new(|io: &mut Io<'_>| {
            let (x,): (f64,) = io.args();
            io.result(x * 0.25)
        });
        let key = insert(Body::Once(Some(body)), None, false);
        let once = (key, typed::untyped::<(f64,), f64>().expect("an FnOnce's number entry"));
        assert_eq!(call_f64(once, 3.0), Ok(0.75), "an f64 FnOnce through the slots");
        assert_eq!(call_f64(once, 3.0), Err(Refused::Called));
        assert!(typed::untyped::<(f64, i64), f64>().is_none(), "the slot path");
        drop(remove(key));
    }
}
