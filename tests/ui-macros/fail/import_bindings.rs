use wasm::ExternRef;

wasm::host_type! {
    pub Canvas: instanceof "HTMLCanvasElement";
}

#[wasm::import]
extern "C" {
    #[wasm(jss = "Math.random")]
    fn unknown_kind() -> f64;
    #[wasm(js = "Math random")]
    fn bad_path() -> f64;
    #[wasm(method = "getContext")]
    fn no_this(kind: &str);
    #[wasm(getter = "width")]
    fn getter_with_value(canvas: &ExternRef<Canvas>, extra: u32) -> u32;
    #[wasm(setter = "width")]
    fn setter_with_result(canvas: &ExternRef<Canvas>, width: u32) -> u32;
    #[wasm(js = "Math.random", constructor = "Date")]
    fn two_bindings() -> f64;
    fn no_binding_no_module();
}

fn main() {}
