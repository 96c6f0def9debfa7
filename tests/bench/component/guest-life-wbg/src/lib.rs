//! examples/game-of-life's `Universe` as a wit-bindgen 0.60 guest of the world WasmRust derives
//! from it (`../life/game-of-life.wit`): the example's own source (its `#[wasm::export]` made a
//! no-op by `export-stub`), with what wit-bindgen asks for around it — a `GuestUniverse` impl whose methods take
//! `&self`, so the state sits in a `RefCell` as a wit-bindgen user would keep it. The bench host
//! checks both components render the same board after 10 ticks.

use std::cell::RefCell;

mod bindings {
    wit_bindgen::generate!({ path: "../life", world: "game-of-life" });
}

use bindings::exports::component::game_of_life::api::{Guest, GuestUniverse};

// The example's source itself; `wasm` is `export-stub` here (`#[wasm::export]` a no-op).
#[path = "../../../../../examples/game-of-life/src/lib.rs"]
mod life;

use life::Universe;

// ---- The wit-bindgen side.

struct Component;

struct Shared(RefCell<Universe>);

impl Guest for Component {
    type Universe = Shared;
}

impl GuestUniverse for Shared {
    fn new() -> Self {
        Shared(RefCell::new(Universe::new()))
    }
    fn tick(&self) {
        self.0.borrow_mut().tick()
    }
    fn render(&self) -> String {
        self.0.borrow().render()
    }
    fn width(&self) -> u32 {
        self.0.borrow().width()
    }
    fn height(&self) -> u32 {
        self.0.borrow().height()
    }
    fn cells(&self) -> u32 {
        self.0.borrow().cells() as u32
    }
    fn population(&self) -> u32 {
        self.0.borrow().population()
    }
}

bindings::export!(Component with_types_in bindings);
