//! The host reference table: the algorithm `crates/wasm/js/table.mjs` runs in JS hosts, in Rust.
//!
//! The native backend (`cargo test` on x86_64) runs this table; the JS module implements the same
//! encoding, free list and messages line for line, and `tests/extern_table.rs` replays one script
//! of operations on both and compares every handle and every error.
//!
//! A handle is a non-zero `u32`:
//! - **owned** (bit 31 clear): bits 0..18 are a slot index, bits 18..22 the table's tag, bits
//!   22..31 the slot's generation (1..=511, never 0, so no owned handle is 0). Releasing a slot
//!   bumps its generation, so a released (stale) handle no longer matches and is refused. Free
//!   slots are reused first-in, first-out, which spreads reuse over all free slots: a stale handle
//!   can only match again after its own slot went through 511 more lives.
//! - **borrowed** (bit 31 set): bits 0..12 index a stack of references lent for the duration of
//!   one call, bits 12..16 the table's tag, bits 16..31 that stack slot's generation
//!   (1..=32767). The stack is popped when the call that pushed returns, and every push bumps the
//!   generation, so a borrowed handle that outlives its call is refused too.
//! - **pinned**: a borrowed handle the table keeps after its call ([`Table::pin`]): an owned
//!   export parameter is lent for the call (no slot to fill and free) and pinned only if wasm
//!   still owns it when the call ends. It lives until released, like an owned handle; the stack
//!   slot skips its generation meanwhile.
//!
//! - **tag** (0..=15): every handle carries its table's tag, checked with the generation. JS hosts
//!   give each instance's table the next tag in turn, so a handle number carried from one instance
//!   to another is refused there ([`HandleError::OtherInstance`]) even where the other table has
//!   a live reference at the same slot and generation (16 tables in a row differ). The native
//!   backend's tables use tag 0.
//!
//! The table never grows beyond the largest number of references alive at once: a slot is only
//! added when the free list is empty.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::fmt;

/// Bits of an owned handle that hold the slot index.
pub const INDEX_BITS: u32 = 18;
/// Largest number of owned slots (indices `0..MAX_SLOTS`).
pub const MAX_SLOTS: u32 = 1 << INDEX_BITS;
const INDEX_MASK: u32 = MAX_SLOTS - 1;
/// Bits of the table tag, above the index in both kinds of handle.
pub const TAG_BITS: u32 = 4;
const TAG_MASK: u32 = (1 << TAG_BITS) - 1;
const GEN_MAX: u32 = 0x1ff;
/// Set on borrowed handles.
pub const BORROWED: u32 = 1 << 31;
const BORROW_INDEX_BITS: u32 = 12;
const BORROW_INDEX_MASK: u32 = (1 << BORROW_INDEX_BITS) - 1;
const BORROW_GEN_MAX: u32 = 0x7fff;
/// Largest depth of the borrow stack.
pub const MAX_BORROWED: u32 = 1 << BORROW_INDEX_BITS;
const NIL: u32 = u32::MAX;

/// The slot index of an owned handle (meaningless for borrowed ones).
#[inline]
pub const fn slot_index(handle: u32) -> u32 {
    handle & INDEX_MASK
}

/// Whether `handle` names a borrowed (call-scoped) reference.
#[inline]
pub const fn is_borrowed(handle: u32) -> bool {
    handle & BORROWED != 0
}

const fn next_gen(generation: u32, max: u32) -> u32 {
    if generation >= max { 1 } else { generation + 1 }
}

/// The tag a handle carries.
#[inline]
pub const fn tag_of(handle: u32) -> u32 {
    let shift = if is_borrowed(handle) { BORROW_INDEX_BITS } else { INDEX_BITS };
    (handle >> shift) & TAG_MASK
}

