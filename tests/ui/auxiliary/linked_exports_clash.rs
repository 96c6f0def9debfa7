// A library exporting `version` to every module linking it (the mark `#[wasm::export(always)]`
// leaves).
#![crate_type = "lib"]

#[cfg_attr(wasm_lint, wasm_lint::export)]
pub fn version() -> u32 {
    1
}
