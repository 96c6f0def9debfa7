//! Exported classes (`#[wasm::export] impl Type`) in a real JS host: fixture `classes`, cases in
//! `tests/e2e/classes.test.mjs`, with generated wrappers and with closure-built ones.

mod extern_node;

#[test]
fn exported_classes_run_in_node() {
    extern_node::run_in_both_modes("classes", "classes.test.mjs", 8);
}
