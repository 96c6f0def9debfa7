//@check-pass
// A whole guest in one crate: the generated glue (which takes handles out of their wrappers)
// raises nothing, exported resources are the guest's own values (not linear), and a guest that
// consumes every imported handle is clean.
wasm::wit_inline! {
    package test:glue;
    interface kv {
        resource bucket {
            constructor(name: string);
        }
        close: func(b: bucket) -> u32;
    }
    interface counters {
        resource counter {
            constructor(start: u32);
            bump: func() -> u32;
        }
        total: func(c: borrow<counter>) -> u32;
    }
    world app {
        import kv;
        use kv.{bucket};
        export counters;
        export churn: func(n: u32) -> u32;
        export keep: func(b: own<bucket>) -> own<bucket>;
    }
}

use exports::test::glue::counters::{self, CounterBorrow, GuestCounter};
// `use kv.{bucket}` in the world makes `Bucket` a name at the root too.
use test::glue::kv;

struct Component;

impl crate::Guest for Component {
    fn churn(n: u32) -> u32 {
        (0..n).map(|i| kv::close(Bucket::new(&i.to_string()))).sum()
    }
    fn keep(b: Bucket) -> Bucket {
        b
    }
}

struct Counter(std::cell::Cell<u32>);

impl counters::Guest for Component {
    type Counter = Counter;
    fn total(c: CounterBorrow<'_>) -> u32 {
        c.get::<Counter>().0.get()
    }
}

impl GuestCounter for Counter {
    fn new(start: u32) -> Self {
        let unused = Counter(std::cell::Cell::new(start));
        drop(unused);
        Counter(std::cell::Cell::new(start))
    }
    fn bump(&self) -> u32 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }
}

export!(Component with_types_in crate);

fn main() {}
