#[wasm::import]
extern "C" {
    fn missing_module();
}

#[wasm::import(module = "m", effect = teleport)]
extern "C" {
    fn unknown_effect();
}

#[wasm::import(module = "m")]
extern "C" {
    static NOT_A_FUNCTION: u32;
    fn raw_pointer(p: *const u8) -> u128;
}

#[wasm::import(module = "__wasmrust")]
extern "C" {
    fn reserved();
}

fn main() {}
