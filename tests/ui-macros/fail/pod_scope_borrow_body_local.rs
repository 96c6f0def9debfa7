// A task may not borrow a local of the scope body: tasks may run after the body returns.
use wasm::thread::scope;

fn main() {
    let _ = scope(|s| {
        let local = vec![1, 2, 3];
        s.spawn(|| assert_eq!(local.len(), 3));
    });
}