/// Why the table refused a handle. `Display` gives the same text the JS host throws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandleError {
    /// Handle 0 is never handed out.
    Null,
    /// The slot exists but is at another generation: the reference was released.
    Stale {
        /// The handle.
        handle: u32,
        /// Its slot.
        slot: u32,
        /// The generation the handle carries.
        generation: u32,
        /// The slot's current generation.
        current: u32,
    },
    /// The handle carries another table's tag: from another instance, or forged.
    OtherInstance {
        /// The handle.
        handle: u32,
        /// The tag it carries.
        tag: u32,
        /// This table's tag.
        own: u32,
    },
    /// No slot with this index was ever allocated: forged, or from another table.
    NeverAllocated {
        /// The handle.
        handle: u32,
    },
    /// A borrowed handle whose call has returned.
    StaleBorrowed {
        /// The handle.
        handle: u32,
    },
    /// Borrowed handles are released by the call that lent them, never by their user (unless
    /// pinned).
    ReleaseBorrowed {
        /// The handle.
        handle: u32,
    },
    /// More than [`MAX_SLOTS`] owned or [`MAX_BORROWED`] borrowed references alive at once.
    Full,
}

impl fmt::Display for HandleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HandleError::Null => write!(f, "wasmrust: invalid host reference 0 (the null handle)"),
            HandleError::Stale { handle, slot, generation, current } => write!(
                f,
                "wasmrust: stale host reference 0x{handle:08x} (slot {slot}, generation \
                 {generation}; the slot is now at generation {current}): it was used after it \
                 was released"
            ),
            HandleError::OtherInstance { handle, tag, own } => write!(
                f,
                "wasmrust: invalid host reference 0x{handle:08x}: it is from another instance \
                 (tag {tag}; this instance's is {own}), or forged"
            ),
            HandleError::NeverAllocated { handle } => write!(
                f,
                "wasmrust: invalid host reference 0x{handle:08x}: its slot was never allocated \
                 (a forged handle, or one from another instance)"
            ),
            HandleError::StaleBorrowed { handle } => write!(
                f,
                "wasmrust: stale borrowed host reference 0x{handle:08x}: a borrowed reference \
                 lives only until the call that lent it returns"
            ),
            HandleError::ReleaseBorrowed { handle } => write!(
                f,
                "wasmrust: cannot release borrowed host reference 0x{handle:08x}: the call that \
                 lent it releases it"
            ),
            HandleError::Full => write!(f, "wasmrust: host reference table is full"),
        }
    }
}

enum Slot<O> {
    Live { generation: u32, object: O },
    Free { generation: u32, next: u32 },
}

struct Borrowed<O> {
    generation: u32,
    object: Option<O>,
}

/// Counts for tests and diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct TableStats {
    /// Owned references alive (pinned ones included).
    pub live: u32,
    /// Owned slots ever allocated (live + free): the table's length.
    pub length: u32,
    /// Borrowed references on the stack.
    pub borrowed: u32,
}

/// A generation-checked table of host objects with a first-in, first-out free list.
pub struct Table<O> {
    slots: Vec<Slot<O>>,
    free_head: u32,
    free_tail: u32,
    live: u32,
    stack: Vec<Borrowed<O>>,
    depth: u32,
    pinned: BTreeMap<u32, O>,
    tag: u32,
}

impl<O> Default for Table<O> {
    fn default() -> Self {
        Table::new()
    }
}

impl<O> Table<O> {
    /// An empty table with tag 0.
    pub const fn new() -> Self {
        Table::with_tag(0)
    }

    /// An empty table whose handles carry `tag` (its low [`TAG_BITS`] bits).
    pub const fn with_tag(tag: u32) -> Self {
        Table {
            slots: Vec::new(),
            free_head: NIL,
            free_tail: NIL,
            live: 0,
            stack: Vec::new(),
            depth: 0,
            pinned: BTreeMap::new(),
            tag: tag & TAG_MASK,
        }
    }

    /// The tag this table's handles carry.
    pub const fn tag(&self) -> u32 {
        self.tag
    }

    /// `generation` and this table's tag, as a handle holds them above the index.
    const fn stamp(&self, generation: u32) -> u32 {
        (generation << TAG_BITS) | self.tag
    }

