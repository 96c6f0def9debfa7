//! `cargo wasm-lint component`: builds the component guest fixture into a validated component,
//! and answers bad input with one sentence.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The fixtures' own target dir (shared with tests/component.rs), so nothing builds twice.
fn fixtures_target() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    base.join("fixtures")
}

fn component(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
        .args(["wasm-lint", "component"])
        .args(args)
        .env_remove("RUSTFLAGS")
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .expect("run cargo-wasm-lint")
}

fn fixture_args(package: &str) -> Vec<String> {
    let manifest = repo().join("tests/fixtures/Cargo.toml");
    let target = fixtures_target();
    ["--manifest-path", manifest.to_str().unwrap(), "-p", package, "--release", "--target-dir", target.to_str().unwrap()]
        .map(String::from)
        .to_vec()
}

#[test]
fn builds_a_valid_component_and_prints_its_path() {
    let args = fixture_args("component-guest");
    let out = component(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let path = PathBuf::from(stdout.trim());
    assert_eq!(path, fixtures_target().join("wasm32-unknown-unknown/release/component_guest.component.wasm"));
    let bytes = std::fs::read(&path).unwrap();
    assert!(wasmparser::Parser::is_component(&bytes), "a component, not a core module");
    let mut validator = wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all());
    validator.validate_all(&bytes).expect("the component validates");
    // The world's exports are the component's.
    let exports: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&bytes)
        .filter_map(|p| match p {
            Ok(wasmparser::Payload::ComponentExportSection(s)) => {
                Some(s.into_iter().map(|e| e.unwrap().name.name.to_string()).collect::<Vec<_>>())
            }
            _ => None,
        })
        .flatten()
        .collect();
    for name in ["add", "greet", "roundtrip", "churn", "wasmrust:store/counters"] {
        assert!(exports.iter().any(|e| e == name), "{name} missing from {exports:?}");
    }
}

#[test]
fn a_crate_without_a_world_is_one_sentence() {
    let args = fixture_args("smoke");
    let out = component(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: the crate `smoke` has no world: generate its bindings with `#[wasm::wit("), "{stderr}");
}

#[test]
fn other_targets_and_build_failures_are_one_sentence() {
    let out = component(&["--target", "wasm32-wasip2"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: `cargo wasm-lint component` builds for wasm32-unknown-unknown only; drop `--target`"
    );
    let missing = repo().join("tests/fixtures/crates/no-such-crate/Cargo.toml");
    let out = component(&["--manifest-path", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().starts_with("error: no Cargo.toml at `") && stderr.trim().lines().count() == 1, "{stderr}");
}

/// The core module inside a `#[wasm::wit]` component exports the world's functions (and the
/// canonical ABI's `memory`, `cabi_*`), not the `wasm` runtime's JS entry points: nothing in a
/// component host calls them, and they keep code and JS imports alive.
#[test]
fn the_core_module_exports_no_js_entry_points() {
    let args = fixture_args("component-guest");
    let out = component(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(String::from_utf8(out.stdout).unwrap().trim()).unwrap();
    // Nested core modules' export sections (the guest's own and wit-component's shims).
    let core_exports: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&bytes)
        .filter_map(|p| match p {
            Ok(wasmparser::Payload::ExportSection(s)) => Some(s.into_iter().map(|e| e.unwrap().name.to_string()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    for name in ["add", "greet", "cabi_realloc", "memory"] {
        assert!(core_exports.iter().any(|e| e == name), "{name} missing from {core_exports:?}");
    }
    let js: Vec<&String> = core_exports.iter().filter(|e| e.starts_with("__wasmrust")).collect();
    assert!(js.is_empty(), "JS entry points exported by the core module: {js:?}");
}
