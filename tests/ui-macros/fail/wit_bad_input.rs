// Missing files, unknown or missing worlds, a non-empty module: one clear error each.
#[wasm::wit(path = "no/such/wit", world = "app")]
mod missing {}

mod unknown {
    wasm::wit_inline!(#![wit(world = "ap")] "package t:u; world app {}");
}

mod none {
    wasm::wit_inline!("package t:n; interface i { f: func(); }");
}

mod string_error {
    wasm::wit_inline!("package t:s;\nworld app {\n  export f: func() -> strng;\n}");
}

#[wasm::wit(path = "wit")]
mod full {
    fn f() {}
}

mod affine_unknown {
    wasm::wit_inline!(#![wit(affine = ["pail"])] "package t:a; interface kv { resource bucket; } world app { import kv; }");
}

fn main() {}
