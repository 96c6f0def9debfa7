//! The ahead-of-time glue (`node crates/wasm/js/emit.mjs app.wasm -o app.js`) in Node. For
//! fixture modules of each kind, `tests/e2e/aot.test.mjs` checks the emitted file against the
//! runtime path (it holds exactly the parts the runtime would load; same exports, signatures and
//! results; emit.mjs's errors and exit codes), and the module's own test file runs unchanged
//! against the emitted glue (`tests/e2e/aot-glue.mjs` points its import of `wasmrust.mjs` there).

use std::path::{Path, PathBuf};

use wasm_tests::{WasmBuild, build_example, build_wasm, node, repo_root, run_node_tests, run_ok, target_dir};

/// Writes the glue of `wasm` into `<target>/aot/<name>.js` with emit.mjs, and the module as
/// `--wasm` strips it for that glue into `<target>/aot/<name>.wasm` (strip.mjs): `(glue, module)`.
fn emit(wasm: &Path, name: &str) -> (PathBuf, PathBuf) {
    let dir = target_dir().join("aot");
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let (out, stripped) = (dir.join(format!("{name}.js")), dir.join(format!("{name}.wasm")));
    run_ok(node().arg(repo_root().join("crates/wasm/js/emit.mjs")).arg(wasm).arg("-o").arg(&out).arg("--wasm").arg(&stripped));
    (out, stripped)
}

/// `aot.test.mjs` on `wasm`, a module of `kind`.
fn compare(wasm: &Path, kind: &str) {
    let script = repo_root().join("tests/e2e/aot.test.mjs");
    let passed = run_node_tests(&script, &[("WASM", wasm.as_os_str()), ("KIND", kind.as_ref())]);
    // Three cases, and those of the kind: the results (numbers, text), the table (classes,
    // closures, async: their modules use references), the closures' missing signature.
    let expected = match kind {
        "closures" => 5,
        "numbers" | "text" | "classes" | "async" => 4,
        _ => 3,
    };
    assert_eq!(passed, expected, "every case ran ({kind})");
}

/// The runtime path's test file `script` for `wasm`, against the glue emitted for it: with the
/// module as built, then with the module `--wasm` stripped for the glue (`WASM_BUILT`: the
/// module as built, for a file's TypeScript declarations, which read the `wasmrust` section).
fn own_tests(wasm: &Path, script: &str, expected: usize) {
    let (glue, stripped) = emit(wasm, script.trim_end_matches(".test.mjs"));
    let hook = format!("--import={}", repo_root().join("tests/e2e/aot-glue.mjs").display());
    let script = repo_root().join("tests/e2e").join(script);
    for module in [wasm, &stripped] {
        let env = [("WASM", module.as_os_str()), ("WASM_BUILT", wasm.as_os_str()), ("WASMRUST_GLUE", glue.as_os_str()), ("NODE_OPTIONS", hook.as_ref())];
        assert_eq!(run_node_tests(&script, &env), expected, "every case of {} ran on {}", script.display(), module.display());
    }
}

#[test]
fn numbers_and_strings_ahead_of_time_match_the_runtime_path() {
    for feature in ["numbers", "text"] {
        let built = WasmBuild { package: "js-parts", features: &[feature], ..Default::default() }.build();
        let wasm = built.with_file_name(format!("js_parts_aot_{feature}.wasm"));
        std::fs::copy(&built, &wasm).expect("copy the module");
        compare(&wasm, feature);
    }
}

#[test]
fn classes_ahead_of_time() {
    let wasm = build_wasm("classes");
    compare(&wasm, "classes");
    own_tests(&wasm, "classes.test.mjs", 13);
    // Records and enums: their codecs exist only once the module runs (values.mjs), so those
    // functions are generated then, from the same generator shipped in the file.
    own_tests(&wasm, "records.test.mjs", 9);
}

#[test]
fn closures_ahead_of_time() {
    let wasm = build_wasm("closures");
    compare(&wasm, "closures");
    own_tests(&wasm, "closures.test.mjs", 15);
}

#[test]
fn async_exports_ahead_of_time() {
    let wasm = build_wasm("async-exports");
    compare(&wasm, "async");
    own_tests(&wasm, "async.test.mjs", 14);
}

#[test]
fn slices_ahead_of_time() {
    let wasm = build_wasm("slices");
    compare(&wasm, "slices");
    own_tests(&wasm, "slices.test.mjs", 13);
}

#[test]
fn every_abi_type_and_panics_ahead_of_time() {
    // abi.test.mjs's case of a module with an unknown record format is the runtime's (skipped):
    // aot.test.mjs checks emit.mjs's.
    own_tests(&build_wasm("abi"), "abi.test.mjs", 13);
    own_tests(&build_wasm("panics"), "panics.test.mjs", 8);
}

