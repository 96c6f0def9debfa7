//! A queued task: the user's closure, stored in the queue entry itself when it is small.
//!
//! The usual task (`|| process(chunk)`: a slice and maybe a function pointer) is a few words; a
//! `Box` per task would be an allocation on the spawning thread and a free on the one that ran it,
//! which for short tasks costs as much as the task (the allocator's lists bounce between cores).

use alloc::boxed::Box;
use alloc::string::String;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit, align_of, size_of};

/// Closures up to this many words (and at most word-aligned) are stored in place.
const WORDS: usize = 3;

type Bytes = MaybeUninit<[usize; WORDS]>;

/// A type-erased `FnOnce() -> Result<(), String> + Send + 'scope`: dropped unrun or run once.
pub(super) struct Task<'scope> {
    /// The closure `F` itself if it fits (`F: Sized`, size and alignment checked), else a
    /// `Box<F>` (one word).
    data: Bytes,
    /// Reads the closure out of `data` and runs it (`true`) or drops it (`false`).
    call: unsafe fn(*mut Bytes, bool) -> Result<(), String>,
    /// Same auto traits and lifetime as the boxed closure this stands for.
    _closure: PhantomData<Box<dyn FnOnce() -> Result<(), String> + Send + 'scope>>,
}

impl<'scope> Task<'scope> {
    #[inline]
    pub(super) fn new<F: FnOnce() -> Result<(), String> + Send + 'scope>(f: F) -> Self {
        if size_of::<F>() <= size_of::<Bytes>() && align_of::<F>() <= align_of::<Bytes>() {
            Self::in_place(f)
        } else {
            Self::in_place(Box::new(f))
        }
    }

    #[inline]
    fn in_place<F: FnOnce() -> Result<(), String> + Send + 'scope>(f: F) -> Self {
        assert!(size_of::<F>() <= size_of::<Bytes>() && align_of::<F>() <= align_of::<Bytes>());
        let mut data = Bytes::uninit();
        // SAFETY: `data` is large and aligned enough for `F` (asserted; the check folds away at
        // compile time), and is written once here before anything reads it.
        unsafe { data.as_mut_ptr().cast::<F>().write(f) };
        Task { data, call: call_or_drop::<F>, _closure: PhantomData }
    }

    /// Runs the closure, consuming the task.
    #[inline]
    pub(super) fn run(self) -> Result<(), String> {
        let mut task = ManuallyDrop::new(self);
        // SAFETY: `data` holds the `F` that `call` was made for (see `in_place`), not yet read
        // out: `ManuallyDrop` keeps `Drop` from reading it again.
        unsafe { (task.call)(&raw mut task.data, true) }
    }
}

impl Drop for Task<'_> {
    fn drop(&mut self) {
        // SAFETY: as in `run`: a task is either run (and then not dropped) or dropped here once.
        let _ = unsafe { (self.call)(&raw mut self.data, false) };
    }
}

/// # Safety
/// `data` holds an initialized `F`, which this moves out: the caller must not use it again.
unsafe fn call_or_drop<F: FnOnce() -> Result<(), String>>(data: *mut Bytes, run: bool) -> Result<(), String> {
    // SAFETY: the caller's contract; the move leaves `data` logically uninitialized.
    let f = unsafe { data.cast::<F>().read() };
    if run { f() } else { Ok(drop(f)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::rc::Rc;
    use alloc::string::ToString;
    use core::cell::Cell;

    #[test]
    fn small_and_large_closures_run_once_or_drop_once() {
        let ran = Cell::new(0);
        let ran = &ran;
        let small = [1usize, 2];
        let large = [3usize; 8];
        // Not `Send` in general, but the test stays on one thread: wrap to satisfy the bound.
        struct AssertSend<T>(T);
        // SAFETY: (test only) the value never leaves this thread.
        unsafe impl<T> Send for AssertSend<T> {}
        let c = AssertSend(ran);
        let t = Task::new(move || {
            let c = &c;
            c.0.set(c.0.get() + small[1]);
            Ok(())
        });
        assert!(t.run().is_ok());
        let c = AssertSend(ran);
        let t = Task::new(move || {
            let c = &c;
            c.0.set(c.0.get() + large[7]);
            Err("x".to_string())
        });
        assert_eq!(t.run(), Err("x".to_string()));
        assert_eq!(ran.get(), 5);

        // Dropping an unrun task drops its captures exactly once, in place or boxed.
        let counted = Rc::new(());
        let c = AssertSend(Rc::clone(&counted));
        let small = Task::new(move || {
            let _keep = &c;
            Ok(())
        });
        let c = AssertSend(Rc::clone(&counted));
        let large = Task::new(move || {
            let _keep = (&c, [0u8; 64]);
            Ok(())
        });
        assert_eq!(Rc::strong_count(&counted), 3);
        drop(small);
        assert_eq!(Rc::strong_count(&counted), 2);
        drop(large);
        assert_eq!(Rc::strong_count(&counted), 1);
    }
}
