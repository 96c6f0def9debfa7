//! Common web APIs, bound to JS by name at instantiation: no JS shim to write (feature `web`).
//!
//! Each function is one `#[wasm::import]` declaration with a `#[wasm(...)]` binding (see
//! docs/js-host.md, "Web APIs without shims"); declare what else you need the same way, one line
//! each. This is not web-sys: a small set for logging, building a page, drawing on a canvas,
//! events and timers (with [`Closure`](crate::Closure)s) and fetch (awaited as futures).
//!
//! ```ignore
//! use wasm::web;
//! let canvas = web::create_element("canvas").try_cast::<web::HtmlCanvasElement>().ok().unwrap();
//! web::set_width(&canvas, 64);
//! let ctx = web::context_2d(&canvas, "2d").unwrap();
//! web::set_fill_style(&ctx, "#ff0000");
//! web::fill_rect(&ctx, 0.0, 0.0, 32.0, 32.0);
//! web::log("drawn");
//! ```
//!
//! A function whose global is missing in the host (`document` in Node) throws a `ReferenceError`
//! naming it when called; the module still instantiates.

use alloc::string::String;

use crate::ExternRef;

mod events;
#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
mod fetch;
mod timers;

pub use events::*;
#[cfg(any(feature = "std", all(target_family = "wasm", not(target_feature = "atomics"))))]
pub use fetch::*;
pub use timers::*;

crate::host_type! {
    /// `document`.
    pub Document: instanceof "Document";
    /// A DOM element (`<div>`, `<canvas>`, ...).
    pub Element: instanceof "Element";
    /// `<canvas>`.
    pub HtmlCanvasElement: instanceof "HTMLCanvasElement";
    /// A canvas' 2D context.
    pub CanvasRenderingContext2d: instanceof "CanvasRenderingContext2D";
}

#[crate::import]
unsafe extern "C" {
    /// `console.log(message)`.
    #[wasm(js = "console.log")]
    pub fn log(message: &str);
    /// `console.warn(message)`.
    #[wasm(js = "console.warn")]
    pub fn warn(message: &str);
    /// `console.error(message)`.
    #[wasm(js = "console.error")]
    pub fn error(message: &str);
    /// `Math.random()`.
    #[wasm(js = "Math.random")]
    pub fn random() -> f64;
    /// `performance.now()`: milliseconds since the page (or process) started.
    #[wasm(js = "performance.now")]
    pub fn now() -> f64;

    /// `document.createElement(tag)`.
    #[wasm(js = "document.createElement")]
    pub fn create_element(tag: &str) -> ExternRef<Element>;
    /// `document.getElementById(id)`.
    #[wasm(js = "document.getElementById")]
    pub fn get_element_by_id(id: &str) -> Option<ExternRef<Element>>;
    /// `document.querySelector(selector)`.
    #[wasm(js = "document.querySelector")]
    pub fn query_selector(selector: &str) -> Option<ExternRef<Element>>;
    /// `parent.append(child)`.
    #[wasm(method = "append")]
    pub fn append(parent: &ExternRef<Element>, child: &ExternRef<Element>);
    /// `element.remove()`.
    #[wasm(method = "remove")]
    pub fn remove(element: &ExternRef<Element>);
    /// `element.setAttribute(name, value)`.
    #[wasm(method = "setAttribute")]
    pub fn set_attribute(element: &ExternRef<Element>, name: &str, value: &str);
    /// `element.getAttribute(name)`.
    #[wasm(method = "getAttribute")]
    pub fn get_attribute(element: &ExternRef<Element>, name: &str) -> Option<String>;
    /// `element.textContent`.
    #[wasm(getter = "textContent")]
    pub fn text_content(element: &ExternRef<Element>) -> Option<String>;
    /// `element.textContent = text`.
    #[wasm(setter = "textContent")]
    pub fn set_text_content(element: &ExternRef<Element>, text: &str);
    /// `element.innerHTML = html`.
    #[wasm(setter = "innerHTML")]
    pub fn set_inner_html(element: &ExternRef<Element>, html: &str);
    /// `element.hidden = hidden` (an HTML element shown or not).
    #[wasm(setter = "hidden")]
    pub fn set_hidden(element: &ExternRef<Element>, hidden: bool);

    /// `canvas.width`.
    #[wasm(getter = "width")]
    pub fn width(canvas: &ExternRef<HtmlCanvasElement>) -> u32;
    /// `canvas.width = width`.
    #[wasm(setter = "width")]
    pub fn set_width(canvas: &ExternRef<HtmlCanvasElement>, width: u32);
    /// `canvas.height`.
    #[wasm(getter = "height")]
    pub fn height(canvas: &ExternRef<HtmlCanvasElement>) -> u32;
    /// `canvas.height = height`.
    #[wasm(setter = "height")]
    pub fn set_height(canvas: &ExternRef<HtmlCanvasElement>, height: u32);
    /// `canvas.getContext(kind)` for `kind` "2d".
    #[wasm(method = "getContext")]
    pub fn context_2d(canvas: &ExternRef<HtmlCanvasElement>, kind: &str) -> Option<ExternRef<CanvasRenderingContext2d>>;
    /// `ctx.fillStyle = style` (a CSS color).
    #[wasm(setter = "fillStyle")]
    pub fn set_fill_style(ctx: &ExternRef<CanvasRenderingContext2d>, style: &str);
    /// `ctx.strokeStyle = style` (a CSS color).
    #[wasm(setter = "strokeStyle")]
    pub fn set_stroke_style(ctx: &ExternRef<CanvasRenderingContext2d>, style: &str);
    /// `ctx.fillRect(x, y, w, h)`.
    #[wasm(method = "fillRect")]
    pub fn fill_rect(ctx: &ExternRef<CanvasRenderingContext2d>, x: f64, y: f64, w: f64, h: f64);
    /// `ctx.clearRect(x, y, w, h)`.
    #[wasm(method = "clearRect")]
    pub fn clear_rect(ctx: &ExternRef<CanvasRenderingContext2d>, x: f64, y: f64, w: f64, h: f64);
    /// `ctx.beginPath()`.
    #[wasm(method = "beginPath")]
    pub fn begin_path(ctx: &ExternRef<CanvasRenderingContext2d>);
    /// `ctx.moveTo(x, y)`.
    #[wasm(method = "moveTo")]
    pub fn move_to(ctx: &ExternRef<CanvasRenderingContext2d>, x: f64, y: f64);
    /// `ctx.lineTo(x, y)`.
    #[wasm(method = "lineTo")]
    pub fn line_to(ctx: &ExternRef<CanvasRenderingContext2d>, x: f64, y: f64);
    /// `ctx.stroke()`.
    #[wasm(method = "stroke")]
    pub fn stroke(ctx: &ExternRef<CanvasRenderingContext2d>);
    /// `ctx.fillText(text, x, y)`.
    #[wasm(method = "fillText")]
    pub fn fill_text(ctx: &ExternRef<CanvasRenderingContext2d>, text: &str, x: f64, y: f64);
}
