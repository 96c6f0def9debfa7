// Host reference types defined in another crate: the lint sees what they hold through crate
// metadata.
use std::cell::RefCell;

use wasm::ExternRef;

wasm::host_type! {
    /// An HTML `<canvas>` element.
    pub Canvas: instanceof "HTMLCanvasElement";
}

/// A plain struct with a host reference in a field.
pub struct Scene {
    pub canvas: ExternRef<Canvas>,
    pub frames: u32,
}

/// A linear resource wrapping a host reference.
#[wasm::linear]
pub struct Session {
    canvas: ExternRef<Canvas>,
}

impl Session {
    pub fn open(canvas: ExternRef<Canvas>) -> Session {
        Session { canvas }
    }
    pub fn close(self) -> ExternRef<Canvas> {
        self.canvas
    }
}

pub fn canvas() -> ExternRef<Canvas> {
    ExternRef::from_raw(1).unwrap()
}

pub fn scene() -> Scene {
    Scene { canvas: canvas(), frames: 0 }
}

/// A slot another crate may (wrongly) fill.
pub static mut LAST_CANVAS: Option<ExternRef<Canvas>> = None;

thread_local! {
    /// A per-thread registry another crate may fill.
    pub static SCENES: RefCell<Vec<Scene>> = const { RefCell::new(Vec::new()) };
}

/// A generic container with a private field.
pub struct Registry<T> {
    items: Vec<T>,
}

impl<T> Registry<T> {
    pub const fn new() -> Self {
        Registry { items: Vec::new() }
    }
    pub fn add(&mut self, item: T) {
        self.items.push(item);
    }
}
