//! Compile-pass and compile-fail cases of the `wasm` macros (trybuild).

#[test]
fn macros() {
    let t = trybuild::TestCases::new();
    t.pass("ui-macros/pass/*.rs");
    t.compile_fail("ui-macros/fail/*.rs");
}
