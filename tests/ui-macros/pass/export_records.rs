//! `#[wasm::export]` on structs with named fields and on enums: records, enums, variants; nested,
//! in lists and options, holding a class's object or host references; the types stay usable
//! from Rust.

pub struct Counter(u32);

#[wasm::export]
impl Counter {
    pub fn new() -> Self {
        Counter(0)
    }
}

#[wasm::export]
#[derive(Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[wasm::export]
#[derive(Debug, PartialEq, Clone, Copy)]
pub enum Color {
    Red,
    Green,
}

#[wasm::export]
pub struct Shape {
    pub points: Vec<Point>,
    pub color: Option<Color>,
    pub tags: Vec<String>,
    pub r#type: Result<u64, String>,
}

#[wasm::export(crate = ::wasm)]
pub enum Item {
    Nothing,
    At(Point),
    Counted(Counter),
}

#[wasm::export]
fn first(s: Shape) -> Option<Point> {
    s.points.into_iter().next()
}

#[wasm::export]
fn items(n: u32) -> Vec<Item> {
    (0..n).map(|_| Item::Nothing).collect()
}

#[wasm::export]
fn paint(c: Color, i: Item) -> Result<Color, String> {
    match i {
        Item::Counted(_) | Item::At(_) | Item::Nothing => Ok(c),
    }
}

/// `usize` / `isize` fields (`u32` / `i32` across).
#[wasm::export]
pub struct Window {
    pub start: usize,
    pub shift: isize,
}

/// Borrowed records and enums (`&T`, `Option<&T>`) and optional borrowed objects.
#[wasm::export]
fn borrowed(w: &Window, p: Option<&Point>, c: &Color, n: Option<&Counter>, m: Option<&mut Counter>) -> usize {
    w.start + p.map_or(0, |p| p.x as usize) + *c as usize + n.map_or(0, |n| n.0 as usize) + m.map_or(0, |m| m.0 as usize)
}

wasm::host_type! {
    pub Canvas: instanceof "HTMLCanvasElement";
}

/// Host references in a record and a variant: typed, optional, untyped, function references.
#[wasm::export]
pub struct Layer {
    pub canvas: wasm::ExternRef<Canvas>,
    pub mask: Option<wasm::ExternRef<Canvas>>,
    pub extra: Vec<wasm::ExternRef>,
    pub on_draw: wasm::FuncRef<fn(u32) -> bool>,
    pub any_fn: Option<wasm::FuncRef>,
}

#[wasm::export]
pub enum Source {
    Canvas(wasm::ExternRef<Canvas>),
    Layers(Vec<Layer>),
    Callback(wasm::FuncRef<fn(String)>),
}

#[wasm::export]
fn layers(l: Vec<Layer>, s: &Source) -> Option<Layer> {
    let _ = s;
    l.into_iter().next()
}

fn main() {
    let s = Shape { points: vec![Point { x: 1.0, y: 2.0 }], color: Some(Color::Red), tags: vec![], r#type: Ok(1) };
    assert_eq!(first(s), Some(Point { x: 1.0, y: 2.0 }));
    assert_eq!(items(2).len(), 2);
    assert_eq!(paint(Color::Green, Item::At(Point { x: 0.0, y: 0.0 })), Ok(Color::Green));
    let _ = Item::Counted(Counter::new());
}
