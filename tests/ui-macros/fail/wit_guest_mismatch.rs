// A guest whose impls do not match the world: a method with another signature is rustc's
// error at the impl; a missing `Guest` impl of an exported interface is one message naming
// the trait, the WIT export and what to add (not an unmet bound inside the export glue).
wasm::wit_inline! {
    package test:sig;
    interface greeter {
        greet: func(name: string) -> string;
    }
    world app {
        export greeter;
        export size-of: func(path: string) -> u64;
    }
}

struct Component;

impl Guest for Component {
    fn size_of(path: &str) -> u64 {
        path.len() as u64
    }
}

export!(Component with_types_in crate);

fn main() {}
