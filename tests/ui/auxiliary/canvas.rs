// A linear host resource defined in another crate (the lints see it through crate metadata).
use wasm::Handle;

pub struct ImageData(pub u32);
pub struct Error;

#[wasm::linear]
pub struct CanvasContext(Handle);

impl CanvasContext {
    pub fn draw(&mut self) {}
    pub fn into_bitmap(self) -> ImageData {
        ImageData(self.0.to_raw())
    }
    pub fn release(self) {}
}

pub fn acquire_canvas() -> CanvasContext {
    CanvasContext(Handle::from_raw(1).unwrap())
}

pub fn try_acquire(ok: bool) -> Result<CanvasContext, Error> {
    if ok { Ok(acquire_canvas()) } else { Err(Error) }
}

pub fn ready() -> bool {
    true
}
