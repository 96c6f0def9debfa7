//! Timers and dates. A timer's callback is a [`Closure`](crate::Closure)'s `FuncRef`; the timer
//! itself is what the host returns (a number in browsers, a `Timeout` object in Node), kept as an
//! `ExternRef<Any>` to hand back to `clear_*`.

use alloc::string::String;

use crate::{Any, ExternRef, FuncRef};

crate::host_type! {
    /// A JS `Date`.
    pub Date: instanceof "Date";
}

#[crate::import]
unsafe extern "C" {
    /// `setTimeout(handler, ms)`: calls `handler` once, after `ms` milliseconds.
    #[wasm(js = "setTimeout")]
    pub fn set_timeout(handler: &FuncRef, ms: i32) -> ExternRef<Any>;
    /// `clearTimeout(timer)`.
    #[wasm(js = "clearTimeout")]
    pub fn clear_timeout(timer: &ExternRef<Any>);
    /// `setInterval(handler, ms)`: calls `handler` every `ms` milliseconds until cleared.
    #[wasm(js = "setInterval")]
    pub fn set_interval(handler: &FuncRef, ms: i32) -> ExternRef<Any>;
    /// `clearInterval(timer)`.
    #[wasm(js = "clearInterval")]
    pub fn clear_interval(timer: &ExternRef<Any>);
    /// `requestAnimationFrame(callback)` (browsers): the callback gets the frame's time in ms.
    #[wasm(js = "requestAnimationFrame")]
    pub fn request_animation_frame(callback: &FuncRef) -> i32;
    /// `cancelAnimationFrame(id)`.
    #[wasm(js = "cancelAnimationFrame")]
    pub fn cancel_animation_frame(id: i32);
    /// `Date.now()`: milliseconds since the Unix epoch.
    #[wasm(js = "Date.now")]
    pub fn date_now() -> f64;
    /// `new Date()`: now.
    #[wasm(constructor = "Date")]
    pub fn new_date() -> ExternRef<Date>;
    /// `date.toLocaleString(locale)`, e.g. locale "en-GB".
    #[wasm(method = "toLocaleString")]
    pub fn to_locale_string(date: &ExternRef<Date>, locale: &str) -> String;
}

// `sleep` awaits a promise, so it exists where `wasm::task` does (as `fetch`).
#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
#[crate::import]
unsafe extern "C" {
    /// `new Promise(executor)`.
    #[wasm(constructor = "Promise")]
    fn new_promise(executor: &FuncRef) -> ExternRef<crate::task::Promise>;
}

#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
/// A future that completes after `ms` milliseconds (`setTimeout` on a promise: no busy loop).
pub async fn sleep(ms: i32) {
    // The executor takes `resolve` only (JS passes `reject` too; an extra argument is ignored):
    // one `i32` argument makes its typed entry the one-parameter kind, smaller than two.
    let promise = crate::with_closure(
        |resolve: FuncRef| {
            set_timeout(&resolve, ms);
        },
        |executor| new_promise(executor),
    );
    // `resolve()` passes `undefined`, which `Option<ExternRef<Any>>` reads as `None`.
    let _ = crate::task::JsFuture::<Option<ExternRef<Any>>, String>::new(&promise).await;
}
