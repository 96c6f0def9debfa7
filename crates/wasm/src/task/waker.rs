//! The `Waker` of a task: a pointer to its header and one shared vtable. No allocation per waker;
//! each clone is one reference on the task.

use core::task::{RawWaker, RawWakerVTable};

use super::executor::Op;
use super::platform;
use super::raw::Header;

pub(super) static TASK_WAKER: RawWakerVTable =
    RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

// For all four: `data` is a task header and the waker being used owns one reference to it (or,
// for the waker the executor lends to `poll`, the executor does for the whole call).

unsafe fn clone(data: *const ()) -> RawWaker {
    // SAFETY: see above; the clone gets the new reference.
    unsafe { platform::task_op(data.cast::<Header>(), Op::Clone) };
    RawWaker::new(data, &TASK_WAKER)
}

unsafe fn wake(data: *const ()) {
    // SAFETY: see above; `wake` consumes the waker and its reference.
    unsafe { platform::task_op(data.cast::<Header>(), Op::Wake) }
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: see above.
    unsafe { platform::task_op(data.cast::<Header>(), Op::WakeByRef) }
}

unsafe fn drop_waker(data: *const ()) {
    // SAFETY: see above; dropping gives the reference up.
    unsafe { platform::task_op(data.cast::<Header>(), Op::DropWaker) }
}
