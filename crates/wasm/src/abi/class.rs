//! Objects of exported classes (`#[wasm::export] impl Type`): the table that owns them while
//! JS holds them.
//!
//! JS holds an object as a handle of two numbers, its slot index and the slot's generation. The
//! generation changes whenever the slot's object ends (freed or consumed), so a handle of an
//! object that is gone never names the object that reuses its slot; a slot whose generation
//! would wrap is retired. Each slot remembers its object's class tag (`ExportClass::tag`, the
//! address of a static of the class's own), so a handle of one class passed where another is
//! expected is refused rather than reinterpreted. A bad handle, or a
//! borrow that conflicts with one in progress (a JS callback re-entering a method of the same
//! object), is a JS `Error` naming the class and member (`__wasmrust.class_error`), not a trap
//! and never an access to another object.
//!
//! Each object is boxed: a method borrows it through a pointer that stays valid while the table
//! grows (a call may create objects); the slot's borrow count keeps it from being freed or
//! consumed meanwhile. See SAFETY.md, "Exported classes".

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::ptr;

use crate::externref::local::{WithLocal, local_state};

/// A type exported as a JS class: implemented by `#[wasm::export] impl Type`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot cross the wasm boundary: it is not an exported class",
    label = "not an exported class",
    note = "export it as a JS class with `#[wasm::export] impl {Self} {{ ... }}` (constructor, methods, getters, setters); a record or enum is copied, so a `&mut` of one cannot reach the caller's value: take it by value and return the changed one"
)]
///
/// # Safety
///
/// `tag()` is the address of a static that belongs to this type alone (`#[wasm::export] impl`
/// declares one per class): the table tells classes apart by it (one word, compared together
/// with the slot's generation, where a `TypeId` takes two `u64` ones), and reads a slot's object as `Self` when the tags match.
pub unsafe trait ExportClass: 'static {
    /// The class name JS sees.
    const NAME: &'static str;
    /// This class's tag: the address of its own static.
    fn tag() -> *const u8;
}

/// A slot's generation and class tag in one word (`stamp`): the generation above the tag's
/// pointer-wide bits, so a handle is checked with one load and one compare (the tag, a small
/// constant once linked, in the low half keeps that constant short). Wide enough that no two
/// (tag, generation) pairs share a stamp.
#[cfg(target_pointer_width = "32")]
type Stamp = u64;
#[cfg(not(target_pointer_width = "32"))]
type Stamp = u128;

/// The stamp of a slot with generation `generation` holding an object of the class tagged `tag`
/// (`VACANT`: none).
#[inline(always)]
fn stamp(tag: usize, generation: u32) -> Stamp {
    (generation as Stamp) << usize::BITS | tag as Stamp
}

/// The generation part of `stamp`.
#[inline(always)]
fn generation_of(stamp: Stamp) -> u32 {
    (stamp >> usize::BITS) as u32
}

/// The stamp a live `T` with generation `generation` has.
#[inline(always)]
fn stamp_of<T: ExportClass>(generation: u32) -> Stamp {
    stamp(T::tag() as usize, generation)
}

/// The tag of a slot that holds no object (no class's static is at address 0).
const VACANT: usize = 0;

/// What a call borrows: kept in the object's box, beside it (like `RefCell`'s count), so a
/// call's borrow and release touch the object's own memory, never the table again. A `&self`
/// method whose body makes no call then compiles to the checks and the read alone: the compiler
/// sees the count go up and back down through the same pointer and drops both stores.
struct Head {
    /// 0 free to borrow, > 0 shared borrows, -1 borrowed mutably as the arguments are lifted,
    /// `RUNNING` borrowed mutably by a body that has started, `POISONED`. Only a call abandoned
    /// while `RUNNING` poisons (one whose later argument was refused never ran).
    borrows: i32,
    /// The member that last borrowed the object mutably (said when the object is poisoned).
    by: &'static str,
}

/// The box of a live object: `head` first (`repr(C)`), so a `*mut Boxed<T>` is a `*mut Head`.
#[repr(C)]
struct Boxed<T> {
    head: Head,
    value: T,
}

