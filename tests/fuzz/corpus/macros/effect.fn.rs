// attr: js_call, atomic_read
pub fn fetch(url: &str) -> Vec<u8> { let x = 1; x + 1; Vec::new() }
