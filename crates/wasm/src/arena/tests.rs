//! Unit tests of the scratch arena and the call boundary (native; the wasm runs are in
//! `tests/arena.rs`).

use super::*;
use core::alloc::Layout;

#[test]
fn values_slices_strings_and_alignment() {
    let s = Scratch::new();
    let a = s.alloc(7u8);
    let b = s.alloc(0x1234_5678_9abc_def0u64);
    let xs = s.alloc_slice_copy(&[1u32, 2, 3]);
    let name = s.alloc_str("scratch");
    for align in [1, 2, 8, 64, 512, 4096] {
        let p = s.alloc_layout(Layout::from_size_align(24, align).unwrap());
        assert_eq!(p.as_ptr() as usize % align, 0);
    }
    assert_eq!((*a, *b, &xs[..], &*name), (7, 0x1234_5678_9abc_def0, &[1, 2, 3][..], "scratch"));
    assert_eq!(s.alloc(()), &mut ()); // zero-sized
    assert!(s.stats().live_allocations >= 10);
}

#[test]
fn large_allocations_take_new_chunks_and_reset_keeps_them() {
    let mut s = Scratch::new();
    let big = s.root().alloc_slice_fill_with(100_000, |i| i as u32);
    assert_eq!(big[99_999], 99_999);
    let small = s.alloc(1u64);
    assert_eq!(*small, 1);
    let before = s.stats();
    assert!(before.used >= 400_000 && before.capacity >= before.used);
    s.reset();
    let after = s.stats();
    assert_eq!((after.used, after.live_allocations), (0, 0));
    assert_eq!(after.capacity, before.capacity, "chunks are kept");
    assert_eq!(after.peak, before.used.max(before.peak));
    // The kept chunks serve again without taking more memory.
    let again = s.root().alloc_slice_fill_with(100_000, |i| i as u32);
    assert_eq!(again[5], 5);
    assert_eq!(s.stats().capacity, before.capacity);
}

#[test]
fn vectors_and_strings_grow() {
    let s = Scratch::new();
    let mut v = s.vec();
    for i in 0..1000u32 {
        v.push(i);
    }
    assert_eq!(v.pop(), Some(999));
    assert_eq!(v.iter().sum::<u32>(), 998 * 999 / 2);
    let mut text = s.string();
    for i in 0..100 {
        core::fmt::Write::write_fmt(&mut text, format_args!("{i};")).unwrap();
    }
    text.push('é');
    assert!(text.starts_with("0;1;2;") && text.ends_with("99;é"));
    let kept: &mut str = text.into_str();
    assert_eq!(kept.len(), 292);
    assert_eq!(&*s.root().format(format_args!("{}-{}", 1, "a")), "1-a");
}

#[test]
fn vector_drops_its_elements() {
    let s = Scratch::new();
    let marker = alloc::rc::Rc::new(());
    let mut v = s.vec();
    v.extend((0..10).map(|_| marker.clone()));
    assert_eq!(alloc::rc::Rc::strong_count(&marker), 11);
    drop(v);
    assert_eq!(alloc::rc::Rc::strong_count(&marker), 1);
}

#[test]
fn scope_frees_only_what_it_allocated() {
    let s = Scratch::new();
    let kept = s.alloc_str("kept");
    let used = s.stats().used;
    let len = s.scope(|inner| inner.alloc_slice_copy(&[0u8; 10_000]).len());
    assert_eq!(len, 10_000);
    assert_eq!(s.stats().used, used, "the scope's allocations were freed");
    assert_eq!(&*kept, "kept");
    // Nested scopes, and a handle of the inner scope used for growth inside it.
    s.scope(|a| {
        let mut v = a.vec();
        a.scope(|b| {
            let x = b.alloc(5u8);
            assert_eq!(*x, 5);
        });
        v.push(1u8);
        assert_eq!(v.len(), 1);
    });
}

#[test]
fn a_scope_rewinds_to_its_start_and_the_outer_level_resumes() {
    let s = Scratch::new();
    let before = s.alloc(1u64) as *mut u64 as usize;
    let first = s.scope(|inner| inner.alloc(2u64) as *mut u64 as usize);
    // The second scope starts where the first did: its memory was freed.
    let second = s.scope(|inner| {
        let p = inner.alloc(3u64) as *mut u64 as usize;
        // Zero-sized values take no memory, so an outer handle may still make them.
        let _unit: &mut () = s.alloc(());
        assert_eq!(inner.scratch().stats().live_allocations, 2);
        p
    });
    assert_eq!(first, second);
    assert!(first < before, "the scope bumped on from the outer level");
    // The outer level continues right below its own last allocation, over the scopes' memory.
    let after = s.alloc(4u64) as *mut u64 as usize;
    assert_eq!(after, before - 8);
    assert!(first < after);
    // `before`, the zero-sized value and `after`: the scopes' allocations are gone.
    assert_eq!(s.stats().live_allocations, 3);
    // A scope that needs a new chunk: the outer level stays in its chunk, and a later scope
    // reuses the chunk instead of taking another.
    s.scope(|inner| assert_eq!(inner.alloc_slice_copy(&[9u8; 20_000]).len(), 20_000));
    let capacity = s.stats().capacity;
    s.scope(|inner| assert_eq!(inner.alloc_slice_copy(&[8u8; 20_000])[0], 8));
    assert_eq!(s.stats().capacity, capacity);
    assert!(s.stats().peak >= 20_000);
    assert_eq!(s.alloc(5u64) as *mut u64 as usize, after - 8);
}