/// Packed to one byte (the stamp and the pointer are read with unaligned-capable loads): 12
/// bytes on wasm32, and any address is aligned for it, so the table keeps its slots in a
/// `Vec<u8>` (`Table::bytes`).
#[repr(C, packed)]
struct Slot {
    /// `stamp(tag, generation)`: the generation (never 0 while live: a live object's handle
    /// carries it) and the tag of the object's class (`ExportClass::tag`), `VACANT` while the
    /// slot holds none.
    stamp: Stamp,
    /// Live: a `Box<Boxed<T>>` of the class whose tag is `tag` (from `Box::into_raw`). Vacant:
    /// no pointer, the free list's link (`Table::free`), an address-less integer never read
    /// as a pointer.
    object: *mut Head,
}

struct Table {
    /// The slots (`len` of them, written as `Slot`s: `Table::slots`), in bytes: the table grows
    /// through the reservation that every `Vec<u8>` and `String` of the program shares
    /// (`RawVecInner::reserve` for 1-byte elements), rather than linking a growth path of its own.
    bytes: Vec<u8>,
    /// The number of slots in `bytes` (`bytes.len() / size_of::<Slot>()`).
    len: usize,
    /// 1 + the index of a vacant slot to reuse (its `object` links the next the same way), or 0:
    /// a list through the slots themselves, so ending an object never allocates.
    free: usize,
}

local_state! {
    static TABLE: Table = Table { bytes: Vec::new(), len: 0, free: 0 };
}

/// `borrows` of an object whose `&mut` borrow a call abandoned (a panic under `panic = "abort"`,
/// or a JS exception thrown through the call): its state is not trusted, so it is never borrowed,
/// moved out or dropped again; ending it (`free`, a `T` parameter) leaks it.
const POISONED: i32 = i32::MIN;

/// Shared borrows of one object at a time, at most (one more is refused as in use): each is a
/// call in progress, so the JS stack ends far below; short of `i32::MAX` (the count cannot
/// overflow), and small enough that the compare's constant is 3 bytes in every `&self` member
/// export instead of 5.
const MAX_SHARED: i32 = (1 << 20) - 1;

/// `borrows` while a `&mut self` body runs (`ClassMut::deref_mut`). Below -1, like `POISONED`, so
/// an abandoned call's end is one compare (`end_abandoned_borrows`); `POISONED` is the only count
/// below it (`is_poisoned`).
const RUNNING: i32 = -2;

/// Whether `count` is `POISONED`: the only count below `RUNNING`, so the test's constant is one
/// byte (-2) where `== i32::MIN` takes five, in every export that refuses or ends an object.
#[inline(always)]
fn is_poisoned(count: i32) -> bool {
    const { assert!(POISONED < RUNNING && RUNNING < -1) };
    count < RUNNING
}

/// Why a handle was refused (the host's `why` code; 0 is a whole message).
#[derive(Clone, Copy)]
enum Refused {
    NotLive = 1,
    Borrowed = 2,
    Poisoned = 3,
}

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
mod host {
    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        /// Throws a JS `Error`: `why` 0, the message `text`; else the refusal `why` of member
        /// `text` of `class` (the host words it: the module links no formatting for it); `by`:
        /// the member whose abandoned call poisoned the object (`why` 3).
        #[link_name = "class_error"]
        fn host_class_error(text: *const u8, len: u32, class: *const u8, class_len: u32, why: u32, by: *const u8, by_len: u32);
    }

    #[inline(always)]
    pub(super) fn error(text: &str, class: &str, why: u32, by: &str) -> ! {
        // SAFETY: the host reads `len` bytes at `text`, `class_len` at `class` and `by_len` at
        // `by` (valid UTF-8) and throws.
        unsafe { host_class_error(text.as_ptr(), text.len() as u32, class.as_ptr(), class.len() as u32, why, by.as_ptr(), by.len() as u32) };
        core::arch::wasm32::unreachable()
    }
}

#[cfg(not(all(target_family = "wasm", not(feature = "wasm-bindgen"))))]
mod host {
    pub(super) fn error(text: &str, class: &str, why: u32, by: &str) -> ! {
        match why {
            0 => panic!("{text}"),
            1 => panic!("{text}: this handle does not name a live {class} (it was freed or consumed, or is not a {class} handle)"),
            2 => panic!("{text}: the {class} is in use by a call in progress (a re-entrant call cannot borrow, free or consume it)"),
            _ => panic!("{text}: this {class} object is poisoned by a panic in {by}"),
        }
    }
}

/// Throws a JS `Error` with `message` (off wasm: panics).
#[cold]
pub(crate) fn class_error(message: &str) -> ! {
    host::error(message, "", 0, "")
}