    /// Stores `object` and returns its owned handle.
    pub fn insert(&mut self, object: O) -> Result<u32, HandleError> {
        let index = if self.free_head != NIL {
            let index = self.free_head;
            let Slot::Free { next, .. } = self.slots[index as usize] else {
                unreachable!("the free list links only free slots")
            };
            self.free_head = next;
            if next == NIL {
                self.free_tail = NIL;
            }
            index
        } else {
            if self.slots.len() as u32 >= MAX_SLOTS {
                return Err(HandleError::Full);
            }
            self.slots.push(Slot::Free { generation: 1, next: NIL });
            self.slots.len() as u32 - 1
        };
        let slot = &mut self.slots[index as usize];
        let Slot::Free { generation, .. } = *slot else { unreachable!("a free slot") };
        *slot = Slot::Live { generation, object };
        self.live += 1;
        Ok((self.stamp(generation) << INDEX_BITS) | index)
    }

    /// The object behind an owned or borrowed handle.
    pub fn get(&self, handle: u32) -> Result<&O, HandleError> {
        if is_borrowed(handle) {
            let (index, stamp) = (handle & BORROW_INDEX_MASK, (handle & !BORROWED) >> BORROW_INDEX_BITS);
            return match self.stack.get(index as usize) {
                Some(Borrowed { generation: g, object: Some(o) })
                    if index < self.depth && self.stamp(*g) == stamp =>
                {
                    Ok(o)
                }
                _ => self.pinned.get(&handle).ok_or_else(|| self.refused(handle, None)),
            };
        }
        match self.slots.get(slot_index(handle) as usize) {
            Some(Slot::Live { generation, object })
                if self.stamp(*generation) == handle >> INDEX_BITS =>
            {
                Ok(object)
            }
            slot => Err(self.refused(handle, slot)),
        }
    }

    /// Why `handle` (whose slot, if it exists, is `slot`) was refused: the same order of checks
    /// as the JS table's `error`.
    fn refused(&self, handle: u32, slot: Option<&Slot<O>>) -> HandleError {
        if handle == 0 {
            return HandleError::Null;
        }
        let tag = tag_of(handle);
        if tag != self.tag {
            return HandleError::OtherInstance { handle, tag, own: self.tag };
        }
        if is_borrowed(handle) {
            return HandleError::StaleBorrowed { handle };
        }
        let Some(slot) = slot else { return HandleError::NeverAllocated { handle } };
        let current = match slot {
            Slot::Live { generation, .. } | Slot::Free { generation, .. } => *generation,
        };
        HandleError::Stale {
            handle,
            slot: slot_index(handle),
            generation: handle >> (INDEX_BITS + TAG_BITS),
            current,
        }
    }

    /// Releases an owned (or pinned) handle and returns its object; an owned slot joins the free
    /// list's tail.
    pub fn release(&mut self, handle: u32) -> Result<O, HandleError> {
        if is_borrowed(handle) {
            return self.pinned.remove(&handle).ok_or(HandleError::ReleaseBorrowed { handle });
        }
        self.get(handle)?;
        let index = slot_index(handle);
        let slot = &mut self.slots[index as usize];
        let Slot::Live { generation, .. } = *slot else { unreachable!("checked by get") };
        let freed = Slot::Free { generation: next_gen(generation, GEN_MAX), next: NIL };
        let Slot::Live { object, .. } = core::mem::replace(slot, freed) else { unreachable!() };
        if self.free_tail == NIL {
            self.free_head = index;
        } else if let Slot::Free { next, .. } = &mut self.slots[self.free_tail as usize] {
            *next = index;
        }
        self.free_tail = index;
        self.live -= 1;
        Ok(object)
    }

    /// Lends `object` to the current call: returns a borrowed handle valid until
    /// [`pop_to`](Self::pop_to) pops below it.
    pub fn push(&mut self, object: O) -> Result<u32, HandleError> {
        let index = self.depth;
        if index >= MAX_BORROWED {
            return Err(HandleError::Full);
        }
        if index as usize == self.stack.len() {
            self.stack.push(Borrowed { generation: 0, object: None });
        }
        let entry = &mut self.stack[index as usize];
        let tag = self.tag;
        let handle = |generation| BORROWED | (((generation << TAG_BITS) | tag) << BORROW_INDEX_BITS) | index;
        entry.generation = next_gen(entry.generation, BORROW_GEN_MAX);
        // A pinned handle keeps its generation of this slot until it is released.
        while self.pinned.contains_key(&handle(entry.generation)) {
            entry.generation = next_gen(entry.generation, BORROW_GEN_MAX);
        }
        entry.object = Some(object);
        self.depth += 1;
        Ok(handle(entry.generation))
    }

