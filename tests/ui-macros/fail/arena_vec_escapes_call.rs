// A scratch vector cannot outlive the call either.
fn main() {
    let list = wasm::arena::with_scratch(|s| {
        let mut list = s.vec();
        list.push(1u8);
        list
    });
    println!("{}", list.len());
}
