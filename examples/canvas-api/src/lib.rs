//! Bindings to a host canvas. A `CanvasContext` is a host resource: it must be released exactly
//! once, which `#[wasm::linear]` and `cargo wasm-lint` enforce in every crate that uses it.

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
        // SAFETY: `canvas.acquire` takes two integers and returns a fresh non-zero handle.
        let raw = unsafe { host::acquire(width, height) };
        CanvasContext(Handle::from_raw(raw).expect("the host returned the null handle"))
    }

    /// Fills a rectangle with `color` (0xRRGGBB).
    pub fn fill_rect(&mut self, x: u32, y: u32, w: u32, h: u32, color: u32) {
        // SAFETY: plain integers; the handle is live because `self` exists.
        unsafe { host::fill_rect(self.0.to_raw(), x, y, w, h, color) }
    }

    /// Copies the pixels out and releases the context.
    pub fn into_bitmap(self) -> ImageData {
        let handle = self.0.to_raw();
        // SAFETY: the handle is live; `into_bitmap` consumes `self`, so it is released once.
        let (width, height, checksum) =
            unsafe { (host::width(handle), host::height(handle), host::snapshot(handle)) };
        // SAFETY: as above; nothing uses the handle afterwards.
        unsafe { host::release(handle) };
        ImageData { width, height, checksum }
    }

    /// Releases the context without reading it.
    pub fn release(self) {
        // SAFETY: the handle is live and released exactly once, here.
        unsafe { host::release(self.0.to_raw()) }
    }
}

#[cfg(target_arch = "wasm32")]
mod host {
    #[link(wasm_import_module = "canvas")]
    unsafe extern "C" {
        pub fn acquire(width: u32, height: u32) -> u32;
        pub fn fill_rect(handle: u32, x: u32, y: u32, w: u32, h: u32, color: u32);
        pub fn width(handle: u32) -> u32;
        pub fn height(handle: u32) -> u32;
        pub fn snapshot(handle: u32) -> u32;
        pub fn release(handle: u32);
    }
}

/// Off wasm (tests, `cargo check` on the host) the canvas is a no-op stand-in.
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::missing_safety_doc)]
mod host {
    pub unsafe fn acquire(_w: u32, _h: u32) -> u32 { 1 }
    pub unsafe fn fill_rect(_h: u32, _x: u32, _y: u32, _w: u32, _hh: u32, _c: u32) {}
    pub unsafe fn width(_h: u32) -> u32 { 0 }
    pub unsafe fn height(_h: u32) -> u32 { 0 }
    pub unsafe fn snapshot(_h: u32) -> u32 { 0 }
    pub unsafe fn release(_h: u32) {}
}
