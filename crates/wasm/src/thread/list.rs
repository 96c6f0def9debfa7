//! The scope's task list: append-only and lock-free, so a spawn costs one atomic add and a
//! store, and a thread takes a run of tasks with one compare-exchange.
//!
//! Every spawn reserves the next position (`tail`); positions are never reused within a scope,
//! so the task at a position is its spawn number. Threads claim runs of positions from `head`
//! (up to half of what is queued, so as much stays for the others). Slots live in blocks of
//! doubling size (64, 128, 256… slots), allocated on first need and freed with the scope; a scope
//! that spawns more than [`CAPACITY`] tasks queues the rest elsewhere (the scope's locked queue).

use alloc::alloc::{Layout, alloc_zeroed, dealloc, handle_alloc_error};
use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use core::ops::Range;
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

use super::task::Task;

/// Slots in the first block; block `b` has `FIRST << b`.
const FIRST: usize = 64;
const BLOCKS: usize = 12;
/// Tasks the list holds over a scope's life (262,080); later spawns go to the scope's queue.
pub(super) const CAPACITY: usize = FIRST * ((1 << BLOCKS) - 1);

struct Slot {
    /// Set once the task is written (all-zero memory is an empty slot).
    ready: AtomicBool,
    /// The task, its lifetime erased (see [`TaskList::publish`]).
    task: UnsafeCell<MaybeUninit<Task<'static>>>,
}

/// Keeps the two counters on cache lines of their own: spawning threads write `tail`, claiming
/// threads write `head`.
#[repr(align(128))]
struct Padded<T>(T);

pub(super) struct TaskList {
    tail: Padded<AtomicUsize>,
    head: Padded<AtomicUsize>,
    blocks: [AtomicPtr<Slot>; BLOCKS],
}

// SAFETY: the slots' `UnsafeCell`s are written only by the one spawn that reserved the position
// and read only by the one thread that claimed it, after `ready` (Release/Acquire) says the write
// is done; tasks are `Send`.
unsafe impl Sync for TaskList {}
// SAFETY: as above; the list owns its blocks (plain memory) and the tasks in them are `Send`.
unsafe impl Send for TaskList {}

/// Block and index in it of a position.
#[inline]
fn locate(pos: usize) -> (usize, usize) {
    let n = pos / FIRST + 1;
    let block = (usize::BITS - 1 - n.leading_zeros()) as usize;
    (block, pos - FIRST * ((1 << block) - 1))
}

fn block_layout(block: usize) -> Layout {
    Layout::array::<Slot>(FIRST << block).expect("a block of at most 131,072 slots fits")
}

impl TaskList {
    pub(super) const fn new() -> Self {
        TaskList {
            tail: Padded(AtomicUsize::new(0)),
            head: Padded(AtomicUsize::new(0)),
            blocks: [const { AtomicPtr::new(ptr::null_mut()) }; BLOCKS],
        }
    }

    /// Reserves the next position: the task's spawn number. `SeqCst`, so a thread about to
    /// sleep that has announced itself either sees the reservation or is seen by the spawner.
    #[inline]
    pub(super) fn reserve(&self) -> usize {
        self.tail.0.fetch_add(1, Ordering::SeqCst)
    }

    /// How many positions were reserved: every spawn so far, listed or not.
    #[inline]
    pub(super) fn spawned(&self) -> usize {
        self.tail.0.load(Ordering::SeqCst)
    }

    /// `true` if a listed position is reserved and not yet claimed (its task may still be being
    /// written: [`take`](Self::take) waits for it).
    #[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
    #[inline]
    pub(super) fn pending(&self) -> bool {
        self.head.0.load(Ordering::SeqCst) < self.spawned().min(CAPACITY)
    }

    /// Writes the task at `pos`.
    ///
    /// # Safety
    /// `pos < CAPACITY` was returned by [`reserve`](Self::reserve) to this caller, and this is
    /// its only `publish`. The task is taken out as `Task<'scope>` by the thread that claims the
    /// position, which must happen before `'scope` ends (the scope runs every listed task before
    /// it returns); a task never claimed is leaked, never dropped, since the list has no drop glue
    /// for tasks.
    #[inline]
    pub(super) unsafe fn publish(&self, pos: usize, task: Task<'_>) {
        let (block, index) = locate(pos);
        let slots = self.block(block);
        // SAFETY: only the lifetime changes (it is a `PhantomData` in `Task`); the contract above
        // says when the task is used.
        let task = unsafe { core::mem::transmute::<Task<'_>, Task<'static>>(task) };
        // SAFETY: `index` is inside block `block` (`locate`); the slot is this caller's alone
        // until `ready` is set (reserved once, claimed only after `ready`).
        unsafe {
            let slot = &*slots.add(index);
            (*slot.task.get()).write(task);
            slot.ready.store(true, Ordering::Release);
        }
    }

