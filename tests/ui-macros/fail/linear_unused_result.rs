// An ignored linear result: the `must_use` note says to consume it, since `let _ =` (which
// rustc's own help suggests) drops it unconsumed and `cargo wasm-lint` rejects that.
#![deny(unused_must_use)]
use wasm::Handle;

#[wasm::linear]
pub struct CanvasContext(Handle);

impl CanvasContext {
    pub fn release(self) -> u32 {
        self.0.to_raw()
    }
}

fn acquire_canvas() -> CanvasContext {
    CanvasContext(Handle::from_raw(1).unwrap())
}

fn main() {
    acquire_canvas();
    acquire_canvas().release();
}
