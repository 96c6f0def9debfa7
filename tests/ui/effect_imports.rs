// Host imports: the import module says which host answers. wasm-bindgen's module is
// `js_call`, WASI's is `host_call`; any other (`env`, no module at all) is a raw import that
// counts as `host_call`, or as `js_call` for a function declaring `js_call`.
#[link(wasm_import_module = "wbg")]
unsafe extern "C" {
    fn __wbg_alert(ptr: *const u8, len: usize);
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    fn clock_time_get(id: u32, precision: u64, out: *mut u64) -> u16;
}

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    fn host_log(value: u32);
}

// The JS runtime of `ExternRef` (`wasmrust.mjs`): JavaScript, so gone under `wasi`.
#[link(wasm_import_module = "__wasmrust")]
unsafe extern "C" {
    fn drop_ref(handle: u32);
}

#[wasm::effect(host_call)] //~ WARN: never performs it
fn release_reference(handle: u32) {
    // SAFETY: a plain integer; the runtime throws on a stale handle, never aliases one.
    unsafe { drop_ref(handle) } //~ wasm_lint::undeclared_effect
}

#[wasm::effect(js_call)]
fn alert(msg: &str) {
    // SAFETY: the import reads `len` bytes at `ptr`.
    unsafe { __wbg_alert(msg.as_ptr(), msg.len()) }
}

#[wasm::effect(js_call)] //~ WARN: never performs it
fn now() -> u64 {
    let mut t = 0;
    // SAFETY: `out` points to a live u64.
    unsafe { clock_time_get(0, 1, &mut t) }; //~ wasm_lint::undeclared_effect
    t
}

#[wasm::effect(host_call)]
fn now_declared() -> u64 {
    let mut t = 0;
    // SAFETY: `out` points to a live u64.
    unsafe { clock_time_get(0, 1, &mut t) };
    t
}

// A raw import is whichever call effect the function declares.
#[wasm::effect(js_call)]
fn log_from_js_glue(v: u32) {
    // SAFETY: plain value.
    unsafe { host_log(v) }
}

#[wasm::effect(host_call)]
fn log_from_host(v: u32) {
    // SAFETY: plain value.
    unsafe { host_log(v) }
}

#[wasm::effect(atomic_read)] //~ WARN: never performs it
fn log_undeclared(v: u32) {
    // SAFETY: plain value.
    unsafe { host_log(v) } //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn alert_undeclared() {
    alert("x"); //~ wasm_lint::undeclared_effect
}

fn main() {
    release_reference(1);
    alert("a");
    let _ = now() + now_declared();
    log_from_js_glue(1);
    log_from_host(2);
    log_undeclared(3);
    alert_undeclared();
}
