// The example: a declared `js_call, atomic_read` function that writes shared memory.
use std::sync::atomic::{AtomicU32, Ordering};

#[link(wasm_import_module = "__wbindgen_placeholder__")]
unsafe extern "C" {
    fn js_fetch(ptr: *const u8, len: usize) -> u32;
}

pub struct Cache {
    len: AtomicU32,
}

impl Cache {
    pub fn store(&self, data: &[u8]) {
        self.len.store(data.len() as u32, Ordering::Release);
    }
}

static CACHE: Cache = Cache { len: AtomicU32::new(0) };

pub struct Error;

// Pure: inferred, nothing to write.
pub fn fibonacci(n: u32) -> u32 {
    if n < 2 { n } else { fibonacci(n - 1) + fibonacci(n - 2) }
}

#[wasm::effect(js_call, atomic_read)] //~ WARN: never performs it
pub fn fetch_and_cache(url: &str) -> Result<Vec<u8>, Error> {
    // SAFETY: the import reads `len` bytes at `ptr`.
    let n = unsafe { js_fetch(url.as_ptr(), url.len()) };
    let data = vec![0u8; n as usize];
    CACHE.store(&data); //~ wasm_lint::undeclared_effect
    Ok(data)
}

fn main() {
    let _ = fibonacci(10);
    let _ = fetch_and_cache("x");
}
