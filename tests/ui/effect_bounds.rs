// std's generic functions are assumed to call what their bounds give them: `count` calls the
// iterator's `next`, `Vec::clone` calls the element's `clone`, `sort` calls `cmp`.
use std::cmp::Ordering as CmpOrdering;
use std::sync::atomic::{AtomicU32, Ordering};

static CALLS: AtomicU32 = AtomicU32::new(0);

struct Ticker(u32);
impl Iterator for Ticker {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        CALLS.fetch_add(1, Ordering::Relaxed);
        (self.0 > 0).then(|| {
            self.0 -= 1;
            self.0
        })
    }
}

#[derive(PartialEq, Eq, PartialOrd)]
struct Key(u32);
impl Ord for Key {
    fn cmp(&self, other: &Self) -> CmpOrdering {
        CALLS.load(Ordering::Relaxed);
        self.0.cmp(&other.0)
    }
}

#[wasm::pure]
fn counts() -> usize {
    Ticker(3).count() //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn sorts(v: &mut Vec<Key>) {
    v.sort(); //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn sorts_plain(v: &mut Vec<u32>) -> usize {
    v.sort();
    v.iter().filter(|x| **x > 2).count()
}

fn main() {
    let _ = counts();
    sorts(&mut vec![Key(2), Key(1)]);
    let _ = sorts_plain(&mut vec![3, 1]);
}
