// std atomics: `load` reads, `store` writes, read-modify-write operations do both; accesses
// that need `&mut` or ownership, and fences, are not shared-memory effects.
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering, fence};

static FLAG: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static BIG: AtomicU64 = AtomicU64::new(0);

#[wasm::effect(atomic_read)]
fn reads() -> bool {
    FLAG.load(Ordering::Acquire)
}

#[wasm::effect(atomic_read)] //~ WARN: never performs it
fn writes() {
    FLAG.store(true, Ordering::Release); //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_write)]
fn read_modify_write() -> usize {
    COUNT.fetch_add(1, Ordering::AcqRel) //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read)]
fn compare_exchange() -> bool {
    BIG.compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire).is_ok() //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read, atomic_write)]
fn both_declared() -> u64 {
    BIG.fetch_max(3, Ordering::Relaxed) + BIG.swap(1, Ordering::Relaxed)
}

#[wasm::pure]
fn exclusive_access(mut local: AtomicUsize, ptr: AtomicPtr<u8>) -> usize {
    fence(Ordering::SeqCst);
    *local.get_mut() += 1;
    let _ = ptr.into_inner();
    local.into_inner()
}

fn main() {
    let _ = reads();
    writes();
    let _ = read_modify_write() + exclusive_access(AtomicUsize::new(1), AtomicPtr::new(std::ptr::null_mut()));
    let _ = compare_exchange();
    let _ = both_declared();
}
