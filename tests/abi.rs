//! Every ABI type of `#[wasm::export]` / `#[wasm::import]` / `FuncRef::call` round-trips
//! through a real JS host (Node): fixture `abi`, cases in `tests/e2e/abi.test.mjs`. And each
//! module loads only the parts of `wasmrust.mjs` it needs: fixture `js-parts`, one module per
//! feature, cases in `tests/e2e/parts.test.mjs`. And `dts.mjs` declares those types for
//! TypeScript as the runtime handles them: `tsc --strict` checks `tests/e2e/dts/usage.mts`
//! against the declarations of the `abi` module, and the compiled program runs against it. And
//! panics reach JS as errors with their message (fixture `panics`, `tests/e2e/panics.test.mjs`).

mod extern_node;

use std::path::Path;

use wasm_tests::{WasmBuild, build_wasm, node, repo_root, run_node, run_ok, target_dir};

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
    let tsc = repo_root().join("tests/e2e/node_modules/typescript/bin/tsc");
    assert!(tsc.exists(), "TypeScript is not installed in tests/e2e: run .ci/setup (npm ci there)");
    let dts = repo_root().join("crates/wasm/js/dts.mjs");
    let dir = target_dir().join("dts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the output directory");

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

    // The declarations as a file, the usage program beside them, compiled with --strict and run.
    run_ok(node().arg(&dts).arg(&debug).arg("-o").arg(dir.join("abi.d.ts")));
    let usage = std::fs::read_to_string(repo_root().join("tests/e2e/dts/usage.mts")).expect("read usage.mts");
    let runtime = repo_root().join("crates/wasm/js");
    std::fs::write(dir.join("usage.mts"), usage.replace("RUNTIME", &runtime.to_string_lossy())).expect("write");
    let out = node()
        .arg(&tsc)
        .args(["--strict", "--noEmitOnError", "--target", "es2022", "--module", "nodenext"])
        .args(["--lib", "es2022,dom", "--outDir"])
        .arg(dir.join("out"))
        .arg(dir.join("usage.mts"))
        .output()
        .expect("run tsc");
    assert!(
        out.status.success(),
        "tsc rejected the usage program:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let runner = "const [program, wasm] = process.argv.slice(1); \
        const { run } = await import(program); \
        await run(new Uint8Array(await (await import('node:fs/promises')).readFile(wasm))); \
        console.log('ran');";
    let ran = run_ok(
        node()
            .args(["--input-type=module", "-e", runner])
            .arg(dir.join("out/usage.mjs"))
            .arg(&debug),
    );
    assert_eq!(String::from_utf8_lossy(&ran.stdout).trim(), "ran");
    check_no_ts_errors_are_hidden(&dir);
}

/// `typeErrors` only proves anything if tsc reports its lines once the `@ts-expect-error`
/// directives are gone: each of them is an error of its own.
fn check_no_ts_errors_are_hidden(dir: &Path) {
    let usage = std::fs::read_to_string(dir.join("usage.mts")).expect("read");
    let expected = usage.matches("// @ts-expect-error").count();
    std::fs::write(dir.join("bare.mts"), usage.replace("// @ts-expect-error", "//")).expect("write");
    let out = node()
        .arg(repo_root().join("tests/e2e/node_modules/typescript/bin/tsc"))
        .args(["--strict", "--noEmit", "--target", "es2022", "--module", "nodenext"])
        .args(["--lib", "es2022,dom"])
        .arg(dir.join("bare.mts"))
        .output()
        .expect("run tsc");
    let report = String::from_utf8_lossy(&out.stdout);
    let errors = report.lines().filter(|l| l.contains("error TS")).count();
    assert_eq!(errors, expected, "one error per @ts-expect-error line:\n{report}");
}
