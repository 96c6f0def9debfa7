//! examples/closures as a wasm-bindgen user writes it: the same exports (`run`, `stop`,
//! `clicks_after`), the same web APIs (`Array.forEach` with a stack closure, `setInterval`, a
//! click listener, `Date.toLocaleString`, `setTimeout`) and the same behaviour, with
//! `wasm_bindgen::closure::Closure` kept alive between `run()` and `stop()`, which drops them.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, MouseEvent};

/// What runs between `run()` and `stop()`.
struct Running {
    clock: Closure<dyn Fn()>,
    timer: i32,
    clicker: Closure<dyn FnMut(MouseEvent)>,
    square: Element,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    static CLICKS: Cell<u32> = const { Cell::new(0) };
}

/// Sets the page up (the page calls it once).
#[wasm_bindgen]
pub fn run() -> Result<(), JsValue> {
    // A closure that borrows the stack, called before `forEach` returns.
    let array = js_sys::Array::new();
    array.push(&"Hello".into());
    array.push(&"world".into());
    let mut seen = Vec::new();
    array.for_each(&mut |item, index, _| seen.push(format!("{index}:{}", item.as_string().unwrap_or_default())));
    if seen != ["0:Hello", "1:world"] {
        return Err(format!("forEach saw {seen:?}").into());
    }
    element("for-each")?.set_text_content(Some(&seen.join(" ")));

    let (clock, timer) = setup_clock()?;
    // As in the port: a failed click counter stops the clock's timer before its closure drops.
    let (clicker, square) = match setup_clicker() {
        Ok(clicker) => clicker,
        Err(e) => {
            if let Some(window) = web_sys::window() {
                window.clear_interval_with_handle(timer);
            }
            return Err(e);
        }
    };
    let old = RUNNING.with(|r| r.borrow_mut().replace(Running { clock, timer, clicker, square }));
    if let Some(old) = old {
        stop_running(old);
    }
    element("loading")?.dyn_into::<HtmlElement>()?.set_hidden(true);
    element("script")?.dyn_into::<HtmlElement>()?.set_hidden(false);
    Ok(())
}

/// Stops the clock and the click counter, dropping their closures. Returns whether anything ran.
#[wasm_bindgen]
pub fn stop() -> bool {
    match RUNNING.with(|r| r.borrow_mut().take()) {
        Some(running) => {
            stop_running(running);
            true
        }
        None => false,
    }
}

/// Waits `ms` milliseconds (a `setTimeout` promise), then says how many clicks were counted.
#[wasm_bindgen]
pub async fn clicks_after(ms: i32) -> Result<u32, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let sleep = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    JsFuture::from(sleep).await?;
    Ok(CLICKS.get())
}

fn stop_running(running: Running) {
    let Running { clock, timer, clicker, square } = running;
    if let Some(window) = web_sys::window() {
        window.clear_interval_with_handle(timer);
    }
    drop(clock);
    let _ = square.remove_event_listener_with_callback("click", clicker.as_ref().unchecked_ref());
    drop(clicker);
}

fn element(id: &str) -> Result<Element, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .ok_or_else(|| format!("no #{id} on the page").into())
}

/// A clock in `#current-time`, updated every second.
fn setup_clock() -> Result<(Closure<dyn Fn()>, i32), JsValue> {
    let current_time = element("current-time")?;
    update_time(&current_time);
    let clock = Closure::<dyn Fn()>::new(move || update_time(&current_time));
    let window = web_sys::window().ok_or("no window")?;
    let timer =
        window.set_interval_with_callback_and_timeout_and_arguments_0(clock.as_ref().unchecked_ref(), 1000)?;
    Ok((clock, timer))
}

fn update_time(current_time: &Element) {
    let now = js_sys::Date::new_0().to_locale_string("en-GB", &JsValue::UNDEFINED);
    current_time.set_inner_html(&String::from(now));
}

/// Counts clicks on `#green-square` into `#num-clicks`: an `FnMut` closure with its own state.
fn setup_clicker() -> Result<(Closure<dyn FnMut(MouseEvent)>, Element), JsValue> {
    let num_clicks = element("num-clicks")?;
    let square = element("green-square")?;
    let mut clicks = 0u32;
    let clicker = Closure::<dyn FnMut(MouseEvent)>::new(move |_event: MouseEvent| {
        clicks += 1;
        CLICKS.set(clicks);
        num_clicks.set_inner_html(&clicks.to_string());
    });
    square.add_event_listener_with_callback("click", clicker.as_ref().unchecked_ref())?;
    Ok((clicker, square))
}
