// The string form, with options first; exported resources are the guest's own types.
mod bindings {
    wasm::wit_inline!(#![wit(world = "second")] "
        package test:strings;
        interface counters {
            resource counter {
                constructor(start: u32);
                bump: func() -> u32;
            }
        }
        world first { export run: func(); }
        world second { export counters; }
    ");
}

use bindings::exports::test::strings::counters::{self, GuestCounter};

struct Guest;
struct Counter(std::cell::Cell<u32>);

impl counters::Guest for Guest {
    type Counter = Counter;
}

impl GuestCounter for Counter {
    fn new(start: u32) -> Self {
        Counter(std::cell::Cell::new(start))
    }
    fn bump(&self) -> u32 {
        self.0.set(self.0.get() + 1);
        self.0.get()
    }
}

bindings::export!(Guest with_types_in bindings);

fn main() {}
