// A hand-written Clone impl is rejected too, wherever it is.
#[wasm::linear]
pub struct CanvasContext(wasm::Handle);

impl Clone for CanvasContext {
    fn clone(&self) -> Self {
        CanvasContext(self.0)
    }
}

#[wasm::linear]
pub struct Generic<T>(wasm::Handle, T);

impl<T> Clone for Generic<T> {
    fn clone(&self) -> Self {
        unimplemented!()
    }
}

fn main() {}
