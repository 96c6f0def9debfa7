// A WIT parse error points at the token wit-parser names.
wasm::wit_inline! {
    package test:bad;
    world app {
        export run: func(n: u31) -> u32;
    }
}

fn main() {}
