//! `ExternRef` on the native backend: the same reference layer and table a JS host runs.

use super::native::{self, NativeObject};
use super::*;
use alloc::string::String;

crate::host_type! {
    Canvas: instanceof "HTMLCanvasElement";
    Text: typeof "string";
    Even: predicate "even";
}

#[test]
fn layout_and_auto_traits() {
    use core::mem::size_of;
    assert_eq!(size_of::<ExternRef<Canvas>>(), 4);
    assert_eq!(size_of::<Option<ExternRef<Canvas>>>(), 4);
    assert_eq!(size_of::<FuncRef>(), 4);
    assert_eq!(size_of::<Option<FuncRef>>(), 4);
    // Each name is ambiguous (a compile error) exactly when the type is Send (Sync).
    trait AmbiguousIfSend<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSend<()> for T {}
    impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}
    trait AmbiguousIfSync<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSync<()> for T {}
    impl<T: ?Sized + Sync> AmbiguousIfSync<u8> for T {}
    <ExternRef<Canvas> as AmbiguousIfSend<_>>::check();
    <ExternRef<Canvas> as AmbiguousIfSync<_>>::check();
    <FuncRef as AmbiguousIfSend<_>>::check();
}

#[test]
fn clone_counts_in_wasm_and_drop_releases_the_last_owner() {
    let before = native::stats();
    let a: ExternRef<Canvas> = native::new_ref(String::from("canvas"));
    let b = a.clone();
    let c = b.clone();
    assert_eq!(a.as_raw(), c.as_raw(), "clones share the slot");
    assert_eq!(native::stats().live, before.live + 1);
    drop((a, b));
    assert_eq!(native::stats().live, before.live + 1, "one owner left");
    assert_eq!(native::with_value(&c, |s: &String| s.clone()).as_deref(), Some("canvas"));
    drop(c);
    assert_eq!(native::stats().live, before.live);
}

#[test]
fn drops_are_batched_until_flush() {
    let before = native::stats().live;
    let r: ExternRef = native::new_ref(1u8);
    drop(r);
    crate::externref::flush();
    assert_eq!(native::stats().live, before);
}

#[test]
fn casts_ask_the_type_test() {
    native::register_predicate("even", |v| v.downcast_ref::<u32>().is_some_and(|n| n % 2 == 0));
    let canvas: ExternRef = native::new_ref::<Canvas>(()).into_any();
    assert!(canvas.is::<Canvas>());
    assert!(!canvas.is::<Text>());
    let canvas = canvas.try_cast::<Text>().unwrap_err();
    let canvas: ExternRef<Canvas> = canvas.try_cast().unwrap();
    assert!(canvas.try_cast_ref::<Even>().is_none());
    let four = native::insert(NativeObject::new(4u32, None, "number"));
    let four = ExternRef::<Any>::from_raw(four).unwrap();
    assert!(four.is::<Even>());
    assert!(four.as_any().is::<Any>());
}

#[test]
#[should_panic(expected = "stale host reference")]
fn a_released_handle_is_refused() {
    let r: ExternRef = native::new_ref(1u8);
    let raw = r.as_raw();
    drop(r);
    crate::externref::flush();
    let forged = ExternRef::<Any>::from_raw(raw).unwrap();
    forged.is::<Canvas>();
}

#[test]
fn lent_references_die_with_the_call() {
    let raw = native::lend::<Canvas, _>(5u8, |r| {
        assert!(r.is::<Canvas>());
        let owned = r.clone();
        assert_ne!(owned.as_raw(), r.as_raw(), "cloning a lent reference makes an owned slot");
        assert_eq!(native::with_value(&owned, |v: &u8| *v), Some(5));
        r.as_raw()
    });
    let stale = core::mem::ManuallyDrop::new(ExternRef::<Any>::from_raw(raw).unwrap());
    let err = std::panic::catch_unwind(|| stale.is::<Canvas>()).unwrap_err();
    let msg = err.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(msg.contains("stale borrowed host reference"), "{msg}");
}

