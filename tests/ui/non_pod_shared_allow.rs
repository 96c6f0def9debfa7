// `#[cfg_attr(wasm_lint, allow(wasm_lint::non_pod_shared))]` silences one site; a hand-written
// `#[automatically_derived]` does not hide an impl from the lint.
#![allow(dead_code)]
use wasm::{Pod, SharedSlice};

#[repr(C)]
#[derive(Clone, Copy)]
struct Padded {
    tag: u8,
    value: u32,
}
// Reviewed: this crate never reads the padding (a deliberate, documented exception).
#[cfg_attr(wasm_lint, allow(wasm_lint::non_pod_shared))]
unsafe impl Pod for Padded {}

#[repr(C)]
#[derive(Clone, Copy)]
struct Flagged {
    on: bool,
    _pad: [u8; 3],
}
#[automatically_derived]
unsafe impl Pod for Flagged {} //~ wasm_lint::non_pod_shared

#[cfg_attr(wasm_lint, allow(wasm_lint::non_pod_shared))]
fn allowed_on_fn(flags: &mut [bool]) -> SharedSlice<'_, u8> {
    unsafe { SharedSlice::from_raw_parts(flags.as_mut_ptr().cast(), flags.len()) }
}

fn allowed_on_statement(flags: &mut [bool]) -> SharedSlice<'_, u8> {
    #[cfg_attr(wasm_lint, allow(wasm_lint::non_pod_shared))]
    let shared = unsafe { SharedSlice::from_raw_parts(flags.as_mut_ptr().cast(), flags.len()) };
    shared
}

fn not_allowed(flags: &mut [bool]) -> SharedSlice<'_, u8> {
    unsafe { SharedSlice::from_raw_parts(flags.as_mut_ptr().cast(), flags.len()) } //~ wasm_lint::non_pod_shared
}

fn main() {}
