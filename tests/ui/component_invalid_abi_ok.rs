//@check-pass
// Raw pointers in a crate that builds no component are core-module business: no diagnostic.
#![allow(improper_ctypes_definitions)]

#[unsafe(no_mangle)]
pub extern "C" fn checksum(data: *const u8, len: usize) -> u128 {
    unsafe { *data as u128 + len as u128 }
}

fn main() {}