#[test]
fn imports_bound_by_name_ahead_of_time() {
    own_tests(&build_wasm("web-bindings"), "web.test.mjs", 9);
    own_tests(&build_wasm("web-dom"), "web_dom.test.mjs", 5);
}

#[test]
fn game_of_life_ahead_of_time() {
    // A module whose only import is `__wasmrust.class_error`: its guards are cut to what it can
    // meet, its class checks and errors stay the runtime path's.
    let wasm = build_example("game-of-life", "game_of_life");
    let script = repo_root().join("tests/e2e/aot_life.test.mjs");
    assert_eq!(run_node_tests(&script, &[("WASM", wasm.as_os_str())]), 4);
}

/// `emit.mjs --wasm` (strip.mjs): the module written for the glue has no `wasmrust` section and
/// no runtime export the glue does not name, and keeps every user export; bad input is an error
/// with nothing written (`tests/e2e/aot_strip.test.mjs`). The stripped modules run the fixtures'
/// own test files above (`own_tests`) and the Game of Life's checks (`aot_life.test.mjs`).
#[test]
fn stripped_module_keeps_what_the_glue_and_user_need() {
    let script = repo_root().join("tests/e2e/aot_strip.test.mjs");
    let (life, closures, start) = (build_example("game-of-life", "game_of_life"), build_wasm("closures"), build_wasm("start"));
    let env = [("LIFE", life.as_os_str()), ("CLOSURES", closures.as_os_str()), ("START", start.as_os_str())];
    assert_eq!(run_node_tests(&script, &env), 4);
}

#[test]
fn records_of_functions_a_module_does_not_have_load_nothing() {
    let script = repo_root().join("tests/e2e/unused.test.mjs");
    assert_eq!(run_node_tests(&script, &[]), 2);
}

/// What the start fixtures' emitted glue must do; `$GLUE` is the file, `$WASM` the module.
const START_CHECKS: &str = r#"
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
const { instantiate, instantiateSync, RustError } = await import(process.env.GLUE);
const bytes = await readFile(process.env.WASM);
const options = (mode, pending = () => new Promise(() => {})) => ({ imports: { host: { start_mode: () => mode, pending } } });
if (process.env.KIND === "sync") {
  const { exports } = await instantiate(bytes, options(0));
  assert.equal(exports.starts(), 1, "ran once before instantiate resolved");
  assert.ok(!("__wasmrust_start" in exports));
  assert.equal(instantiateSync(bytes, options(0)).exports.starts(), 1, "instantiateSync runs it too");
  await assert.rejects(instantiate(bytes, options(1)), /start panicked in mode 1/);
  await assert.rejects(instantiate(bytes, options(2)), (e) => e instanceof RustError && e.message === "start failed in mode 2");
} else {
  const { exports } = await instantiate(bytes, options(3, () => Promise.resolve(40)));
  assert.equal(exports.starts(), 41, "awaited before instantiate resolved");
  await assert.rejects(instantiate(bytes, options(2)), (e) => e instanceof RustError && e.message === "async start failed");
  assert.throws(() => instantiateSync(bytes, options(0)), /start function is async; a synchronous instantiation cannot await it/);
}
console.log("checked");
"#;

/// `#[wasm::export(start)]` through emitted glue: the file has no `signatures`, so emit.mjs
/// itself tells `instantiateSync` whether the start function is async.
#[test]
fn start_functions_ahead_of_time() {
    for (package, kind) in [("start", "sync"), ("start-async", "async")] {
        let wasm = build_wasm(package);
        let (glue, stripped) = emit(&wasm, package);
        for module in [&wasm, &stripped] {
            let out = node()
                .args(["--input-type=module", "-e", START_CHECKS])
                .env("GLUE", &glue)
                .env("WASM", module)
                .env("KIND", kind)
                .output()
                .expect("node runs");
            assert!(out.status.success(), "{}: {}", module.display(), String::from_utf8_lossy(&out.stderr));
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "checked");
        }
    }
}

/// emit.mjs's texts of the runtime files cut to what a module meets (shake.mjs `PATCHES`): each
/// group matches the runtime sources, and one that a drifted source no longer matches fails the
/// emit, naming it, instead of writing part of it (`tests/e2e/aot_patches.test.mjs`).
#[test]
fn runtime_text_groups_apply_whole_or_fail_the_emit() {
    let script = repo_root().join("tests/e2e/aot_patches.test.mjs");
    let (asyncs, closures) = (build_wasm("async-exports"), build_wasm("closures"));
    let life = build_example("game-of-life", "game_of_life");
    let env = [("ASYNC", asyncs.as_os_str()), ("CLOSURES", closures.as_os_str()), ("LIFE", life.as_os_str())];
    assert_eq!(run_node_tests(&script, &env), 11);
}
