//! A constructor returns `Self` or `Result<Self, E>`: another class in the `Ok`, or an `Option`,
//! is refused at the result type.

pub struct Other;

#[wasm::export]
impl Other {
    pub fn new() -> Self {
        Other
    }
}

pub struct Gauge(u32);

#[wasm::export]
impl Gauge {
    #[wasm(constructor)]
    pub fn other(n: u32) -> Result<Other, String> {
        let _ = n;
        Ok(Other)
    }
}

pub struct Maybe(u32);

#[wasm::export]
impl Maybe {
    #[wasm(constructor)]
    pub fn maybe(n: u32) -> Option<Self> {
        Some(Maybe(n))
    }
}

fn main() {}