#[test]
#[should_panic(expected = "outer handle while an inner `scope` is active")]
fn outer_handle_cannot_allocate_after_a_zero_sized_value_inside_a_scope() {
    let s = Scratch::new();
    s.scope(|_inner| {
        let _unit: &mut () = s.alloc(());
        let _oops = s.alloc(1u8);
    });
}

#[test]
#[should_panic(expected = "outer handle while an inner `scope` is active")]
fn outer_handle_cannot_open_a_scope_inside_a_scope() {
    let s = Scratch::new();
    s.scope(|_inner| s.scope(|_| ()));
}

#[test]
#[should_panic(expected = "outer handle while an inner `scope` is active")]
fn outer_handle_cannot_allocate_inside_a_scope() {
    let s = Scratch::new();
    s.scope(|_inner| {
        // This would be freed by the scope's end while still borrowed for `s`'s lifetime.
        let _oops = s.alloc(1u32);
    });
}

#[test]
#[should_panic(expected = "outer handle while an inner `scope` is active")]
fn vector_of_outer_level_cannot_grow_inside_a_scope() {
    let s = Scratch::new();
    let mut v = s.vec::<u64>();
    s.scope(|_inner| v.push(1));
}

#[cfg(feature = "std")]
#[test]
fn call_boundary_resets_only_at_the_outermost_return() {
    let outer_used = call_boundary(|| {
        with_scratch(|s| {
            let mine = s.alloc_str("outer");
            let depth_inside = call_boundary(|| {
                with_scratch(|t| t.alloc_slice_copy(&[0u8; 100]).len());
                call_depth()
            });
            assert_eq!(depth_inside, 3);
            assert_eq!(&*mine, "outer", "a nested call did not reset the scratch");
            stats().scratch.used
        })
    });
    assert!(outer_used >= 105);
    assert_eq!(call_depth(), 0);
    assert_eq!(stats().scratch.used, 0);
    // `with_scratch` inside a scope allocates at the scope's level.
    with_scratch(|s| s.scope(|_| with_scratch(|t| *t.alloc(3u8))));
}

#[cfg(feature = "std")]
#[test]
fn calls_reset_the_scratch_even_when_only_a_scope_allocated() {
    // The first chunk is taken by an inner scope; the root level never allocates.
    with_scratch(|s| s.scope(|inner| inner.alloc_slice_copy(&[1u8; 50_000]).len()));
    assert_eq!(stats().scratch.used, 0);
    let capacity = stats().scratch.capacity;
    let first = with_scratch(|s| s.alloc(1u64) as *mut u64 as usize);
    let again = with_scratch(|s| s.alloc(2u64) as *mut u64 as usize);
    assert_eq!(first, again, "each call starts from the same place");
    // A call that allocates nothing leaves everything as it was.
    call_boundary(|| ());
    let st = stats().scratch;
    assert_eq!((st.used, st.live_allocations, st.capacity), (0, 0, capacity));
}

#[cfg(feature = "std")]
#[test]
fn hooks_run_once_per_outermost_call_and_after_unwinding() {
    use core::sync::atomic::{AtomicUsize, Ordering};
    std::thread_local!(static RUNS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) });
    static TOTAL: AtomicUsize = AtomicUsize::new(0);
    static HOOK: CallEndHook = CallEndHook::new(|| {
        RUNS.with(|r| r.set(r.get() + 1));
        TOTAL.fetch_add(1, Ordering::Relaxed);
        // A call made by a hook is nested: it neither recurses into hooks nor resets early.
        call_boundary(|| ());
    });
    HOOK.register();
    HOOK.register(); // idempotent
    let before = RUNS.with(|r| r.get());
    call_boundary(|| call_boundary(|| call_boundary(|| ())));
    assert_eq!(RUNS.with(|r| r.get()), before + 1);
    let unwound = std::panic::catch_unwind(|| {
        with_scratch(|s| -> () {
            s.alloc(1u8);
            panic!("host call failed")
        })
    });
    assert!(unwound.is_err());
    assert_eq!(RUNS.with(|r| r.get()), before + 2);
    assert_eq!((call_depth(), stats().scratch.used), (0, 0));
    assert!(TOTAL.load(Ordering::Relaxed) >= 2);
    assert!(alloc::format!("{HOOK:?}").contains("registered: true"));
}

#[cfg(feature = "std")]
#[test]
fn exports_without_references_add_no_level_and_scratch_ends_with_the_outermost_with_scratch() {
    use crate::__private::export_call;
    let first = export_call::<false, _>(|| with_scratch(|s| s.alloc_slice_copy(&[7u8; 64]).as_ptr() as usize));
    assert_eq!((call_depth(), stats().scratch.used), (0, 0));
    let again = export_call::<false, _>(|| {
        assert_eq!(call_depth(), 0, "no level of its own");
        with_scratch(|s| {
            let p = s.alloc_slice_copy(&[8u8; 64]);
            // A nested export (a host callback re-entering) runs inside this `with_scratch`:
            // its own `with_scratch` is nested and resets nothing.
            export_call::<false, _>(|| with_scratch(|t| *t.alloc(1u8)));
            assert!(p.iter().all(|&b| b == 8) && stats().scratch.used >= 65, "reset under a live call");
            p.as_ptr() as usize
        })
    });
    assert_eq!(first, again, "each outermost with_scratch starts from the same place");
    assert_eq!((call_depth(), stats().scratch.used), (0, 0));
    // An export with reference parameters is a call boundary (its lent references are per call).
    assert_eq!(export_call::<true, _>(call_depth), 1);
}
