//! The size baseline: `add` as a raw `extern "C"` export, no bindings at all.

/// The same body as `bodies.rs`.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}