#[test]
fn a_million_cycles_keep_the_table_bounded() {
    let base: ExternRef = native::new_ref(0u64);
    for _ in 0..1_000_000 {
        let fresh: ExternRef = native::new_ref(1u8);
        let twin = fresh.clone();
        let other = base.clone();
        drop((fresh, twin, other));
    }
    let stats = native::stats();
    assert!(stats.live <= 2, "{stats:?}");
    assert!(stats.length <= 40, "{stats:?}");
    drop(base);
}

#[test]
fn clones_of_a_lent_reference_share_one_promoted_slot_that_outlives_the_call() {
    let before = native::stats();
    let kept = native::lend::<Canvas, _>(String::from("lent"), |r| {
        let clones: alloc::vec::Vec<_> = (0..10).map(|_| r.clone()).collect();
        assert!(clones.iter().all(|c| c.as_raw() == clones[0].as_raw()), "one promoted slot");
        assert_eq!(native::stats().live, before.live + 1);
        clones.into_iter().next().expect("ten clones")
    });
    assert_eq!(native::with_value(&kept, |s: &String| s.clone()).as_deref(), Some("lent"));
    assert_eq!(native::stats().live, before.live + 1, "the kept clone owns the slot");
    drop(kept);
    assert_eq!(native::stats().live, before.live);
}

#[test]
fn owned_parameters_are_lent_unless_kept() {
    let before = native::stats();
    // Dropped during the call: no slot, no release, and the handle dies with the call.
    let raw = native::give::<Canvas, _>(1u8, |r| {
        assert!(table::is_borrowed(r.as_raw()), "passed lent");
        assert_eq!(native::with_value(&r, |v: &u8| *v), Some(1));
        r.as_raw()
    });
    assert_eq!(native::stats(), before);
    let stale = core::mem::ManuallyDrop::new(ExternRef::<Any>::from_raw(raw).unwrap());
    assert!(std::panic::catch_unwind(|| stale.is::<Canvas>()).is_err());
    // Kept past the call: pinned under the same handle until dropped.
    let kept = native::give::<Canvas, _>(String::from("kept"), |r| r);
    let twin = native::give::<Canvas, _>(2u8, |r| {
        let twin = r.clone(); // an owned slot of its own; `r` is dropped
        assert_ne!(twin.as_raw(), r.as_raw());
        twin
    });
    assert_eq!(native::stats().live, before.live + 2);
    for _ in 0..100 {
        native::give::<Canvas, _>(0u8, drop); // the stack slot is reused meanwhile
    }
    assert_eq!(native::with_value(&kept, |s: &String| s.clone()).as_deref(), Some("kept"));
    assert_eq!(native::with_value(&twin, |v: &u8| *v), Some(2));
    drop((kept, twin));
    assert_eq!(native::stats().live, before.live);
}

#[test]
fn nested_calls_pin_what_they_keep_and_many_fall_back_to_owned_slots() {
    // Twelve calls inside each other, each keeping its parameter: more than the eight noted at
    // once, so the innermost ones get owned slots as they arrive.
    fn nest(n: u8) -> alloc::vec::Vec<ExternRef<Canvas>> {
        if n == 0 {
            return alloc::vec::Vec::new();
        }
        native::give::<Canvas, _>(n, |r| {
            let mut kept = nest(n - 1);
            assert_eq!(native::with_value(&r, |v: &u8| *v), Some(n), "still lent after the inner calls");
            kept.push(r);
            kept
        })
    }
    let before = native::stats().live;
    let kept = nest(12);
    assert_eq!(kept.iter().filter(|r| table::is_borrowed(r.as_raw())).count(), 8, "pinned");
    assert_eq!(native::stats().live, before + 12);
    assert!(kept.iter().zip(1..).all(|(r, n)| native::with_value(r, |v: &u8| *v) == Some(n)));
    drop(kept);
    assert_eq!(native::stats().live, before);
}
