//! Rust closures as JS functions (`wasm::Closure`), fixture `closures` in Node, both codegen
//! modes (`tests/e2e/closures.test.mjs`). And typed closures and function references
//! (`Closure::typed`, `FuncRef<fn(A, ...) -> R>`): `dts.mjs` declares each one's own signature,
//! and `tests/e2e/dts/closures.mts` checks against those declarations with `tsc --strict`, then
//! runs against the module in both modes.

mod extern_node;

use wasm_tests::{WasmBuild, repo_root, run_node, run_typed_program, target_dir, tsc_checked};

#[test]
fn closures_in_node() {
    extern_node::run_in_both_modes("closures", "closures.test.mjs", 15);
}

#[test]
fn typed_closures_are_declared_with_their_signatures_and_run() {
    let debug = WasmBuild { package: "closures", debug: true, ..Default::default() }.build();
    let declared = run_node(&repo_root().join("crates/wasm/js/dts.mjs"), &[debug.as_os_str()]);
    for line in [
        "  above(): (a0: number, a1: number) => boolean;",
        "   * `fn() -> FuncRef<fn(f64, u32) -> bool>`",
        // A function going into wasm: Rust calls it with values coming out.
        "  apply(f: (a0: number, a1: number) => boolean, x: number): boolean;",
        "  compose(g: (a0: number) => number): (a0: number) => number;",
        "   * `fn(&FuncRef<fn(u32) -> u32>) -> FuncRef<fn(u32) -> u32>`",
        // A `Result` result is its `Ok` value (the `Err` is thrown).
        "  typed_once(): (a0: boolean) => number;",
        "  maybe_shout(some: boolean): ((a0: string) => string) | null;",
        "  typed_list(): ((a0: number) => number)[];",
        "  apply_to_seven(): (a0: (a0: number) => number) => number;",
        "  later(by: number): Promise<(a0: number) => number>;",
        "    typed_twice(f: (a0: number) => number, x: number): number;",
        "    typed_from_host(): (a0: number) => string;",
        // Untyped ones stay loose.
        "  counter(start: number): (...args: any[]) => any;",
    ] {
        assert!(declared.lines().any(|l| l == line), "missing `{line}` in:\n{declared}");
    }
    let program = tsc_checked(&target_dir().join("dts-closures"), "closures", "closures", &declared);
    for codegen in [true, false] {
        run_typed_program(&program, &debug, codegen);
    }
}
