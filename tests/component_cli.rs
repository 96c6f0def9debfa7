//! `cargo wasm-lint component`: builds the component guest fixture into a validated component,
//! and answers bad input with one sentence.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "wit_cli/core_exports.rs"]
mod core_exports;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The fixtures' own target dir (shared with tests/component.rs), so nothing builds twice.
fn fixtures_target() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    base.join("fixtures")
}

fn component(args: &[&str]) -> Output {
    wasm_lint("component", args)
}

fn wasm_lint(subcommand: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
        .args(["wasm-lint", subcommand])
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
    let core_exports: Vec<String> = core_exports::core_exports(&bytes);
    for name in ["add", "greet", "cabi_realloc", "memory"] {
        assert!(core_exports.iter().any(|e| e == name), "{name} missing from {core_exports:?}");
    }
    let js: Vec<&String> = core_exports.iter().filter(|e| e.starts_with("__wasmrust")).collect();
    assert!(js.is_empty(), "JS entry points exported by the core module: {js:?}");
}

/// A crate whose world is derived from its Rust exports, written under the fixtures' target
/// dir so the test can change it: its own workspace, with the fixtures' profile and lock file,
/// so its dependencies are the ones the other tests build.
fn scratch_crate(name: &str) -> PathBuf {
    let dir = fixtures_target().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let wasm = repo().join("crates/wasm");
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [lib]\ncrate-type = [\"cdylib\"]\n\n[features]\nextra = []\n\n[dependencies]\nwasm = {{ path = {wasm:?} }}\n\n\
         [profile.release]\nopt-level = \"s\"\ndebug = false\npanic = \"abort\"\n\n[profile.dev]\npanic = \"abort\"\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(repo().join("tests/fixtures/Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// The functions the component's world exports (through its interfaces), sorted.
fn exported_functions(component: &Path) -> Vec<String> {
    let decoded = wit_component::decode(&std::fs::read(component).unwrap()).expect("a component");
    let wit_component::DecodedWasm::Component(resolve, world) = &decoded else { panic!("not a component") };
    let mut names: Vec<String> = resolve.worlds[*world]
        .exports
        .values()
        .flat_map(|item| match item {
            wit_parser::WorldItem::Interface { id, .. } => resolve.interfaces[*id].functions.keys().cloned().collect(),
            wit_parser::WorldItem::Function(f) => vec![f.name.clone()],
            wit_parser::WorldItem::Type { .. } => vec![],
        })
        .collect();
    names.sort();
    names
}

/// A component build with a derived world is a plain build (which finds no world), a check
/// (which derives it) and a build with the glue. Run again with nothing changed, none of them
/// compiles the crate; a change to the source, or other features, derives and builds it again,
/// and the glue compiled in is always that of the build's own configuration.
#[test]
fn a_derived_component_is_compiled_again_only_when_its_source_or_features_change() {
    let name = "component-rebuild";
    let dir = scratch_crate(name);
    let lib = dir.join("src/lib.rs");
    let source = "#[wasm::export]\npub fn first() -> u32 { 1 }\n\n#[cfg(feature = \"extra\")]\n#[wasm::export]\npub fn extra() -> u32 { 2 }\n";
    std::fs::write(&lib, source).unwrap();
    let manifest = dir.join("Cargo.toml");
    let target = fixtures_target();
    let base = ["--manifest-path", manifest.to_str().unwrap(), "--release", "--target-dir", target.to_str().unwrap(), "-v"];
    let compiling = format!("Compiling {name} ");
    // Runs `subcommand`; returns (its stdout, whether cargo compiled the crate).
    let run = |subcommand: &str, extra: &[&str]| {
        let out = wasm_lint(subcommand, &[&base[..], extra].concat());
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{subcommand} {extra:?}: {stderr}");
        assert!(stderr.contains(&format!("Fresh {name} ")) || stderr.contains(&compiling), "{stderr}");
        (String::from_utf8(out.stdout).unwrap(), stderr.contains(&compiling))
    };
    let built = |extra: &[&str]| {
        let (stdout, compiled) = run("component", extra);
        (exported_functions(Path::new(stdout.trim())), compiled)
    };

    assert_eq!(built(&[]), (vec!["first".to_string()], true));
    assert_eq!(built(&[]), (vec!["first".to_string()], false), "nothing changed: nothing to compile");
    // `wit` runs the deriving check of the same configuration, which cargo finds fresh.
    assert!(run("wit", &[]).0.contains("first: func() -> u32;"));
    assert_eq!(built(&[]), (vec!["first".to_string()], false), "after `wit`");

    // Another configuration derives its own world; going back, the first one's is still right.
    assert_eq!(built(&["--features", "extra"]), (vec!["extra".to_string(), "first".to_string()], true));
    assert_eq!(built(&[]).0, vec!["first".to_string()], "the glue of `--features extra` compiled in");
    assert_eq!(built(&[]), (vec!["first".to_string()], false));

    std::fs::write(&lib, format!("{source}\n#[wasm::export]\npub fn second() -> u32 {{ 3 }}\n")).unwrap();
    assert_eq!(built(&[]), (vec!["first".to_string(), "second".to_string()], true), "the changed source");
    assert_eq!(built(&[]), (vec!["first".to_string(), "second".to_string()], false));
}
