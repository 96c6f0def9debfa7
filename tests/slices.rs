//! Typed numeric slices (`&[T]`, `&mut [T]`, `SharedSlice<T>`) as export parameters in a real JS
//! host (Node): fixture `slices`, cases in `tests/e2e/slices.test.mjs`.

mod extern_node;

#[test]
fn typed_slices_round_trip_in_node() {
    extern_node::run_in_both_modes("slices", "slices.test.mjs", 13);
}
