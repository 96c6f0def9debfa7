#[wasm::export]
pub struct Tuple(u32, u32);

#[wasm::export]
pub struct Generic<T> {
    pub value: T,
}

#[wasm::export]
pub enum TwoPayloads {
    Pair(u32, u32),
    Named { x: u32 },
}

#[wasm::export(flags)]
pub struct Permissions {
    pub read: bool,
    pub level: u8,
}

#[wasm::export]
pub struct Unsupported {
    pub ok: u32,
    pub wide: u128,
    pub text: &'static str,
    pub lent: &'static wasm::ExternRef,
    pub closure: wasm::Closure,
}

fn main() {}
