//! Unit tests of the heap behind `Global`: the list index, and heaps of their own (natively).

use super::*;

#[test]
fn lists_are_monotonic_and_ceil_fits() {
    let mut prev = 0;
    for units in 1..100_000 {
        let l = list_of(units);
        assert!(l >= prev && l <= LAST);
        prev = l;
        // Every gap in the ceiling list of a request is large enough for it.
        let ceil = list_of(units - 1) + 1;
        if ceil < LAST {
            let smallest_in_ceil = (1..=units).rev().take_while(|&u| list_of(u) >= ceil).last();
            assert!(smallest_in_ceil.is_none_or(|u| u >= units));
        }
    }
    assert_eq!((list_of(0), list_of(1), list_of(2), list_of(3), list_of(4)), (0, 1, 2, 2, 3));
    assert_eq!((list_of(5), list_of(6), list_of(9), list_of(10), list_of(14)), (3, 4, 4, 5, 6));
    assert!(list_of(usize::MAX / UNIT) <= LAST);
}

/// A heap of its own (natively, a reservation of its own), so nothing else allocates in it.
#[cfg(feature = "std")]
#[test]
fn realloc_grows_in_place_into_the_gap_above_and_the_wilderness() {
    let mut heap = Heap::new();
    // SAFETY: every pointer comes from this heap with the sizes it was allocated with.
    unsafe {
        let a = heap.alloc(100, 8);
        let b = heap.alloc(100, 8);
        assert!(!a.is_null() && !b.is_null());
        a.write_bytes(0xaa, 100);
        b.write_bytes(0xbb, 100);
        // `b` is the last block: it ends at the wilderness, and grows by moving the top.
        let b2 = heap.realloc(b, 100, 8, 5000);
        assert_eq!(b2, b);
        assert!((0..100).all(|i| *b.add(i) == 0xbb));
        let c = heap.alloc(64, 8);
        assert!(c as usize >= b as usize + 5000, "the top moved past the grown block");
        // Freeing `b` leaves a gap above `a`, which `a` grows into without moving.
        heap.dealloc(b, 5000);
        let a2 = heap.realloc(a, 100, 8, 3000);
        assert_eq!(a2, a);
        assert!((0..100).all(|i| *a.add(i) == 0xaa));
        // Shrinking gives the tail back: the same bytes serve the next request.
        let a3 = heap.realloc(a, 3000, 8, 16);
        assert_eq!(a3, a);
        let d = heap.alloc(2000, 8);
        assert!(d as usize > a as usize && (d as usize) < c as usize, "reused the freed tail");
        // A block that can neither grow into a gap nor the top moves, contents kept.
        let a4 = heap.realloc(a, 16, 8, 100_000);
        assert_ne!(a4, a);
        assert!((0..16).all(|i| *a4.add(i) == 0xaa));
        for (p, size) in [(a4, 100_000), (c, 64), (d, 2000)] {
            heap.dealloc(p, size);
        }
        let m = heap.measure();
        assert_eq!(m.live_allocations, 0);
        assert_eq!(m.largest_free, m.free, "everything merged back into one free region");
        assert!(m.used <= UNIT, "only the region's header is in use: {m:?}");
    }
}

/// The walk of `measure` agrees with a shadow list of live blocks after every kind of
/// operation (aligned blocks leave gaps below them; realloc grows into gaps and the top).
#[cfg(feature = "std")]
#[test]
fn measure_counts_exactly_the_live_blocks() {
    let mut heap = Heap::new();
    let mut live: alloc::vec::Vec<(*mut u8, usize, usize)> = alloc::vec::Vec::new();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    for step in 0..20_000 {
        // SAFETY: blocks come from this heap and are resized/freed with their sizes.
        unsafe {
            match next(4) {
                0 | 1 if live.len() < 300 => {
                    let (size, align) = (1 + next(3000), 1 << next(13));
                    let p = heap.alloc(size, align);
                    assert!(!p.is_null() && (p as usize).is_multiple_of(align));
                    live.push((p, size, align));
                }
                2 if !live.is_empty() => {
                    let i = next(live.len());
                    let (p, size, align) = live[i];
                    let new = 1 + next(6000);
                    let q = heap.realloc(p, size, align, new);
                    assert!(!q.is_null());
                    live[i] = (q, new, align);
                }
                _ if !live.is_empty() => {
                    let (p, size, _) = live.swap_remove(next(live.len()));
                    heap.dealloc(p, size);
                }
                _ => {}
            }
        }
        if step % 97 == 0 {
            let m = heap.measure();
            assert_eq!(m.live_allocations, live.len(), "step {step}");
            assert_eq!(m.used + m.free, m.capacity);
        }
    }
}
