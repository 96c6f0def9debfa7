//! Bindings to a host canvas. A `CanvasContext` is a host resource: it must be released exactly
//! once, which `#[wasm::linear]` and `cargo wasm-lint` enforce in every crate that uses it.
//!
//! The host functions come from `#[wasm::import]`: safe wrappers, typed on both sides, that carry
//! the `js_call` effect, so `cargo wasm-lint --host wasi` knows this crate needs a JS host.

use wasm::Handle;

/// Pixels copied out of a canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageData {
    pub width: u32,
    pub height: u32,
    pub checksum: u32,
}

/// An open 2D context on the host. Release it with [`CanvasContext::into_bitmap`] or
/// [`CanvasContext::release`].
#[wasm::linear]
pub struct CanvasContext(Handle);

impl CanvasContext {
    /// Opens a `width` x `height` canvas on the host.
    pub fn acquire(width: u32, height: u32) -> CanvasContext {
        let raw = host::acquire(width, height);
        CanvasContext(Handle::from_raw(raw).expect("the host returned the null handle"))
    }

    /// Fills a rectangle with `color` (0xRRGGBB).
    pub fn fill_rect(&mut self, x: u32, y: u32, w: u32, h: u32, color: u32) {
        host::fill_rect(self.0.to_raw(), x, y, w, h, color)
    }

    /// Copies the pixels out and releases the context.
    pub fn into_bitmap(self) -> ImageData {
        let handle = self.0.to_raw();
        let image = ImageData {
            width: host::width(handle),
            height: host::height(handle),
            checksum: host::snapshot(handle),
        };
        host::release(handle);
        image
    }

    /// Releases the context without reading it.
    pub fn release(self) {
        host::release(self.0.to_raw())
    }
}

mod host {
    #[wasm::import(module = "canvas")]
    extern "C" {
        pub fn acquire(width: u32, height: u32) -> u32;
        pub fn fill_rect(handle: u32, x: u32, y: u32, w: u32, h: u32, color: u32);
        pub fn width(handle: u32) -> u32;
        pub fn height(handle: u32) -> u32;
        pub fn snapshot(handle: u32) -> u32;
        pub fn release(handle: u32);
    }
}
