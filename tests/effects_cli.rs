//! `cargo wasm-lint` on the `effects-demo` fixture, as a user runs it: `--effects` lists what
//! each function declares and infers (text and JSON), `--host wasi` rejects the export that
//! reaches JavaScript, `--host browser` accepts the crate. The `wasm` crate is a dependency
//! compiled by the same driver, so its side file is read across crates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn wasm_lint(extra: &[&str]) -> Output {
    let repo = repo();
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo.join("target"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"));
    cmd.arg("wasm-lint")
        .args(["-p", "effects-demo", "--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(repo.join("tests/fixtures/Cargo.toml"))
        .arg("--target-dir")
        .arg(target.join("wasm-lint-effects"))
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
