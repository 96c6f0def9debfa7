// Host references index the table of the thread that made them: they are neither Send nor Sync.
use wasm::ExternRef;

#[wasm::export]
fn spawn_with(r: ExternRef) {
    std::thread::spawn(move || drop(r));
}

fn main() {}