    /// Keeps a borrowed handle valid after its call, until it is released: `Ok(true)`. A handle
    /// whose call already returned is left alone (`Ok(false)`: an exception abandoned the call
    /// that would have pinned it), as is an owned handle (checked).
    pub fn pin(&mut self, handle: u32) -> Result<bool, HandleError>
    where
        O: Clone,
    {
        if !is_borrowed(handle) {
            return self.get(handle).map(|_| false);
        }
        match self.get(handle) {
            Ok(object) => {
                let object = object.clone();
                self.pinned.insert(handle, object);
                Ok(true)
            }
            Err(_) => Ok(false),
        }
    }

    /// The borrow-stack depth, to restore with [`pop_to`](Self::pop_to) when a call returns.
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Ends the most recent borrow and returns its object.
    pub fn pop(&mut self) -> Option<O> {
        self.depth = self.depth.checked_sub(1)?;
        self.stack[self.depth as usize].object.take()
    }

    /// Ends the borrows made since the stack was at `depth`, dropping their objects.
    pub fn pop_to(&mut self, depth: u32) {
        while self.depth > depth {
            self.pop();
        }
    }

    /// Live count, length and borrow depth.
    pub fn stats(&self) -> TableStats {
        let live = self.live + self.pinned.len() as u32;
        TableStats { live, length: self.slots.len() as u32, borrowed: self.depth }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn handles_are_never_zero_and_encode_slot_and_generation() {
        let mut t = Table::new();
        let a = t.insert("a").unwrap();
        let b = t.insert("b").unwrap();
        assert_eq!((a, b), (1 << 22, (1 << 22) | 1));
        assert_eq!(t.get(a), Ok(&"a"));
        assert_eq!(t.get(b), Ok(&"b"));
        assert_eq!(t.get(0), Err(HandleError::Null));
    }

    #[test]
    fn released_slots_are_reused_first_in_first_out_with_a_new_generation() {
        let mut t = Table::new();
        let h: Vec<u32> = (0..3).map(|i| t.insert(i).unwrap()).collect();
        assert_eq!(t.release(h[1]), Ok(1));
        assert_eq!(t.release(h[0]), Ok(0));
        let x = t.insert(10).unwrap();
        let y = t.insert(11).unwrap();
        assert_eq!(slot_index(x), 1, "oldest free slot first");
        assert_eq!(slot_index(y), 0);
        assert_eq!(x >> (INDEX_BITS + TAG_BITS), 2, "generation bumped");
        assert_eq!(t.stats(), TableStats { live: 3, length: 3, borrowed: 0 });
    }

    #[test]
    fn a_stale_handle_never_reaches_the_new_object() {
        let mut t = Table::new();
        let old = t.insert("old").unwrap();
        t.release(old).unwrap();
        let new = t.insert("new").unwrap();
        assert_eq!(slot_index(old), slot_index(new));
        let err = t.get(old).unwrap_err();
        assert_eq!(
            err,
            HandleError::Stale { handle: old, slot: 0, generation: 1, current: 2 }
        );
        assert!(err.to_string().contains("used after it was released"), "{err}");
        assert_eq!(t.release(old), Err(err));
        assert_eq!(t.get(new), Ok(&"new"));
    }

    #[test]
    fn forged_handles_are_refused() {
        let mut t = Table::<u8>::new();
        let h = t.insert(1).unwrap();
        assert_eq!(t.get(h + 5), Err(HandleError::NeverAllocated { handle: h + 5 }));
        assert!(matches!(t.get(h + (3 << (INDEX_BITS + TAG_BITS))), Err(HandleError::Stale { .. })));
    }

    #[test]
    fn a_handle_of_another_table_never_reaches_this_one() {
        let (mut a, mut b) = (Table::with_tag(3), Table::with_tag(4));
        let (ha, hb) = (a.insert("a").unwrap(), b.insert("b").unwrap());
        assert_eq!((slot_index(ha), slot_index(hb)), (0, 0), "same slot, same generation");
        assert_eq!(b.get(ha), Err(HandleError::OtherInstance { handle: ha, tag: 3, own: 4 }));
        assert_eq!(b.release(ha), Err(HandleError::OtherInstance { handle: ha, tag: 3, own: 4 }));
        let (la, lb) = (a.push("lent a").unwrap(), b.push("lent b").unwrap());
        assert_eq!(la & BORROW_INDEX_MASK, lb & BORROW_INDEX_MASK);
        assert_eq!(b.get(la), Err(HandleError::OtherInstance { handle: la, tag: 3, own: 4 }));
        assert!(b.get(la).unwrap_err().to_string().contains("from another instance (tag 3; this instance's is 4)"));
        assert_eq!((b.get(hb), b.get(lb)), (Ok(&"b"), Ok(&"lent b")), "b's own are untouched");
        assert_eq!((a.get(ha), a.get(la)), (Ok(&"a"), Ok(&"lent a")));
        assert_eq!((tag_of(ha), tag_of(la), tag_of(hb)), (3, 3, 4));
    }

    #[test]
    fn generations_wrap_without_reaching_zero() {
        let mut t = Table::new();
        let mut h = t.insert(0u32).unwrap();
        for i in 1..=3 * GEN_MAX {
            t.release(h).unwrap();
            h = t.insert(i).unwrap();
            assert_ne!(h, 0);
            assert_ne!(h >> INDEX_BITS, 0);
        }
        assert_eq!(t.stats().length, 1);
    }

    #[test]
    fn borrowed_handles_die_with_their_call() {
        let mut t = Table::new();
        let depth = t.depth();
        let a = t.push("a").unwrap();
        let b = t.push("b").unwrap();
        assert!(is_borrowed(a) && is_borrowed(b));
        assert_eq!(t.get(b), Ok(&"b"));
        assert_eq!(t.release(a), Err(HandleError::ReleaseBorrowed { handle: a }));
        t.pop_to(depth + 1);
        assert_eq!(t.get(b), Err(HandleError::StaleBorrowed { handle: b }));
        let c = t.push("c").unwrap();
        assert_eq!(c & BORROW_INDEX_MASK, b & BORROW_INDEX_MASK, "same stack slot");
        assert_eq!(t.get(b), Err(HandleError::StaleBorrowed { handle: b }), "new generation");
        assert_eq!(t.get(c), Ok(&"c"));
        t.pop_to(depth);
        assert_eq!(t.stats().borrowed, 0);
    }

    #[test]
    fn pinned_handles_outlive_their_call_until_released() {
        let mut t = Table::new();
        let kept = t.push("kept").unwrap();
        let dropped = t.push("dropped").unwrap();
        assert_eq!(t.pin(kept), Ok(true));
        t.pop_to(0);
        assert_eq!(t.get(kept), Ok(&"kept"), "pinned: valid after the call");
        assert_eq!(t.get(dropped), Err(HandleError::StaleBorrowed { handle: dropped }));
        assert_eq!(t.pin(dropped), Ok(false), "too late: left alone");
        assert_eq!(t.stats(), TableStats { live: 1, length: 0, borrowed: 0 });
        // The stack slot never hands out the pinned generation again.
        for _ in 0..2 * BORROW_GEN_MAX {
            let h = t.push("other").unwrap();
            assert_ne!(h, kept);
            t.pop_to(0);
        }
        assert_eq!(t.release(kept), Ok("kept"));
        assert_eq!(t.get(kept), Err(HandleError::StaleBorrowed { handle: kept }));
        assert_eq!(t.release(kept), Err(HandleError::ReleaseBorrowed { handle: kept }));
        assert_eq!(t.stats().live, 0);
    }

    #[test]
    fn length_stays_at_the_high_water_mark() {
        let mut t = Table::new();
        for round in 0..1000 {
            let hs: Vec<u32> = (0..8).map(|i| t.insert(round * 8 + i).unwrap()).collect();
            for h in hs {
                t.release(h).unwrap();
            }
        }
        assert_eq!(t.stats(), TableStats { live: 0, length: 8, borrowed: 0 });
    }
}
