//! Exported classes (`#[wasm::export] impl Type`) in a real JS host: fixture `classes`, cases in
//! `tests/e2e/classes.test.mjs`, with generated wrappers and with closure-built ones; and exported
//! records, enums and variants (`tests/e2e/records.test.mjs`, same fixture).

mod extern_node;

#[test]
fn exported_classes_run_in_node() {
    extern_node::run_in_both_modes("classes", "classes.test.mjs", 13);
}

#[test]
fn exported_records_enums_and_variants_cross_both_ways_in_node() {
    extern_node::run_in_both_modes("classes", "records.test.mjs", 9);
}

#[test]
fn typescript_declarations_of_classes_check_and_run() {
    use wasm_tests::{WasmBuild, repo_root, run_node, run_typed_program, target_dir, tsc_checked};
    let dts = repo_root().join("crates/wasm/js/dts.mjs");
    let debug = WasmBuild { package: "classes", debug: true, ..Default::default() }.build();
    let declared = run_node(&dts, &[debug.as_os_str()]);
    for line in [
        "export declare class Counter {",
        "  constructor(label: string, start: number);",
        "  static zero(): Counter;",
        "  add(n: number): number;",
        "  add_from(other: Counter): void;",
        // Given names (`#[wasm(name = "..")]`) are the declared ones.
        "  addTwice(n: number): number;",
        "  static startingAt(start: number): Counter;",
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
        // Records and variants holding references (held.rs).
        "export interface Labelled {",
        "  widget: Widget;",
        "  other: Widget | null;",
        "  run: (a0: number) => number;",
        "  | { tag: \"Filled\"; val: Widget }",
        "  | { tag: \"Anything\"; val: unknown };",
        "export interface Window {",
        // A fallible constructor still declares the class, and says it throws.
        "  constructor(level: number, max: number);",
        "   * `fn(u32, u32) -> Result<Gauge, String>`; throws the `Err` (an `Error` as it is, any other value as a `RustError`)",
        "  constructor(value: number, error: unknown);",
    ] {
        assert!(declared.lines().any(|l| l == line), "missing `{line}` in:\n{declared}");
    }
    let program = tsc_checked(&target_dir().join("dts-classes"), "classes", "classes", &declared);
    run_typed_program(&program, &debug, true);
}
