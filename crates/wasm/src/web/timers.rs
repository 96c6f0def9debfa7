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
