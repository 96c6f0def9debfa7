// Host references index the table of the thread that made them: they are neither Send nor Sync.
use wasm::{ExternRef, FuncRef};

fn send<T: Send>(_: T) {}
fn share<T: Sync>(_: &T) {}

#[wasm::export]
fn hand_over(r: ExternRef, f: &FuncRef) {
    share(f);
    send(r);
}

fn main() {}
