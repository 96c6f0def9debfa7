// attr: crate = my_wasm
enum Conn { Open { fd: u32 }, Closed }