impl Table {
    /// The slots, and the free list's head.
    #[inline(always)]
    fn slots(&mut self) -> (&mut [Slot], &mut usize) {
        // SAFETY: `bytes` holds `len` slots, each written as a `Slot` (`push`), and `Slot` is
        // `packed` (alignment 1); the slice borrows `bytes` for as long as it lives.
        let slots = unsafe { core::slice::from_raw_parts_mut(self.bytes.as_mut_ptr().cast::<Slot>(), self.len) };
        (slots, &mut self.free)
    }

    /// The slot of the live `T` a handle names, and the free list's head (to `vacate` it). A
    /// vacant slot's tag is `VACANT`, which no class has, and a live slot's generation is never
    /// 0, so one compare covers those cases too.
    #[inline(always)]
    fn live<T: ExportClass>(&mut self, index: u32, generation: u32) -> Option<(&mut Slot, &mut usize)> {
        let (slots, free) = self.slots();
        match slots.get_mut(index as usize) {
            Some(s) if { s.stamp } == stamp_of::<T>(generation) => Some((s, free)),
            _ => None,
        }
    }

    /// A new vacant slot (generation 1, the last of the free list) when none is free; returns
    /// its index + 1, the free list's form. Out of line and the same for every class, with the
    /// table's growth; `class_new` then fills it as it fills a reused slot, so a constructor has
    /// one insertion path, not two.
    #[inline(never)]
    fn grow(&mut self) -> usize {
        let size = core::mem::size_of::<Slot>();
        self.bytes.reserve(size);
        // SAFETY: the reservation leaves room for a slot after the `len` ones (`bytes.len()` is
        // `len` slots' bytes); `Slot` is `packed`, so any address is aligned for it; the slot is
        // written before `set_len` counts its bytes. Vacant, and the list's end (link 0).
        unsafe {
            self.bytes.as_mut_ptr().add(self.bytes.len()).cast::<Slot>().write(Slot { stamp: stamp(VACANT, 1), object: ptr::null_mut() });
            self.bytes.set_len(self.bytes.len() + size);
        }
        self.len += 1;
        // The abandon hook matters once an object can be borrowed, so from the first slot on;
        // registering here keeps the check off the path that reuses slots. The table's first
        // slot is made once (per thread, where the table is per thread: the flagged form).
        #[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
        if self.len == 1 {
            ABANDONED.register_on_abandon_first();
        }
        self.len
    }
}

impl Slot {
    /// Whether the slot holds an object (its stamp's tag is not `VACANT`).
    fn is_live(&self) -> bool {
        ({ self.stamp }) as usize != VACANT
    }
}

/// Ends the object of `slot` (number `index`, its generation `generation`, which the stamp
/// check found there): the generation moves on so old handles are
/// refused. The caller read the box out of the slot first, and drops it, moves out of it or
/// (poisoned) leaks it. Takes the slot itself, so no second bounds check.
#[inline]
fn vacate(slot: &mut Slot, free: &mut usize, index: u32, generation: u32) {
    let generation = generation.wrapping_add(1);
    slot.stamp = stamp(VACANT, generation);
    // A wrapped generation retires the slot (it could match a handle from long ago): it stays
    // off the free list.
    let next = if generation != 0 { core::mem::replace(free, index as usize + 1) } else { 0 };
    slot.object = ptr::without_provenance_mut(next);
}

/// Puts a new object in the table; returns its handle (index, generation).
pub fn class_new<T: ExportClass>(value: T) -> (u32, u32) {
    let object = Box::into_raw(Box::new(Boxed { head: Head { borrows: 0, by: "" }, value })).cast::<Head>();
    TABLE.with_state(|t| {
        // The free list's head, or (none) a slot made for it, whose link 0 empties the list.
        let head = if t.free == 0 { t.grow() } else { t.free };
        let (slots, free) = t.slots();
        let index = head - 1;
        // SAFETY: the free list holds only indexes + 1 of slots in the table (`vacate` links the
        // slot it was given, `grow` returns the one it added), and `head` is not 0.
        let slot = unsafe { slots.get_unchecked_mut(index) };
        // A vacant slot's `object` is the next link (`vacate`); its stamp's tag is `VACANT`.
        *free = slot.object.addr();
        slot.object = object;
        // Vacant: the tag bits are `VACANT`'s 0s.
        slot.stamp |= stamp(T::tag() as usize, 0);
        (index as u32, generation_of(slot.stamp))
    })
}

