//! The future every benchmarked executor polls (included by `poll` and `size` with `#[path]`):
//! wakes itself once and returns `Pending`, so the task goes to the back of the queue.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Yield(pub bool);

impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
