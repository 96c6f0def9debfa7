// `affine` makes chosen resources wit-bindgen's affine handles again: not `wasm::Linear`.
wasm::wit_inline! {
    #![wit(affine = ["cache"])]
    package test:affine;
    interface kv {
        resource bucket;
        resource cache;
    }
    world app { import kv; }
}

fn linear<T: wasm::Linear>() {}

fn main() {
    linear::<test::affine::kv::Bucket>();
    linear::<test::affine::kv::Cache>();
}
