//@check-pass
// The `wasm` crate's own items are pure unless annotated: the profile gate that
// `#[wasm::effect]` puts in every body adds nothing.
use wasm::host::profile::{Effect, Effects, Host, REMOVED, SELECTED};

#[wasm::pure]
fn inspects_profile() -> bool {
    let _ = SELECTED.map(Host::name);
    REMOVED.contains(Effect::JsCall) || Host::Wasi.removes().intersects(Effects::of(Effect::Io))
}

#[wasm::effect(js_call, host_call, io, atomic_read, atomic_write, spawn)]
fn declares_everything() {}

fn main() {
    let _ = inspects_profile();
    declares_everything();
}
