//! Host references in a real JS host (Node): a million create/clone/drop cycles, stale and
//! forged handles and handles from another instance, the CanvasContext example on a fake canvas, and exports as call boundaries (fixture `extern-refs`, cases
//! in `tests/e2e/extern.test.mjs`).

mod extern_node;

#[test]
fn host_references_in_node() {
    extern_node::run_in_both_modes("extern-refs", "extern.test.mjs", 11);
}
