//@check-pass
// Compiled for wasm32, where the `wasm` crate's reference layer calls its JavaScript runtime.
// Its public API carries its contract (`js_call` to receive, clone, test or drop a reference);
// the private re-entrancy flag of its per-thread state is not the user's effect. The same
// code is clean on native (tests/ui/effect_externref_contract.rs).
#![crate_type = "lib"]

wasm::host_type!(pub HtmlCanvasElement: instanceof "HTMLCanvasElement";);

#[wasm::import(module = "./canvas.js")]
unsafe extern "C" {
    fn current_canvas() -> wasm::ExternRef<HtmlCanvasElement>;
    fn canvas_width(canvas: &wasm::ExternRef<HtmlCanvasElement>) -> u32;
}

#[wasm::effect(js_call)]
pub fn width_of_current() -> u32 {
    let canvas = current_canvas();
    let width = canvas_width(&canvas);
    drop(canvas);
    width
}

#[wasm::effect(js_call)]
pub fn shares(canvas: &wasm::ExternRef<HtmlCanvasElement>) -> bool {
    let other = canvas.clone();
    other.is::<HtmlCanvasElement>()
}

#[wasm::effect(js_call)]
pub fn drops(canvas: wasm::ExternRef<HtmlCanvasElement>) {
    drop(canvas);
}

#[wasm::pure]
pub fn raw_handle(canvas: &wasm::ExternRef<HtmlCanvasElement>) -> u32 {
    canvas.as_raw()
}
