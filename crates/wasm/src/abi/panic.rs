//! Panics reported to the JS host: message and location, instead of a bare trap.

/// Makes every later panic reach the JS host as an `Error` whose message is Rust's panic message
/// and location (`panicked at src/lib.rs:7:5:\nindex out of bounds ...`), thrown by the export
/// call that panicked, instead of `RuntimeError: unreachable`. Call it once, early (e.g. in the
/// first export the host calls); calling it again does nothing.
///
/// It installs a panic hook (replacing the previous one) that hands the text to `wasmrust.mjs`
/// just before the panic traps. Opt-in because formatting the message links `core::fmt` into
/// the module. wasm32 panics still abort: the call's frames are gone, nothing unwinds, and the
/// runtime ends the abandoned call as it does for any host exception, so the instance stays
/// usable (docs/js-host.md, "Panics"). Does nothing off wasm, and in a wasm-bindgen module (use
/// `console_error_panic_hook` there).
pub fn report_panics() {
    #[cfg(all(target_family = "wasm", feature = "std", not(feature = "wasm-bindgen")))]
    install();
}

#[cfg(all(target_family = "wasm", feature = "std", not(feature = "wasm-bindgen")))]
fn install() {
    use alloc::boxed::Box;
    use alloc::string::ToString;
    use core::sync::atomic::{AtomicBool, Ordering};

    #[link(wasm_import_module = "__wasmrust")]
    unsafe extern "C" {
        #[link_name = "panic"]
        fn host_panic(ptr: *const u8, len: usize);
    }

    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::Relaxed) {
        return;
    }
    // The hook must return: std marks a panic as "in the hook" until it does, and a later panic
    // found in that state aborts without calling any hook.
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        // SAFETY: the host only reads `len` bytes at `ptr` (valid UTF-8) before returning.
        unsafe { host_panic(text.as_ptr(), text.len()) };
    }));
}
