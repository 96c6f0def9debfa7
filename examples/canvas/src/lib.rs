//! Draws a checkerboard on a host canvas and returns a checksum of the pixels.
//!
//! `cargo wasm-lint` proves every `CanvasContext` (a linear type from `canvas-api`, a path
//! dependency) is released exactly once on every path, and `cargo wasm-lint --host wasi` that
//! this module needs a JS host (the export reaches the canvas imports: `js_call`).

use canvas_api::{CanvasContext, ImageData};

/// Draws an `n` x `n` checkerboard of 8-pixel squares and returns the pixels' checksum.
/// Exported with a typed JS wrapper (`wasmrust.mjs` builds it from the module itself).
#[wasm::export]
pub fn render_checkerboard(n: u32) -> u32 {
    match draw_checkerboard(n) {
        Some(image) => image.checksum,
        None => 0,
    }
}

/// Returns `None` for an empty board, releasing the canvas on that path too.
pub fn draw_checkerboard(n: u32) -> Option<ImageData> {
    let mut ctx = CanvasContext::acquire(n * 8, n * 8);
    if n == 0 {
        ctx.release();
        return None;
    }
    for row in 0..n {
        for col in 0..n {
            let color = if (row + col) % 2 == 0 { 0x000000 } else { 0xffffff };
            ctx.fill_rect(col * 8, row * 8, 8, 8, color);
        }
    }
    Some(ctx.into_bitmap())
}

/// The bug `cargo wasm-lint` exists for: the second canvas is never released.
#[cfg(feature = "demo-leak")]
pub fn thumbnail_and_preview(n: u32) -> ImageData {
    let ctx = CanvasContext::acquire(n, n);
    let image = ctx.into_bitmap();
    let other = CanvasContext::acquire(n / 2, n / 2);
    image
}
