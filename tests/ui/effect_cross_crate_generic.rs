//@aux-build:effect_dep.rs
// Generic dependency functions: what their bounds hand them (a `Job` impl, a closure) is
// charged to the caller that instantiates them.
extern crate effect_dep;
use effect_dep::{Job, Store};
use std::sync::atomic::{AtomicU32, Ordering};

static TOTAL: AtomicU32 = AtomicU32::new(0);

struct Tally;

impl Job for Tally {
    fn go(&self) -> u32 {
        TOTAL.load(Ordering::Acquire)
    }
}

struct Quiet;

impl Job for Quiet {
    fn go(&self) -> u32 {
        7
    }
}

#[wasm::pure]
fn runs_tally() -> u32 {
    effect_dep::run_job(&Tally) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn runs_quiet() -> u32 {
    effect_dep::run_job(&Quiet)
}

#[wasm::pure]
fn callback() -> u32 {
    effect_dep::with_callback(|| TOTAL.swap(0, Ordering::AcqRel)) //~ wasm_lint::undeclared_effect
}

struct Disk;

impl Store for Disk {
    fn put(&self, value: u32) {
        std::fs::write("/tmp/v", value.to_le_bytes()).unwrap();
    }
}

struct Remote;

impl Store for Remote {
    fn put(&self, value: u32) {
        TOTAL.store(value, Ordering::Release); //~ wasm_lint::undeclared_effect
    }
}

fn main() {
    let _ = runs_tally() + runs_quiet() + callback();
    Disk.put(1);
    Remote.put(2);
}
