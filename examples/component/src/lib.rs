//! A Component Model guest: the bindings come from `wit/demo.wit`, and
//! `cargo wasm-lint component --release` turns the crate into `component_demo.component.wasm`.

use std::cell::Cell;

#[wasm::wit(path = "wit", world = "demo")]
mod bindings {}

use bindings::Stats;
use bindings::exports::demo::text::tally::{self, GuestCounter};

struct Demo;

impl bindings::Guest for Demo {
    fn greet(name: String) -> String {
        format!("Hello, {name}!")
    }

    fn stats(text: String) -> Stats {
        let words = text.split_whitespace();
        // The first of the longest words (`max_by_key` keeps the last, so search backwards).
        let longest = words.clone().rev().max_by_key(|w| w.chars().count()).unwrap_or("");
        Stats { words: words.count() as u32, longest: longest.to_string() }
    }
}

impl tally::Guest for Demo {
    type Counter = Counter;
}

/// An exported resource: its state lives in the guest, its handle with the host.
struct Counter(Cell<u64>);

impl GuestCounter for Counter {
    fn new(start: u64) -> Self {
        Counter(Cell::new(start))
    }

    fn add(&self, n: u64) -> u64 {
        self.0.set(self.0.get().saturating_add(n));
        self.0.get()
    }
}

bindings::export!(Demo with_types_in bindings);
