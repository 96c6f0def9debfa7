// A task returns `()` or `Result<(), E>`; any other value would be silently lost.
use wasm::thread::scope;

fn main() {
    let data = [1u32, 2, 3];
    let _ = scope(|s| {
        s.spawn(|| data.iter().sum::<u32>());
    });
}