/// Ends the borrows of calls the host abandoned (`arena::abandoned`, whose contract is that
/// no frame of the module is live, so no `ClassRef` / `ClassMut` is): a shared borrow is simply
/// over (a `&self` method changes nothing, short of interior mutability), an exclusive one
/// whose body had started poisons the object (a `&mut self` method may have stopped half-way;
/// one whose later argument was refused never ran). Like std's `RwLock`: a panic while writing
/// poisons, one while reading does not.
#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
static ABANDONED: crate::arena::CallEndHook = crate::arena::CallEndHook::new(end_abandoned_borrows);

#[cfg(all(target_family = "wasm", not(feature = "wasm-bindgen")))]
fn end_abandoned_borrows() {
    TABLE.with_state(|t| {
        for slot in t.slots().0.iter().filter(|s| s.is_live()) {
            // SAFETY: a slot with a tag holds a live box; no frame of the module is live (the
            // hook's contract), so no reference into the box exists.
            let head = unsafe { &mut *slot.object };
            // Below -1 (`RUNNING`, `POISONED`): `POISONED`; -1 and shared counts: 0. (One add
            // and one mask: `POISONED` is the sign bit alone.)
            head.borrows = head.borrows.wrapping_add(1) & POISONED;
        }
    });
}

/// Borrows the object for the call: `+1` shared (`mutable`: exclusive), or refuses.
///
/// The hot path of every method call: one bounds check, the slot's stamp (generation and class
/// tag, one load and one compare), the borrow count in the box, with no panic path (the refusal is out of line,
/// `#[cold]`); inlined into each member export so a call makes no nested call.
#[inline(always)]
fn borrow<T: ExportClass>(index: u32, generation: u32, member: &'static str, mutable: bool) -> *mut Boxed<T> {
    let head = TABLE.with_state(|t| t.live::<T>(index, generation).map(|(s, _)| s.object));
    if let Some(object) = head {
        // SAFETY: a slot with `T`'s tag holds a live `Box<Boxed<T>>` (`ExportClass`); the head is
        // written through the raw pointer, never through a reference a borrow could hold.
        let borrows = unsafe { &raw mut (*object).borrows };
        // SAFETY: as above.
        let count = unsafe { *borrows };
        // Shared: not borrowed mutably nor poisoned (< 0) and short of `MAX_SHARED`, one
        // unsigned compare; exclusive: not borrowed at all.
        let free = if mutable { count == 0 } else { (count as u32) < MAX_SHARED as u32 };
        if free {
            // SAFETY: as above.
            unsafe {
                if mutable {
                    *borrows = -1;
                    (*object).by = member;
                } else {
                    *borrows = count + 1;
                }
            }
            return object.cast();
        }
    }
    // One call for both refusals: less code in every member export.
    refuse::<T>(head.unwrap_or(ptr::null_mut()), member)
}

/// `refuse_borrow` for class `T`: one per class, so the class name is not an argument at every
/// member export's call site (the default profile keeps a copy of the name per codegen unit, which
/// wasm-opt cannot fold).
#[cold]
#[inline(never)]
fn refuse<T: ExportClass>(head: *mut Head, member: &str) -> ! {
    refuse_borrow(head, T::NAME, member)
}

/// Why `borrow`, `class_take` or `class_free` refused: not a live object (`head` null),
/// poisoned, or in use. One copy for every class and every refusal.
#[cold]
#[inline(never)]
fn refuse_borrow(head: *mut Head, class: &str, member: &str) -> ! {
    // No object: a head whose count no refused object has (a live one is refused only while
    // borrowed or poisoned), so one host call covers the three reasons.
    static NOT_LIVE: Head = Head { borrows: 0, by: "" };
    // SAFETY: a non-null `head` is a live slot's box (see `borrow`), or a poisoned one
    // `class_take` just vacated, which is leaked, never freed; only read here.
    let h = unsafe { head.as_ref() }.unwrap_or(&NOT_LIVE);
    let why = match h.borrows {
        0 => Refused::NotLive,
        b if is_poisoned(b) => Refused::Poisoned,
        _ => Refused::Borrowed,
    };
    // `by` is passed whatever the reason: the host reads it only for `Poisoned`.
    host::error(member, class, why as u32, h.by)
}

/// A `&T` parameter (`&self`): the object, borrowed for the call.
pub struct ClassRef<T> {
    object: *mut Boxed<T>,
    _not_send: PhantomData<*const T>,
}

