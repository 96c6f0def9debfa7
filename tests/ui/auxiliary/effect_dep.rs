// A dependency crate: its declarations travel in its metadata, its inferred effects in the side
// file the driver writes next to it.
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn console_log(ptr: *const u8, len: usize);
}

/// Declared: callers get exactly `js_call`.
#[wasm::effect(js_call)]
pub fn log(msg: &str) {
    // SAFETY: the import reads `len` bytes at `ptr`.
    unsafe { console_log(msg.as_ptr(), msg.len()) }
}

/// Not declared: inferred in this crate's own compilation.
pub fn bump() -> u32 {
    increment()
}

fn increment() -> u32 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

pub fn read_config() -> String {
    std::fs::read_to_string("/etc/app.toml").unwrap_or_default()
}

pub fn double(x: u32) -> u32 {
    x * 2
}

/// A trait whose methods declare nothing.
pub trait Job {
    fn go(&self) -> u32;
}

/// Generic over `Job`: downstream, `J`'s impl is charged to the caller.
pub fn run_job<J: Job>(job: &J) -> u32 {
    job.go()
}

/// A trait whose method declares its effects: every impl is held to them.
pub trait Store {
    #[wasm::effect(io)]
    fn put(&self, value: u32);
}

pub fn with_callback(f: impl Fn() -> u32) -> u32 {
    f()
}

/// Calls through a function pointer: its effects cannot be known.
pub fn call_ptr(f: fn() -> u32) -> u32 {
    f()
}
