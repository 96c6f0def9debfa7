// Functions generated for WIT imports perform `host_call`: the effect lints see it through
// the mark `#[wasm::wit]` leaves on them, as they do for `#[wasm::import]` wrappers.
wasm::wit_inline! {
    package test:fx;
    interface kv {
        resource bucket {
            constructor(name: string);
            get: func(key: string) -> option<string>;
        }
    }
    world app {
        import kv;
        import log: func(message: string);
    }
}

use test::fx::kv::Bucket;

#[wasm::pure]
fn quiet() {
    log("x"); //~ wasm_lint::undeclared_effect
}

#[wasm::effect(host_call)]
fn declared() -> Option<String> {
    log("x");
    let bucket = Bucket::new("b");
    let value = bucket.get("k");
    wasm::Release::release(bucket);
    value
}

#[wasm::effect()]
fn through_a_method(bucket: &Bucket) -> Option<String> {
    bucket.get("k") //~ wasm_lint::undeclared_effect
}

fn main() {
    quiet();
    let _ = declared();
    let bucket = Bucket::new("m");
    let _ = through_a_method(&bucket);
    wasm::Release::release(bucket);
}