/// A `&mut T` parameter (`&mut self`): the object, borrowed exclusively for the call.
pub struct ClassMut<T> {
    object: *mut Boxed<T>,
    _not_send: PhantomData<*mut T>,
}

/// Borrows the object a handle names, for `member` (`"Class.method"`, in errors).
#[inline]
pub fn class_ref<T: ExportClass>(index: u32, generation: u32, member: &'static str) -> ClassRef<T> {
    ClassRef { object: borrow::<T>(index, generation, member, false), _not_send: PhantomData }
}

/// Borrows the object a handle names exclusively.
#[inline]
pub fn class_mut<T: ExportClass>(index: u32, generation: u32, member: &'static str) -> ClassMut<T> {
    ClassMut { object: borrow::<T>(index, generation, member, true), _not_send: PhantomData }
}

impl<T> Deref for ClassRef<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: `borrow` checked the slot holds a live `T` (by its class tag, `ExportClass`) and counted this shared
        // borrow, which keeps the box alive and unborrowed mutably until `drop` (SAFETY.md).
        unsafe { &(*self.object).value }
    }
}

impl<T> Deref for ClassMut<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: as `deref_mut`.
        unsafe { &(*self.object).value }
    }
}

impl<T> DerefMut for ClassMut<T> {
    /// Called once, by the generated export, as its body starts (every argument lifted): from
    /// here an abandoned call poisons the object.
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: `borrow` checked the slot holds a live `T` and marked it borrowed exclusively,
        // which keeps the box alive and every other borrow refused until `drop` (SAFETY.md); the
        // head is a field apart from the value this returns.
        unsafe {
            (*self.object).head.borrows = RUNNING;
            &mut (*self.object).value
        }
    }
}

impl<T> Drop for ClassRef<T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the box is alive while this borrow is counted; only its head is written.
        unsafe { (*self.object).head.borrows -= 1 }
    }
}

impl<T> Drop for ClassMut<T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: as `ClassRef::drop`; this borrow is the only one.
        unsafe { (*self.object).head.borrows = 0 }
    }
}

/// Takes the object out of the table (a `T` parameter, `self`): its handle is dead after. A
/// poisoned object is refused and ended (JS has already let go of it).
pub fn class_take<T: ExportClass>(index: u32, generation: u32, member: &str) -> T {
    let taken = TABLE.with_state(|t| {
        let (slot, free) = t.live::<T>(index, generation).ok_or(ptr::null_mut())?;
        let object = slot.object;
        // SAFETY: a live slot's box (see `borrow`).
        let borrows = unsafe { (*object).borrows };
        let poisoned = is_poisoned(borrows);
        if borrows != 0 && !poisoned {
            return Err(object); // in use
        }
        vacate(slot, free, index, generation); // a poisoned object is leaked: see `POISONED`
        if poisoned { Err(object) } else { Ok(object) }
    });
    match taken {
        // SAFETY: the slot had `T`'s tag, so this is the `Box<Boxed<T>>` `class_new` made, and
        // `vacate` took it out of the table: this is its only owner.
        Ok(object) => unsafe { Box::from_raw(object.cast::<Boxed<T>>()) }.value,
        Err(head) => refuse::<T>(head, member),
    }
}

/// `free()`: drops the object. A handle that names no live `T` is ignored (JS frees at most once;
/// the FinalizationRegistry may come after an explicit `free`); one in use by a call is an error;
/// a poisoned object is ended without being dropped.
pub fn class_free<T: ExportClass>(index: u32, generation: u32, member: &str) {
    let taken = TABLE.with_state(|t| {
        let Some((slot, free)) = t.live::<T>(index, generation) else { return Ok(None) };
        let object = slot.object;
        // SAFETY: a live slot's box (see `borrow`).
        let poisoned = match unsafe { (*object).borrows } {
            0 => false,
            b if is_poisoned(b) => true,
            _ => return Err(object), // in use
        };
        vacate(slot, free, index, generation); // a poisoned object is leaked: see `POISONED`
        Ok((!poisoned).then_some(object))
    });
    match taken {
        // Dropped outside the table: a `Drop` impl may free other objects.
        // SAFETY: as in `class_take`.
        Ok(Some(object)) => drop(unsafe { Box::from_raw(object.cast::<Boxed<T>>()) }),
        Ok(None) => {}
        Err(head) => refuse::<T>(head, member),
    }
}

