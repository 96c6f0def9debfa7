//! Compile-pass and compile-fail cases of the `wasm` macros (trybuild), under `ui-macros/`.

#[test]
fn macros() {
    // trybuild treats an empty glob as success; make sure the cases are really there.
    for dir in ["ui-macros/pass", "ui-macros/fail"] {
        let cases = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")).count();
        assert!(cases > 0, "no cases in {dir}");
    }
    let t = trybuild::TestCases::new();
    t.pass("ui-macros/pass/*.rs");
    t.compile_fail("ui-macros/fail/*.rs");
}
