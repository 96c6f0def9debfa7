//! Every ABI type of `#[wasm::export]` / `#[wasm::import]` / `FuncRef::call` round-trips
//! through a real JS host (Node): fixture `abi`, cases in `tests/e2e/abi.test.mjs`. And each
//! module loads only the parts of `wasmrust.mjs` it needs: fixture `js-parts`, one module per
//! feature, cases in `tests/e2e/parts.test.mjs`. And `dts.mjs` declares those types for
//! TypeScript as the runtime handles them: `tsc --strict` checks `tests/e2e/dts/usage.mts`
//! against the declarations of the `abi` module, and the compiled program runs against it. And
//! panics reach JS as errors with their message (fixture `panics`, `tests/e2e/panics.test.mjs`).

mod extern_node;

use wasm_tests::{WasmBuild, build_wasm, node, repo_root, run_node, run_ok, run_typed_program, target_dir, tsc_checked};

#[test]
fn every_abi_type_round_trips_in_node() {
    extern_node::run_in_both_modes("abi", "abi.test.mjs", 14);
}

#[test]
fn panics_are_errors_with_message_and_location_and_the_instance_survives() {
    extern_node::run_in_both_modes("panics", "panics.test.mjs", 8);
}

#[test]
fn each_module_loads_only_the_parts_of_the_runtime_it_needs() {
    for feature in ["numbers", "text", "refs", "slices"] {
        // One package, one output file: copy each build before the next replaces it.
        let built = WasmBuild { package: "js-parts", features: &[feature], ..Default::default() }.build();
        let wasm = built.with_file_name(format!("js_parts_{feature}.wasm"));
        std::fs::copy(&built, &wasm).expect("copy the module");
        extern_node::run_module_in_both_modes(&wasm, "parts.test.mjs", &[("FEATURE", feature.as_ref())], 2);
    }
}

#[test]
fn typescript_declarations_check_and_match_what_the_calls_do() {
    let dts = repo_root().join("crates/wasm/js/dts.mjs");

    // A debug build records the parameter names and doc comments; a release build does not.
    let debug = WasmBuild { package: "abi", debug: true, ..Default::default() }.build();
    let declared = run_node(&dts, &[debug.as_os_str()]);
    for line in [
        "  mixed(a: number, b: string, c: number | null | undefined, d: unknown, e: bigint | number, \
         f: { ok: boolean } | { err: string }, g: Uint8Array | ArrayBufferView | ArrayBuffer | readonly number[], h: string): string;",
        "  rt_u64(x: bigint | number): bigint;",
        // `&str` and `&[u8]` named as written (they cross as `String` and `Vec<u8>` do).
        "  /** `fn(&str) -> String` */",
        "   * `fn(u8, &str, Option<f32>, &ExternRef, i64, Result<bool, String>, &[u8], char) -> String`",
        "   * Many parameters of mixed kinds, to check the flattening of long signatures.",
        "  rt_opt_point(x: Point | null | undefined): Point | null;",
        "  /** `fn(Result<u32, String>) -> Result<u32, String>`; throws the `Err` (an `Error` as it is, any other value as a `RustError`) */",
        "  rt_res(x: { ok: number } | { err: string }): number;",
        "  call_with(f: (...args: any[]) => any, n: number, text: string, point: Point): string;",
        "  \"new\"(): number;",
        "  readonly memory: WebAssembly.Memory;",
        "    echo_res(x: { ok: number } | { err: string }): number;",
        "    echo_opt_i64(x: bigint | null): (bigint | number) | null | undefined;",
    ] {
        assert!(declared.lines().any(|l| l == line), "missing `{line}` in:\n{declared}");
    }
    assert!(!declared.contains("__wasmrust"), "the runtime's own imports and exports are left out");
    let release = run_node(&dts, &[build_wasm("abi").as_os_str()]);
    assert!(release.contains("  mixed(a0: number, a1: string, a2: number | null | undefined,"), "{release}");
    assert!(!release.contains("Many parameters"), "no doc comments in a release build: {release}");

    // `-o` writes what stdout shows.
    let written = target_dir().join("abi.d.ts");
    run_ok(node().arg(&dts).arg(&debug).arg("-o").arg(&written));
    assert_eq!(std::fs::read_to_string(&written).expect("read the written declarations"), declared);
    // The declarations, the usage program beside them, compiled with --strict and run.
    let program = tsc_checked(&target_dir().join("dts"), "usage", "abi", &declared);
    run_typed_program(&program, &debug, true);
}

