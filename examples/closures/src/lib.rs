//! wasm-bindgen's `closures` example, ported to WasmRust with no JS shim: a stack closure lent to
//! `Array.prototype.forEach`, a clock updated by `setInterval`, and a click counter. Where the
//! original ends with `Closure::forget` (a leak nobody can see), each closure here is a linear
//! value: `stop()` clears the timer, removes the listener and releases both, and
//! `cargo wasm-lint` rejects a path that drops one.

use std::cell::{Cell, RefCell};

use wasm::web::{self, Element, MouseEvent};
use wasm::{Any, Closure, ExternRef, FuncRef};

wasm::host_type! {
    /// A JS array.
    pub Array: instanceof "Array";
}

// What this example needs beyond `wasm::web`: one line each.
#[wasm::import]
unsafe extern "C" {
    #[wasm(constructor = "Array")]
    fn new_array() -> ExternRef<Array>;
    #[wasm(method = "push")]
    fn push(array: &ExternRef<Array>, item: &str) -> u32;
    #[wasm(method = "forEach")]
    fn for_each(array: &ExternRef<Array>, callback: &FuncRef);
}

/// What runs between `run()` and `stop()`.
struct Running {
    clock: Closure,
    timer: ExternRef<Any>,
    clicker: Closure,
    square: ExternRef<Element>,
}

thread_local! {
    // Held on purpose between `run()` and `stop()`, which releases what it holds.
    #[cfg_attr(wasm_lint, allow(wasm_lint::externref_escape))]
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    static CLICKS: Cell<u32> = const { Cell::new(0) };
}

/// Sets the page up (the original's `#[wasm_bindgen(start)]`; the page calls it once).
#[wasm::export]
pub fn run() -> Result<(), String> {
    // A closure that borrows the stack, for a callback JS makes before `forEach` returns.
    let array = new_array();
    push(&array, "Hello");
    push(&array, "world");
    let mut seen = Vec::new();
    wasm::with_closure(|item: String, index: u32| seen.push(format!("{index}:{item}")), |f| for_each(&array, f));
    if seen != ["0:Hello", "1:world"] {
        return Err(format!("forEach saw {seen:?}"));
    }
    web::set_text_content(&element("for-each")?, &seen.join(" "));

    let (clock, timer) = setup_clock()?;
    // Without this arm, `?` would drop the clock's closure while its timer still calls it:
    // `cargo wasm-lint` says so (`linear_not_consumed`).
    let (clicker, square) = match setup_clicker() {
        Ok(clicker) => clicker,
        Err(e) => {
            web::clear_interval(&timer);
            clock.release();
            return Err(e);
        }
    };
    let old = RUNNING.with(|r| r.borrow_mut().replace(Running { clock, timer, clicker, square }));
    if let Some(old) = old {
        stop_running(old);
    }

    web::set_hidden(&element("loading")?, true);
    web::set_hidden(&element("script")?, false);
    Ok(())
}

/// Stops the clock and the click counter: their closures are released, so a stray call from JS
/// would throw instead of running freed state. Returns whether anything was running.
#[wasm::export]
pub fn stop() -> bool {
    match RUNNING.with(|r| r.borrow_mut().take()) {
        Some(running) => {
            stop_running(running);
            true
        }
        None => false,
    }
}

/// Waits `ms` milliseconds (a `setTimeout` promise, `wasm::web::sleep`), then says how many
/// clicks the counter has seen: clicks made while it waits are counted, since the wait returns to
/// the event loop.
#[wasm::export]
pub async fn clicks_after(ms: i32) -> u32 {
    web::sleep(ms).await;
    CLICKS.get()
}

fn stop_running(running: Running) {
    let Running { clock, timer, clicker, square } = running;
    web::clear_interval(&timer);
    clock.release();
    web::remove_event_listener(square.as_any(), "click", clicker.func());
    clicker.release();
}

fn element(id: &str) -> Result<ExternRef<Element>, String> {
    web::get_element_by_id(id).ok_or_else(|| format!("no #{id} on the page"))
}

/// A clock in `#current-time`, updated every second.
fn setup_clock() -> Result<(Closure, ExternRef<Any>), String> {
    let current_time = element("current-time")?;
    update_time(&current_time);
    let clock = Closure::new(move || update_time(&current_time));
    let timer = web::set_interval(clock.func(), 1000);
    Ok((clock, timer))
}

fn update_time(current_time: &ExternRef<Element>) {
    web::set_inner_html(current_time, &web::to_locale_string(&web::new_date(), "en-GB"));
}

/// Counts clicks on `#green-square` into `#num-clicks`: an `FnMut` closure with its own state.
fn setup_clicker() -> Result<(Closure, ExternRef<Element>), String> {
    let num_clicks = element("num-clicks")?;
    let square = element("green-square")?;
    let mut clicks = 0u32;
    let clicker = Closure::new_mut(move |_event: ExternRef<MouseEvent>| {
        clicks += 1;
        CLICKS.set(clicks);
        web::set_inner_html(&num_clicks, &clicks.to_string());
    });
    web::add_event_listener(square.as_any(), "click", clicker.func());
    Ok((clicker, square))
}
