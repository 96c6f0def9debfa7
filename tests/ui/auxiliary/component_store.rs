// Bindings of a world that imports a host resource, compiled in their own crate.
#![crate_type = "lib"]

wasm::wit_inline! {
    package test:store;
    interface kv {
        resource bucket {
            constructor(name: string);
            get: func(key: string) -> option<string>;
        }
        open: func(name: string) -> bucket;
        close: func(b: bucket) -> u32;
    }
    world app {
        import kv;
        export run: func() -> u32;
    }
}
