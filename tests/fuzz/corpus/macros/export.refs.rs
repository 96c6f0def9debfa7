// attr: crate = ::wasm
fn refs(c: &ExternRef<Canvas>, f: FuncRef, g: &FuncRef, ch: char) -> Option<ExternRef<Ctx>> { None }
