// The seed example: a canvas context must be consumed exactly once.
use wasm::Handle;

pub struct ImageData(pub u32);

#[wasm::linear]
pub struct CanvasContext(Handle);

impl CanvasContext {
    pub fn draw(&mut self) {}
    pub fn into_bitmap(self) -> ImageData {
        ImageData(self.0.to_raw())
    }
}

pub fn acquire_canvas() -> CanvasContext {
    CanvasContext(Handle::from_raw(1).unwrap())
}

pub fn seed() -> ImageData {
    let mut ctx = acquire_canvas();
    ctx.draw();
    let img = ctx.into_bitmap();
    let _other = acquire_canvas();
    img
} //~ wasm_lint::linear_not_consumed

fn main() {}
