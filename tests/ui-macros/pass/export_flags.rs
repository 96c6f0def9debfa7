// `#[wasm::export(flags)]`: a struct of `bool` fields, a WIT `flags` in a component and a plain
// object of booleans in JS; usable wherever a record is.

#[wasm::export(flags)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Permissions {
    pub read: bool,
    pub write: bool,
    pub execute: bool,
}

#[wasm::export]
pub struct File {
    pub name: String,
    pub mode: Permissions,
}

#[wasm::export]
fn writable(f: File) -> Option<Permissions> {
    f.mode.write.then_some(f.mode)
}

fn main() {
    let mode = Permissions { read: true, write: true, execute: false };
    assert_eq!(writable(File { name: "a".into(), mode }), Some(mode));
}
