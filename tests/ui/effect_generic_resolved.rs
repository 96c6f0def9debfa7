// Generic local functions: a trait call on a type parameter is resolved in each caller that
// instantiates it, and the chain goes through the generic function.
use std::sync::atomic::{AtomicU32, Ordering};

static QUEUE: AtomicU32 = AtomicU32::new(0);

trait Task {
    fn run(&self) -> u32;
}

struct Enqueue;
impl Task for Enqueue {
    fn run(&self) -> u32 {
        QUEUE.fetch_add(1, Ordering::AcqRel)
    }
}

struct Compute;
impl Task for Compute {
    fn run(&self) -> u32 {
        6 * 7
    }
}

fn execute<T: Task>(t: &T) -> u32 {
    t.run()
}

fn execute_twice<T: Task>(t: &T) -> u32 {
    execute(t) + execute(t)
}

#[wasm::pure]
fn runs_enqueue() -> u32 {
    execute(&Enqueue) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn runs_enqueue_two_levels() -> u32 {
    execute_twice(&Enqueue) //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn runs_compute() -> u32 {
    execute(&Compute) + execute_twice(&Compute)
}

fn with_closure<F: Fn() -> u32>(f: F) -> u32 {
    f()
}

#[wasm::pure]
fn generic_closure() -> u32 {
    with_closure(|| QUEUE.load(Ordering::Acquire)) //~ wasm_lint::undeclared_effect
}

fn main() {
    let _ = runs_enqueue() + runs_enqueue_two_levels() + runs_compute() + generic_closure();
}