    /// The block's slots: a spare one left by an earlier scope, else allocated (zeroed: every
    /// slot empty), by whichever spawn needs it first.
    #[cold]
    fn allocate(&self, block: usize) -> *mut Slot {
        let fresh = match SPARE.get(block).map(|spare| spare.swap(ptr::null_mut(), Ordering::Acquire)) {
            Some(spare) if !spare.is_null() => spare,
            _ => {
                let layout = block_layout(block);
                // SAFETY: the layout has a non-zero size (at least 64 slots).
                let fresh = unsafe { alloc_zeroed(layout) }.cast::<Slot>();
                if fresh.is_null() {
                    handle_alloc_error(layout);
                }
                fresh
            }
        };
        match self.blocks[block].compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => fresh,
            Err(theirs) => {
                // SAFETY: `fresh` is empty (zeroed, or a spare: every slot empty) and was never
                // shared.
                unsafe { retire(block, fresh) };
                theirs
            }
        }
    }

    #[inline]
    fn block(&self, block: usize) -> *mut Slot {
        let slots = self.blocks[block].load(Ordering::Acquire);
        if slots.is_null() { self.allocate(block) } else { slots }
    }

    /// Claims up to `max` listed positions (at least 1 and at most half of those pending), or
    /// `None` if none is pending.
    #[inline]
    pub(super) fn claim(&self, max: usize) -> Option<Range<usize>> {
        let mut head = self.head.0.load(Ordering::Acquire);
        loop {
            let end = self.tail.0.load(Ordering::Acquire).min(CAPACITY);
            if head >= end {
                return None;
            }
            let take = ((end - head) / 2).clamp(1, max);
            match self.head.0.compare_exchange_weak(head, head + take, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return Some(head..head + take),
                Err(now) => head = now,
            }
        }
    }

    /// Takes the task at a claimed position, waiting for its spawn to finish writing it.
    ///
    /// # Safety
    /// `pos` is in a range [`claim`](Self::claim) returned to this caller, taken once; `'scope`
    /// is the lifetime of the task that was published there.
    #[inline]
    pub(super) unsafe fn take<'scope>(&self, pos: usize) -> Task<'scope> {
        let (block, index) = locate(pos);
        #[cfg(feature = "std")]
        let mut spins = 0u32;
        loop {
            let slots = self.blocks[block].load(Ordering::Acquire);
            // SAFETY: a non-null block has `FIRST << block` slots, `index` is inside it.
            if !slots.is_null() && unsafe { (*slots.add(index)).ready.load(Ordering::Acquire) } {
                // SAFETY: `index` is inside the block (as above).
                let slot = unsafe { &*slots.add(index) };
                // SAFETY: `ready` (Acquire) orders the spawn's write before this read; the
                // position is claimed by this caller alone, so the task is read out once.
                let task = unsafe { (*slot.task.get()).assume_init_read() };
                // Empty again, so the block can serve a later scope (`retire`).
                slot.ready.store(false, Ordering::Relaxed);
                // SAFETY: the task was published as a `Task<'scope>` (the caller's contract).
                return unsafe { core::mem::transmute::<Task<'static>, Task<'scope>>(task) };
            }
            // Reserved, not yet written: the spawning thread is between two instructions.
            #[cfg(feature = "std")]
            {
                spins += 1;
                if spins % 64 == 0 {
                    std::thread::yield_now();
                    continue;
                }
            }
            core::hint::spin_loop();
        }
    }
}

impl Drop for TaskList {
    fn drop(&mut self) {
        // Every listed position claimed (and so taken: `work` takes what it claims) leaves every
        // slot empty; otherwise a slot may still hold a task and the blocks are freed.
        let drained = *self.head.0.get_mut() >= (*self.tail.0.get_mut()).min(CAPACITY);
        for (block, slots) in self.blocks.iter_mut().enumerate() {
            let slots = *slots.get_mut();
            if slots.is_null() {
                continue;
            }
            if drained {
                // SAFETY: allocated for this block's layout; every slot is empty (above) and the
                // scope is gone, so nothing else reaches the block.
                unsafe { retire(block, slots) };
            } else {
                // SAFETY: allocated in `allocate` with this block's layout; the list never drops
                // a task (`Slot` has no drop glue for it): an unclaimed one is leaked.
                unsafe { dealloc(slots.cast(), block_layout(block)) };
            }
        }
    }
}

/// Blocks whose every slot is empty, one of each size below `SPARE.len()`, kept from a finished
/// scope for the next: a scope of 16,384 tasks would otherwise allocate, zero (and often fault in
/// afresh) 1.3 MB of blocks every time. At most 1.3 MB stays allocated this way.
static SPARE: [AtomicPtr<Slot>; 9] = [const { AtomicPtr::new(ptr::null_mut()) }; 9];

/// Keeps an empty block as the spare of its size, or frees it if there is one already.
///
/// # Safety
/// `slots` was allocated with `block_layout(block)`, every slot in it is empty (`ready` false,
/// no task), and nothing else holds it.
unsafe fn retire(block: usize, slots: *mut Slot) {
    let kept = SPARE
        .get(block)
        .is_some_and(|spare| spare.compare_exchange(ptr::null_mut(), slots, Ordering::Release, Ordering::Relaxed).is_ok());
    if !kept {
        // SAFETY: the caller's contract: allocated with this layout, held by no one else.
        unsafe { dealloc(slots.cast(), block_layout(block)) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_to_consecutive_slots_of_doubling_blocks() {
        let mut expected = (0, 0);
        for pos in 0..FIRST * 15 {
            assert_eq!(locate(pos), expected, "position {pos}");
            expected.1 += 1;
            if expected.1 == FIRST << expected.0 {
                expected = (expected.0 + 1, 0);
            }
        }
        assert_eq!(locate(CAPACITY - 1), (BLOCKS - 1, (FIRST << (BLOCKS - 1)) - 1));
    }
}
