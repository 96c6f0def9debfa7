//@aux-build:component_store.rs
// Imported WIT resource handles are linear: passed to an import that takes `own<bucket>`,
// returned, or released with `wasm::Release::release`; every other end is an error, also when
// the bindings come from another crate.
extern crate component_store;
use component_store::test::store::kv::{self, Bucket};

fn scope_end() {
    let _bucket = kv::open("a");
} //~ wasm_lint::linear_not_consumed

fn let_underscore() {
    let _ = kv::open("a"); //~ wasm_lint::linear_not_consumed
}

fn question_mark() -> Option<String> {
    let bucket = Bucket::new("b");
    let value = bucket.get("k")?;
    wasm::Release::release(bucket);
    Some(value)
} //~ wasm_lint::linear_not_consumed

fn in_vec() {
    let _all = vec![kv::open("a"), kv::open("b")];
} //~ wasm_lint::linear_not_consumed

fn in_option() {
    let _maybe = Some(kv::open("a"));
} //~ wasm_lint::linear_not_consumed

// Forgetting a resource handle leaks the host's table entry: deny by default for them.
fn forgotten() {
    std::mem::forget(kv::open("a")); //~ ERROR: forgotten by `forget`
    let _ = std::mem::ManuallyDrop::new(kv::open("b")); //~ ERROR: forgotten by `new`
    let _ = Box::leak(Box::new(kv::open("c"))); //~ ERROR: forgotten by `leak`
}

// An explicit level still wins over that default.
#[warn(wasm_lint::linear_forgotten)]
fn forgotten_warned() {
    std::mem::forget(kv::open("a")); //~ WARN: forgotten by `forget`
}

#[allow(wasm_lint::linear_forgotten)]
fn forgotten_allowed() {
    std::mem::forget(kv::open("a"));
}

// Consumed: no diagnostic below.

fn returned() -> Bucket {
    kv::open("a")
}

fn passed_to_import() -> u32 {
    kv::close(kv::open("a"))
}

fn released() -> Option<String> {
    let bucket = Bucket::new("b");
    let value = bucket.get("k");
    wasm::Release::release(bucket);
    value
}

fn all_released(all: Vec<Bucket>) -> u32 {
    let mut n = 0;
    for bucket in all {
        n += kv::close(bucket);
    }
    n
}

fn main() {
    scope_end();
    let_underscore();
    let _ = question_mark();
    in_vec();
    in_option();
    forgotten();
    forgotten_warned();
    forgotten_allowed();
    wasm::Release::release(returned());
    let _ = passed_to_import();
    let _ = released();
    let _ = all_released(vec![kv::open("x")]);
}
