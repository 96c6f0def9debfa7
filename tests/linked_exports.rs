//! A library's `#[wasm::export]` items in a module that links it (fixtures `linked-lib`, an rlib,
//! and `linked-app`, a cdylib using it): the module exports the app's own functions and the
//! library's `#[wasm::export(always)]` items, nothing else of the library: no symbol, no
//! `wasmrust` record, no JS wrapper, no declaration, no line of the ahead-of-time glue
//! (`tests/e2e/linked.test.mjs`; design in crates/wasm-macros/src/export_scope.rs).

mod extern_node;

use wasm_tests::{WasmBuild, build_wasm, node, repo_root, run_node, run_node_tests, run_ok, target_dir};

/// What the library must not add to the app: its plain exports and its plain class.
const HIDDEN: [&str; 3] = ["lib_double", "lib_origin", "Hidden"];

#[test]
fn a_library_exports_only_its_always_items_through_an_app() {
    extern_node::run_in_both_modes("linked-app", "linked.test.mjs", 3);
}

#[test]
fn the_declarations_list_only_what_the_app_exports() {
    let debug = WasmBuild { package: "linked-app", debug: true, ..Default::default() }.build();
    let declared = run_node(&repo_root().join("crates/wasm/js/dts.mjs"), &[debug.as_os_str()]);
    for line in [
        "  distance(p: Point): number;",
        "  odd(n: number): number;",
        "  tally_of(a: number, b: number): Tally;",
        "  lib_version(): string;",
        "export declare class Tally {",
        "export interface Point {",
    ] {
        assert!(declared.lines().any(|l| l == line), "missing `{line}` in:\n{declared}");
    }
    for name in HIDDEN {
        assert!(!declared.contains(name), "`{name}` is declared:\n{declared}");
    }
}

#[test]
fn the_ahead_of_time_glue_holds_only_what_the_app_exports_and_runs() {
    let wasm = build_wasm("linked-app");
    let dir = target_dir().join("aot");
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let glue = dir.join("linked_app.js");
    run_ok(node().arg(repo_root().join("crates/wasm/js/emit.mjs")).arg(&wasm).arg("-o").arg(&glue));
    let text = std::fs::read_to_string(&glue).expect("read the glue");
    assert!(text.contains("lib_version"), "the `always` export is in the glue");
    for name in HIDDEN {
        assert!(!text.contains(name), "`{name}` is in the emitted glue");
    }
    let hook = format!("--import={}", repo_root().join("tests/e2e/aot-glue.mjs").display());
    let script = repo_root().join("tests/e2e/linked.test.mjs");
    let env = [("WASM", wasm.as_os_str()), ("WASMRUST_GLUE", glue.as_os_str()), ("NODE_OPTIONS", hook.as_ref())];
    assert_eq!(run_node_tests(&script, &env), 3, "every case ran against the emitted glue");
}
