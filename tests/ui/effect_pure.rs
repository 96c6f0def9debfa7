// `#[wasm::pure]` and `#[wasm::effect()]` declare no effects; plain computation passes.
use std::sync::atomic::{AtomicBool, Ordering};

static READY: AtomicBool = AtomicBool::new(false);

#[wasm::pure]
fn prints(x: u32) {
    println!("{x}"); //~ wasm_lint::undeclared_effect
}

#[wasm::effect()]
fn checks_flag() -> bool {
    READY.load(Ordering::Acquire) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn sums(v: &[u32]) -> u32 {
    let mut total = 0;
    for x in v {
        total += helper(*x);
    }
    total + v.iter().map(|x| x * 2).sum::<u32>()
}

fn helper(x: u32) -> u32 {
    x.wrapping_mul(31) ^ 7
}

#[wasm::pure]
fn formats(x: u32) -> String {
    // Formatting into memory, allocating, panicking: not effects.
    assert!(x < 1000, "too big");
    format!("value {x}")
}

fn main() {
    prints(1);
    let _ = checks_flag();
    let _ = sums(&[1, 2, 3]);
    let _ = formats(3);
}
