//! Imports bound to JS by name (`#[wasm(js = ...)]`, `method`, `getter`, `setter`,
//! `constructor`) in Node, with no host functions passed in: fixture `web-bindings` (cases in
//! `tests/e2e/web.test.mjs`), and `wasm::web` on a fake DOM (fixture `web-dom`,
//! `tests/e2e/web_dom.test.mjs`).

mod extern_node;

#[test]
fn js_bindings_in_node() {
    extern_node::run_in_both_modes("web-bindings", "web.test.mjs", 9);
}

#[test]
fn web_module_in_node_on_a_fake_dom() {
    extern_node::run_in_both_modes("web-dom", "web_dom.test.mjs", 5);
}
