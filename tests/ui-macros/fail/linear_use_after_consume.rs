// The seed example: using a linear value after a consuming method is rustc's E0382.
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

fn acquire_canvas() -> CanvasContext {
    CanvasContext(Handle::from_raw(1).unwrap())
}

fn main() {
    let mut ctx = acquire_canvas();
    let _img = ctx.into_bitmap();
    ctx.draw();
}
