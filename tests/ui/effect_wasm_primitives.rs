// The `wasm` crate's primitives carry declarations in its own source: `SharedSlice`'s atomic
// view reads and writes shared memory, `wasm::thread::scope` and `Scope::spawn` spawn. A task's
// own effects are charged where its closure is made.
use std::sync::atomic::Ordering;
use wasm::SharedSlice;

#[wasm::pure]
fn counts(data: &mut [u32]) -> u32 {
    let mut shared = SharedSlice::from(data);
    let cells = shared.atomic();
    cells.fetch_add(0, 1, Ordering::Relaxed) //~ wasm_lint::undeclared_effect
}

#[wasm::effect(atomic_read)]
fn reads(data: &mut [f32]) -> f32 {
    let cells = SharedSlice::from(data).into_atomic();
    cells.load(0, Ordering::Acquire)
}

#[wasm::pure]
fn runs_tasks() {
    let _ = wasm::thread::scope(|s| { //~ wasm_lint::undeclared_effect
        s.spawn(|| ());
    });
}

#[wasm::effect(spawn)]
fn tasks_write_shared(data: &mut [u32]) {
    let cells = SharedSlice::from(data).into_atomic();
    let _ = wasm::thread::scope(|s| {
        s.spawn(|| cells.store(0, 7, Ordering::Release)); //~ wasm_lint::undeclared_effect
    });
}

fn main() {
    let mut v = [1u32, 2];
    let _ = counts(&mut v);
    let _ = reads(&mut [1.0]);
    runs_tasks();
    tasks_write_shared(&mut v);
}
