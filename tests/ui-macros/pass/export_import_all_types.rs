// Every supported type compiles as a parameter and result of exports and imports; the functions
// stay callable from Rust.
use wasm::{ExternRef, FuncRef};

wasm::host_type! {
    pub Canvas: instanceof "HTMLCanvasElement";
}

#[wasm::import(module = "host", effect = host_call)]
extern "C" {
    /// Documented imports keep their docs.
    pub fn scalars(a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64, i: usize, j: isize, k: f32, l: f64, m: bool, n: char) -> f64;
    fn texts(a: &str, b: String, c: &[u8], d: Vec<u8>) -> String;
    fn refs(a: &ExternRef<Canvas>, b: ExternRef, c: &FuncRef, d: FuncRef) -> Option<ExternRef<Canvas>>;
    #[link_name = "optionsAndResults"]
    fn options_and_results(a: Option<&str>, b: Option<u64>, c: Result<(), String>, d: Option<Result<u8, ExternRef>>) -> Result<Option<String>, FuncRef>;
    fn nothing();
}

#[wasm::export]
fn export_scalars(a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64, i: usize, j: isize, k: f32, l: f64, m: bool, n: char) -> f64 {
    f64::from(a) + f64::from(b) + f64::from(c) + f64::from(d) + f64::from(e) + f64::from(f) + g as f64 + h as f64 + i as f64 + j as f64 + f64::from(k) + l + f64::from(u8::from(m)) + f64::from(u32::from(n))
}

#[wasm::export(name = "exportTexts")]
fn export_texts(a: &str, b: String, c: &[u8], d: Vec<u8>) -> String {
    format!("{a}{b}{}{}", c.len(), d.len())
}

#[wasm::export]
fn export_refs<'a>(a: &'a ExternRef<Canvas>, _b: ExternRef, _c: &FuncRef, _d: FuncRef) -> Option<ExternRef<Canvas>> {
    Some(a.clone())
}

#[wasm::export]
fn export_options(a: Option<&str>, b: Option<u64>, c: Result<(), String>, d: Option<Result<u8, ExternRef>>) -> Result<Option<String>, FuncRef> {
    let _ = (b, c, d);
    Ok(a.map(str::to_string))
}

#[wasm::export(crate = ::wasm)]
fn export_nothing() {}

fn main() {
    assert_eq!(export_scalars(1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 0.5, 0.25, true, 'a'), 98.75);
    assert_eq!(export_texts("a", "b".into(), &[1], vec![2, 3]), "ab12");
    assert_eq!(export_options(Some("x"), None, Ok(()), None).ok(), Some(Some("x".to_string())));
    export_nothing();
    // Off wasm the import wrappers exist and panic when called.
    let _: fn() = nothing;
    let _ = (scalars, texts, refs, options_and_results);
}
