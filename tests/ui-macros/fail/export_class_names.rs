// `#[wasm(name = "..")]` on a class member: refusals, each at the name (or the function).
pub struct Named(u32);

#[wasm::export]
impl Named {
    pub fn new() -> Self {
        Named(0)
    }

    #[wasm(name = "")]
    pub fn empty(&self) {}

    #[wasm(name = "a", name = "b")]
    pub fn twice(&self) {}

    #[wasm(getter = "level", name = "height")]
    pub fn both(&self) -> u32 {
        self.0
    }

    #[wasm(name = "free")]
    pub fn release(&self) {}

    pub fn add(&mut self, n: u32) {
        self.0 += n;
    }

    // Named like the method above: one prototype member per name.
    #[wasm(name = "add")]
    pub fn add_again(&mut self, n: u32) {
        self.0 += n;
    }

    #[wasm(getter)]
    pub fn size(&self) -> u32 {
        self.0
    }

    // Named like the getter above.
    #[wasm(name = "size")]
    pub fn resize(&mut self) {}

    pub fn zero() -> Named {
        Named(0)
    }

    // Named like the static above.
    #[wasm(name = "zero")]
    pub fn origin() -> Named {
        Named(0)
    }
}

pub struct Made(u32);

#[wasm::export]
impl Made {
    // The implicit constructor (`pub fn new -> Self`) has no name either.
    #[wasm(name = "create")]
    pub fn new() -> Self {
        Made(0)
    }
}

pub struct Built(u32);

#[wasm::export]
impl Built {
    #[wasm(constructor, name = "build")]
    pub fn build() -> Self {
        Built(0)
    }
}

fn main() {}
