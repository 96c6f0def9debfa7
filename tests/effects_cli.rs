//! `cargo wasm-lint` on the `effects-demo` fixture, as a user runs it: `--effects` lists what
//! each function declares and infers (text and JSON), `--host wasi` rejects the export that
//! reaches JavaScript, `--host browser` accepts the crate. The `wasm` crate is a dependency
//! compiled by the same driver, so its side file is read across crates.
//!
//! The `browser-effects` fixture is ordinary wasm-bindgen + web-sys + wasm-bindgen-futures code
//! with pure, declared and async functions: linted for wasm32 it must come out clean, a
//! deliberately wrong declaration in it must be caught, and `--host wasi` judges only its own
//! exports (each once), never the `wasm` path dependency's internals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn wasm_lint(extra: &[&str]) -> Output {
    wasm_lint_package("effects-demo", "wasm-lint-effects", extra)
}

fn wasm_lint_package(package: &str, target_dir: &str, extra: &[&str]) -> Output {
    let repo = repo();
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo.join("target"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"));
    cmd.arg("wasm-lint")
        .args(["-p", package, "--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(repo.join("tests/fixtures/Cargo.toml"))
        .arg("--target-dir")
        .arg(target.join(target_dir))
        .args(extra);
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER", "CARGO_TARGET_DIR"] {
        cmd.env_remove(var);
    }
    cmd.output().expect("run cargo-wasm-lint")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One test, so the runs (each rebuilding for its host profile) do not race on the target dir.
#[test]
fn effects_listing_and_host_profiles() {
    // Browser: the crate is accepted and the listing shows each function.
    let out = wasm_lint(&["--host", "browser", "--effects"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "--host browser failed:\n{stderr}");
    assert!(stdout.contains("effects of crate `effects_demo` (host profile `browser`)"), "{stdout}");
    let line = |name: &str| {
        stdout.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_else(|| panic!("no `{name}` in:\n{stdout}")).to_string()
    };
    assert!(line("fibonacci (export)").ends_with("inferred: pure"), "{stdout}");
    assert!(line("count_primes (export)").ends_with("inferred: pure"), "{stdout}");
    let report = line("report (export)");
    assert!(report.contains("declared: js_call, atomic_read, atomic_write"), "{report}");
    assert!(report.ends_with("inferred: js_call, atomic_read, atomic_write"), "{report}");
    assert!(stdout.contains("      js_call: report -> now (declared)\n"), "{stdout}");
    assert!(stdout.contains("      atomic_write: report -> AtomicU32::fetch_add\n"), "{stdout}");
    // `log` classifies its raw `env` import as JavaScript by declaring `js_call`.
    assert!(line("log").contains("declared: js_call"), "{stdout}");
    assert!(stdout.contains("      js_call: log -> env::js_log (import)\n"), "{stdout}");

    // JSON lines, one per function, after cargo's own messages.
    let out = wasm_lint(&["--host", "browser", "--effects", "--message-format=json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let messages: Vec<Value> = text(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert!(messages.iter().any(|m| m["reason"] == "compiler-artifact"), "cargo's messages pass through");
    let effects: Vec<&Value> = messages.iter().filter(|m| m["reason"] == "wasm-lint-effects").collect();
    let fib = effects.iter().find(|m| m["function"] == "fibonacci").expect("fibonacci listed");
    assert_eq!(fib["inferred"], serde_json::json!([]));
    assert_eq!(fib["export"], true);
    assert_eq!(fib["host"], "browser");
    let report = effects.iter().find(|m| m["function"] == "report").expect("report listed");
    assert_eq!(report["chains"]["js_call"], "report -> now (declared)");

    // WASI: the export that reaches JavaScript is an error; the listing still comes.
    let out = wasm_lint(&["--host", "wasi", "--effects"]);
    assert!(text(&out.stdout).contains("effects of crate `effects_demo` (host profile `wasi`)"), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "--host wasi must fail:\n{stderr}");
    assert!(
        stderr.contains("error: exported function `report` reaches `js_call`, which the `wasi` host profile removes"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("wasm_lint::effect_unavailable").count(), 1, "only `report`:\n{stderr}");

    // Strict mode finds no call of unknown effect in the crate.
    let out = wasm_lint(&["--strict-effects"]);
    assert!(out.status.success(), "--strict-effects failed:\n{}", text(&out.stderr));

    // A host the tool does not know is a one-sentence error.
    let out = wasm_lint(&["--host", "deno"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: unknown host `deno`; the host profiles are browser, node, wasi, wasmtime"
    );
}

/// Errors and warnings of a `cargo wasm-lint` run, without cargo's progress lines.
fn diagnostics(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("error") || l.starts_with("warning")).collect()
}

#[test]
fn browser_code_with_wasm_bindgen_is_clean_and_a_wrong_declaration_is_caught() {
    let lint = |extra: &[&str]| wasm_lint_package("browser-effects", "wasm-lint-browser-effects", extra);

    // wasm32, no profile: clean, and the listing names imports at the end of short chains.
    let out = lint(&["--effects"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(diagnostics(&stderr), Vec::<&str>::new(), "{stderr}");
    let line = |name: &str| {
        stdout.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_else(|| panic!("no `{name}` in:\n{stdout}")).to_string()
    };
    assert!(line("as_html ").ends_with("inferred: pure"), "an upcast is pure:\n{stdout}");
    assert!(line("as_element ").ends_with("inferred: pure"), "{stdout}");
    assert!(line("scale (export)").contains("declared: pure"), "{stdout}");
    assert!(line("clamp_width (export)").ends_with("inferred: pure"), "{stdout}");
    assert!(line("status_sum (export)").contains("declared: js_call"), "{stdout}");
    assert!(!line("find_canvas").contains("(export)"), "a pub fn is not an export:\n{stdout}");
    assert!(!line("current_canvas").contains("(export)"), "an import wrapper is not an export:\n{stdout}");
    assert!(
        stdout.contains("      js_call: find_canvas -> Window::document -> __wbindgen_placeholder__::__wbg_document_"),
        "{stdout}"
    );
    assert!(!stdout.contains("__wasm_bindgen_generated") && !stdout.contains("__wbindgen_describe"), "{stdout}");
    assert!(!stdout.contains("__linear_type_is_not_clone"), "{stdout}");

    // A pure declaration on an async fn that awaits a `js_call` one is caught at the await.
    let out = lint(&["--features", "wrong-declaration"]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("error: `fetch_both` performs `js_call`, which its declaration does not list"), "{stderr}");
    assert!(stderr.contains("effect chain: fetch_both -> fetch_both::{closure#0} -> fetch_status (declared): js_call"), "{stderr}");
    assert_eq!(stderr.matches("wasm_lint::undeclared_effect").count(), 1, "{stderr}");

    // WASI: the two `#[wasm_bindgen]` exports that reach JavaScript, once each, at the user's
    // function; nothing in `wasm` (a path dependency here, so linted too) or in generated items.
    let out = lint(&["--host", "wasi"]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let errors: Vec<&str> = diagnostics(&stderr).into_iter().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        errors,
        [
            "error: exported function `resize` reaches `js_call`, which the `wasi` host profile removes",
            "error: exported function `status_sum` reaches `js_call`, which the `wasi` host profile removes",
            "error: could not compile `browser-effects` (lib) due to 2 previous errors",
        ],
        "{stderr}"
    );
}

