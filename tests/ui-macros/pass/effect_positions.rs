// `#[wasm::effect]` and `#[wasm::pure]` everywhere a function can be, in a normal build: no
// warning, bodies unchanged (no host profile is selected).
#![deny(warnings)]
use std::sync::atomic::{AtomicU32, Ordering};

static N: AtomicU32 = AtomicU32::new(0);

#[wasm::effect(atomic_read, atomic_write)]
fn bump() -> u32 {
    N.fetch_add(1, Ordering::Relaxed) + 1
}

#[wasm::pure]
const fn seven() -> u32 {
    7
}

#[wasm::effect()]
fn generic<T: Copy + Into<u64>>(x: T) -> u64 {
    #![allow(clippy::all)]
    x.into() * 2
}

trait Store {
    #[wasm::effect(io)]
    fn put(&self, v: u32) -> u32;

    #[wasm::effect(io, atomic_read)]
    fn put_twice(&self, v: u32) -> u32 {
        self.put(v) + self.put(v) + N.load(Ordering::Relaxed) * 0
    }
}

struct Memory;

impl Store for Memory {
    #[wasm::effect(io)]
    fn put(&self, v: u32) -> u32 {
        v
    }
}

impl Memory {
    #[wasm::effect(spawn)]
    pub fn run(&self) -> u32 {
        std::thread::scope(|s| s.spawn(|| 5).join().unwrap())
    }
}

#[wasm::effect(js_call, host_call)]
async fn later(x: u32) -> u32 {
    x + 1
}

#[link(wasm_import_module = "env")]
unsafe extern "C" {
    #[wasm::effect(js_call)]
    #[allow(dead_code)]
    fn js_log(v: u32);
}

fn main() {
    assert_eq!(bump(), 1);
    assert_eq!(seven(), 7);
    assert_eq!(generic(21u8), 42);
    assert_eq!(Memory.put_twice(3), 6);
    assert_eq!(Memory.run(), 5);
    let _ = later(1);
    assert_eq!(wasm::host::profile::SELECTED, None);
}
