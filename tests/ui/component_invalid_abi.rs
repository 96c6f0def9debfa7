// Hand-written exports and imports of a component crate must have canonical-ABI types.
#![allow(improper_ctypes, improper_ctypes_definitions, dead_code)]

wasm::wit_inline! {
    package test:abi;
    world app {
        export run: func(data: list<u8>) -> u64;
    }
}

struct Component;

impl crate::Guest for Component {
    fn run(data: Vec<u8>) -> u64 {
        data.len() as u64
    }
}

export!(Component with_types_in crate);

#[unsafe(no_mangle)]
pub extern "C" fn checksum(data: *const u8, len: usize) -> u64 {
    //~^ wasm_lint::invalid_component_abi
    unsafe { *data as u64 + len as u64 }
}

#[unsafe(no_mangle)]
pub extern "C" fn wide(x: u64) -> u128 {
    //~^ wasm_lint::invalid_component_abi
    x as u128
}

#[unsafe(export_name = "bump")]
pub extern "C" fn bump(counter: &mut u32) {
    //~^ wasm_lint::invalid_component_abi
    *counter += 1;
}

#[unsafe(no_mangle)]
pub extern "C" fn name_of(id: u32) -> &'static str {
    if id == 0 { "zero" } else { "other" }
}

#[link(wasm_import_module = "host")]
unsafe extern "C" {
    fn fill(buf: *mut u8, len: u32);
    //~^ wasm_lint::invalid_component_abi
    fn tick(n: u32) -> u32;
}

// Canonical types: no diagnostic.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

#[cfg_attr(wasm_lint, allow(wasm_lint::invalid_component_abi))]
#[unsafe(no_mangle)]
pub extern "C" fn allowed(p: *const u8) -> u8 {
    unsafe { *p }
}

fn main() {
    let mut n = 0;
    bump(&mut n);
    unsafe {
        fill(core::ptr::null_mut(), 0);
        tick(1);
    }
}
