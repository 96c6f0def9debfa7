// Starting threads, scoped or not, is `spawn`.
use std::thread;

#[wasm::pure]
fn spawns() {
    thread::spawn(|| 1).join().unwrap(); //~ wasm_lint::undeclared_effect
}

#[wasm::pure]
fn scoped() -> u32 {
    let mut total = 0;
    thread::scope(|s| { //~ wasm_lint::undeclared_effect
        s.spawn(|| total += 1);
    });
    total
}

#[wasm::effect(spawn)]
fn declared() {
    thread::Builder::new().spawn(|| ()).unwrap().join().unwrap();
}

#[wasm::effect(spawn)] //~ WARN: never performs it
fn only_joins(h: thread::JoinHandle<()>) {
    h.join().unwrap();
}

fn main() {
    spawns();
    let _ = scoped();
    declared();
    only_joins(thread::spawn(|| ()));
}
