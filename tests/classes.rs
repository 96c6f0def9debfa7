//! Exported classes (`#[wasm::export] impl Type`) in a real JS host: fixture `classes`, cases in
//! `tests/e2e/classes.test.mjs`, with generated wrappers and with closure-built ones; and exported
//! records, enums and variants (`tests/e2e/records.test.mjs`, same fixture).

mod extern_node;

#[test]
fn exported_classes_run_in_node() {
    extern_node::run_in_both_modes("classes", "classes.test.mjs", 11);
}

#[test]
fn exported_records_enums_and_variants_cross_both_ways_in_node() {
    extern_node::run_in_both_modes("classes", "records.test.mjs", 6);
}

#[test]
fn typescript_declarations_of_classes_check_and_run() {
    use wasm_tests::{WasmBuild, node, repo_root, run_node, run_ok, target_dir};
    let tsc = repo_root().join("tests/e2e/node_modules/typescript/bin/tsc");
    let dts = repo_root().join("crates/wasm/js/dts.mjs");
    let dir = target_dir().join("dts-classes");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let debug = WasmBuild { package: "classes", debug: true, ..Default::default() }.build();
    let declared = run_node(&dts, &[debug.as_os_str()]);
    for line in [
        "export declare class Counter {",
        "  constructor(label: string, start: number);",
        "  static zero(): Counter;",
        "  add(n: number): number;",
        "  add_from(other: Counter): void;",
        "  split(): Counter | null;",
        "  get label(): string;",
        "  set label(label: string);",
        "  [Symbol.dispose](): void;",
        "  get sessionId(): number;",
        "  private constructor();",
        "  readonly Counter: typeof Counter;",
        "  total(a: Counter, b: Counter | null | undefined): number;",
        "   * Ends the counter, returning its final count.",
        "export interface Point {",
        "  points: Point[];",
        "  color: Color | null;",
        "export type Color = \"Red\" | \"Green\" | \"Blue\";",
        "  | { tag: \"Counted\"; val: Counter };",
        "  describe(items: Item[]): Item[];",
        "  sum_borrowed(a: Counter, b: Counter | null | undefined): number;",
        "  add_maybe(other: Counter | null | undefined): number;",
        "  shifted(w: Window): Window;",
        "export interface Window {",
    ] {
        assert!(declared.lines().any(|l| l == line), "missing `{line}` in:\n{declared}");
    }
    std::fs::write(dir.join("classes.d.ts"), &declared).expect("write");
    let usage = std::fs::read_to_string(repo_root().join("tests/e2e/dts/classes.mts")).expect("read");
    let runtime = repo_root().join("crates/wasm/js");
    std::fs::write(dir.join("usage.mts"), usage.replace("RUNTIME", &runtime.to_string_lossy())).expect("write");
    let tsc_run = |file: &str, emit: bool| {
        let mut cmd = node();
        cmd.arg(&tsc).args(["--strict", "--target", "es2022", "--module", "nodenext", "--lib", "es2022,dom,esnext.disposable"]);
        if emit {
            cmd.arg("--outDir").arg(dir.join("out"));
        } else {
            cmd.arg("--noEmit");
        }
        cmd.arg(dir.join(file)).output().expect("run tsc")
    };
    let out = tsc_run("usage.mts", true);
    assert!(out.status.success(), "tsc rejected the usage program:\n{}", String::from_utf8_lossy(&out.stdout));
    let runner = "const [program, wasm] = process.argv.slice(1); const { run } = await import(program); \
        await run(new Uint8Array(await (await import('node:fs/promises')).readFile(wasm))); console.log('ran');";
    let ran = run_ok(node().args(["--input-type=module", "-e", runner]).arg(dir.join("out/usage.mjs")).arg(&debug));
    assert_eq!(String::from_utf8_lossy(&ran.stdout).trim(), "ran");
    // Each `@ts-expect-error` line is an error of its own once the directive is gone.
    std::fs::write(dir.join("bare.mts"), usage.replace("RUNTIME", &runtime.to_string_lossy()).replace("// @ts-expect-error", "//")).expect("write");
    let report = String::from_utf8_lossy(&tsc_run("bare.mts", false).stdout).to_string();
    let errors = report.lines().filter(|l| l.contains("error TS")).count();
    assert_eq!(errors, usage.matches("// @ts-expect-error").count(), "{report}");
}