/// Live objects and slots in the table (tests: freed objects do not accumulate).
pub fn class_table_stats() -> (usize, usize) {
    TABLE.with_state(|t| (t.slots().0.iter().filter(|s| s.is_live()).count(), t.len))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A(u32);
    // SAFETY: `tag` is a static of `A`'s own.
    unsafe impl ExportClass for A {
        const NAME: &'static str = "A";
        fn tag() -> *const u8 {
            static TAG: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);
            TAG.as_ptr()
        }
    }
    struct B;
    // SAFETY: `tag` is a static of `B`'s own.
    unsafe impl ExportClass for B {
        const NAME: &'static str = "B";
        fn tag() -> *const u8 {
            static TAG: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);
            TAG.as_ptr()
        }
    }

    #[test]
    fn handles_are_generation_checked_and_typed() {
        let (i, g) = class_new(A(7));
        assert_eq!(class_ref::<A>(i, g, "A.get").0, 7);
        class_mut::<A>(i, g, "A.set").0 = 8;
        assert_eq!(class_take::<A>(i, g, "A.into").0, 8);
        class_free::<A>(i, g, "A.free"); // stale: ignored
        let (j, h) = class_new(B);
        assert_eq!(j, i, "the slot is reused");
        assert_ne!(h, g, "with a new generation");
        let stale = std::panic::catch_unwind(|| class_ref::<B>(i, g, "B.m").object);
        assert!(stale.is_err(), "a stale handle is refused");
        let wrong = std::panic::catch_unwind(|| class_ref::<A>(j, h, "A.m").object);
        assert!(wrong.is_err(), "a handle of another class is refused");
        class_free::<B>(j, h, "B.free");
    }

    #[test]
    fn freed_slots_are_reused_and_a_wrapped_generation_retires_its_slot() {
        let handles: Vec<_> = (0..3).map(|n| class_new(A(n))).collect();
        class_free::<A>(handles[0].0, handles[0].1, "A.free");
        class_free::<A>(handles[2].0, handles[2].1, "A.free");
        let (live, slots) = class_table_stats();
        let again: Vec<_> = (0..2).map(|n| class_new(A(10 + n))).collect();
        let mut reused: Vec<u32> = again.iter().map(|h| h.0).collect();
        reused.sort();
        assert_eq!(reused, [handles[0].0, handles[2].0], "both vacant slots are reused");
        assert_eq!(class_table_stats(), (live + 2, slots), "without growing the table");
        assert!(std::panic::catch_unwind(|| class_ref::<A>(handles[0].0, handles[0].1, "A.get").object).is_err());
        for (i, g) in again.into_iter().chain([handles[1]]) {
            class_free::<A>(i, g, "A.free");
        }
        // A slot whose generation would wrap to 0 is not reused.
        let (i, g) = class_new(A(0));
        TABLE.with_state(|t| t.slots().0[i as usize].stamp = stamp_of::<A>(u32::MAX));
        class_free::<A>(i, u32::MAX, "A.free");
        assert_ne!(g, 0);
        let (j, h) = class_new(A(1));
        assert_ne!(j, i, "the retired slot stays out of use");
        class_free::<A>(j, h, "A.free");
    }

    #[test]
    fn objects_keep_their_slots_while_the_table_grows() {
        // 100 slots: the byte table is reallocated several times (moved, under Miri too).
        let handles: Vec<_> = (0..100).map(|n| (n, class_new(A(n)))).collect();
        for &(n, (i, g)) in &handles {
            assert_eq!(class_ref::<A>(i, g, "A.get").0, n, "slot {i} names its object after the table grew");
        }
        for (_, (i, g)) in handles {
            class_free::<A>(i, g, "A.free");
        }
    }

    #[test]
    fn conflicting_borrows_are_refused() {
        let (i, g) = class_new(A(1));
        let shared = class_ref::<A>(i, g, "A.get");
        let again = class_ref::<A>(i, g, "A.get");
        assert!(std::panic::catch_unwind(|| class_mut::<A>(i, g, "A.set").object).is_err());
        assert!(std::panic::catch_unwind(|| class_take::<A>(i, g, "A.into").0).is_err());
        drop((shared, again));
        let m = class_mut::<A>(i, g, "A.set");
        assert!(std::panic::catch_unwind(|| class_ref::<A>(i, g, "A.get").object).is_err());
        drop(m);
        class_free::<A>(i, g, "A.free");
    }
}
