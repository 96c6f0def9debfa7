//! DOM events: listeners are [`Closure`](crate::Closure)s handed to JS as their `FuncRef`.
//!
//! ```ignore
//! let on_click = Closure::new_mut(move |e: ExternRef<web::MouseEvent>| web::log(&format!("{}", web::client_x(&e))));
//! web::add_event_listener(button.as_any(), "click", on_click.func());
//! // later: remove it, then release the closure (JS calls to it now throw)
//! web::remove_event_listener(button.as_any(), "click", on_click.func());
//! on_click.release();
//! ```

use alloc::string::String;

use crate::{Any, ExternRef, FuncRef};

crate::host_type! {
    /// An event (`instanceof Event`).
    pub Event: instanceof "Event";
    /// A mouse event (`click`, `mousemove`, ...).
    pub MouseEvent: instanceof "MouseEvent";
    /// A keyboard event (`keydown`, `keyup`).
    pub KeyboardEvent: instanceof "KeyboardEvent";
}

#[crate::import]
unsafe extern "C" {
    /// `target.addEventListener(kind, listener)`: any event target (an element, `document`,
    /// `window`), passed as `x.as_any()`.
    #[wasm(method = "addEventListener")]
    pub fn add_event_listener(target: &ExternRef<Any>, kind: &str, listener: &FuncRef);
    /// `target.removeEventListener(kind, listener)`.
    #[wasm(method = "removeEventListener")]
    pub fn remove_event_listener(target: &ExternRef<Any>, kind: &str, listener: &FuncRef);
    /// `event.type`.
    #[wasm(getter = "type")]
    pub fn event_type(event: &ExternRef<Event>) -> String;
    /// `event.preventDefault()`.
    #[wasm(method = "preventDefault")]
    pub fn prevent_default(event: &ExternRef<Event>);
    /// `event.clientX`.
    #[wasm(getter = "clientX")]
    pub fn client_x(event: &ExternRef<MouseEvent>) -> f64;
    /// `event.clientY`.
    #[wasm(getter = "clientY")]
    pub fn client_y(event: &ExternRef<MouseEvent>) -> f64;
    /// `event.key`.
    #[wasm(getter = "key")]
    pub fn key(event: &ExternRef<KeyboardEvent>) -> String;
}
