// attr:
const fn pure_add(a: u32, b: u32) -> u32 { a + b }
