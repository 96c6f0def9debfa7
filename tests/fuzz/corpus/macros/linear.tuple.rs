// attr:
#[derive(Debug)] pub struct Context<T: Copy>(wasm::Handle, T);
