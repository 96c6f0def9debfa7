//! `cargo wasm-lint component [cargo build options]`: builds the crate for
//! wasm32-unknown-unknown and encodes each cdylib into a component with wit-component (no
//! cargo-component, no adapter: the module has no WASI imports), written as
//! `<target>/wasm32-unknown-unknown/<profile>/<crate>.component.wasm`.
//!
//! The build goes through the driver with `env_names::COMPONENT` set, so the core module
//! exports the world's functions only, not the `wasm` runtime's JS entry points
//! (`component_exports.rs`). A crate without a world of its own (no `#[wasm::wit]`) gets one
//! derived from its Rust exports (`component_derived.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const TARGET: &str = "wasm32-unknown-unknown";

/// Runs the build and the encoding; prints each component's path.
pub fn run(args: &[String], lint_command: LintCommand) -> Result<(), String> {
    let original = without_target(args)?;
    let check = match crate::cli::parse(&original)? {
        crate::cli::Command::Check(check) => check,
        _ => return Err("`cargo wasm-lint component` takes the options of `cargo build`".into()),
    };
    let mut cargo = lint_command(&check, "build")?;
    cargo
        .args(["--target", TARGET, "--message-format=json-render-diagnostics"])
        .env(crate::env_names::COMPONENT, "1")
        .stdout(Stdio::piped());
    let output = cargo.spawn().and_then(|c| c.wait_with_output()).map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("the crate does not build for wasm32-unknown-unknown (see cargo's errors above)".into());
    }
    let modules = cdylib_modules(&String::from_utf8_lossy(&output.stdout));
    if modules.is_empty() {
        return Err("the build made no wasm module: a component crate needs `crate-type = [\"cdylib\"]` under `[lib]` in its Cargo.toml".into());
    }
    let (with_world, without): (Vec<_>, Vec<_>) =
        modules.into_iter().partition(|(_, m)| std::fs::read(m).is_ok_and(|b| has_component_type(&b)));
    if !without.is_empty() {
        // No world: derive one from the Rust exports, then build again with its glue.
        let names: Vec<&str> = without.iter().map(|(n, _)| n.as_str()).collect();
        return crate::component_derived::run(&original, &names, lint_command);
    }
    for (name, module) in with_world {
        let path = encode(&name, &module)?;
        println!("{}", path.display());
    }
    Ok(())
}

/// `<target>/wasm32-unknown-unknown/<profile>/<crate>.component.wasm`: the module was built in
/// the lint profile `wasm-lint[-<profile>]` (or the glue build's `wasm-lint_glue[-<profile>]`);
/// the component goes where the profile's would.
pub fn output_path(module: &Path, name: &str) -> PathBuf {
    let dir = module.parent().unwrap_or(Path::new("."));
    let profile = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let ours = profile.strip_prefix(crate::cli::GLUE_PROFILE).or_else(|| profile.strip_prefix(crate::cli::LINT_PROFILE));
    let plain = match ours {
        Some("") => "debug".to_string(),
        Some(rest) => rest.trim_start_matches('-').to_string(),
        None => profile.to_string(),
    };
    let out_dir = dir.with_file_name(plain);
    let _ = std::fs::create_dir_all(&out_dir);
    out_dir.join(format!("{}.component.wasm", name.replace('-', "_")))
}

/// `cargo <check|build>` with the driver (main.rs).
pub type LintCommand = fn(&crate::cli::Check, &str) -> Result<Command, String>;

/// The cargo options less a `--target wasm32-unknown-unknown` (any other target is an error).
pub fn without_target(args: &[String]) -> Result<Vec<String>, String> {
    let mut kept = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let target = match arg.strip_prefix("--target") {
            Some("") => iter.next().map(String::as_str),
            Some(rest) if rest.starts_with('=') => Some(&rest[1..]),
            _ => {
                kept.push(arg.clone());
                continue;
            }
        };
        if target != Some(TARGET) {
            return Err(format!("`cargo wasm-lint component` builds for {TARGET} only; drop `--target`"));
        }
    }
    Ok(kept)
}

/// `(crate name, .wasm path)` of each cdylib cargo reports having built.
pub fn cdylib_modules(messages: &str) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for line in messages.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg["reason"] != "compiler-artifact" {
            continue;
        }
        let kinds = msg["target"]["kind"].as_array().cloned().unwrap_or_default();
        if !kinds.iter().any(|k| k == "cdylib") {
            continue;
        }
        let name = msg["target"]["name"].as_str().unwrap_or_default().to_string();
        for file in msg["filenames"].as_array().into_iter().flatten() {
            if let Some(file) = file.as_str().filter(|f| f.ends_with(".wasm")) {
                found.push((name.clone(), PathBuf::from(file)));
            }
        }
    }
    found
}

/// Encodes `module` and writes `<dir>/<crate>.component.wasm`.
fn encode(name: &str, module: &Path) -> Result<PathBuf, String> {
    let bytes = std::fs::read(module).map_err(|e| format!("cannot read {}: {e}", module.display()))?;
    let component = encode_bytes(name, &bytes)?;
    let out = output_path(module, name);
    std::fs::write(&out, component).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(out)
}

/// The component of a core module built with `#[wasm::wit]` bindings, validated.
pub fn encode_bytes(name: &str, module: &[u8]) -> Result<Vec<u8>, String> {
    if !has_component_type(module) {
        return Err(format!(
            "the crate `{name}` has no world: generate its bindings with `#[wasm::wit(path = \"wit\", world = \"..\")] mod bindings {{}}` and export an implementation with `bindings::export!`"
        ));
    }
    let module = without_js_sections(module);
    let mut encoder = wit_component::ComponentEncoder::default()
        .validate(true)
        .module(&module)
        .map_err(|e| format!("the module of `{name}` cannot become a component: {}", first_line(&e)))?;
    encoder
        .encode()
        .map_err(|e| format!("the module of `{name}` does not match its world: {}", first_line(&e)))
}

/// The custom section of the JS host's records (`#[wasm::export]` members, signatures), which
/// a component host never reads; wit-component would carry it into the component.
const JS_SECTION: &str = "wasmrust";

/// `module` without `JS_SECTION`, every other section as it was. A module the parser rejects
/// is returned whole: the encoder reports what is wrong with it.
fn without_js_sections(module: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(module.len());
    let mut next = 0; // where the section after the last one copied starts
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        let Ok(payload) = payload else { return module.to_vec() };
        if let wasmparser::Payload::Version { range, .. } = &payload {
            out.extend_from_slice(&module[..range.end]);
            next = range.end;
        }
        let Some((_, range)) = payload.as_section() else { continue };
        let js = matches!(&payload, wasmparser::Payload::CustomSection(c) if c.name() == JS_SECTION);
        if !js {
            out.extend_from_slice(&module[next..range.end]); // the section's id and size, then it
        }
        next = range.end;
    }
    out
}

/// Whether the module carries a `component-type*` custom section (wit-bindgen's world).
pub fn has_component_type(module: &[u8]) -> bool {
    wasmparser::Parser::new(0).parse_all(module).any(|payload| {
        matches!(payload, Ok(wasmparser::Payload::CustomSection(s)) if s.name().starts_with("component-type"))
    })
}

/// The error and its causes on one line.
fn first_line(e: &anyhow::Error) -> String {
    format!("{e:#}").lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
#[path = "../../tests/fuzz/component.rs"]
mod fuzz;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_land_in_the_profile_folder_they_were_asked_for() {
        let t = std::env::temp_dir().join("wasm-lint-out-test/wasm32-unknown-unknown");
        assert_eq!(output_path(&t.join("wasm-lint-release/app.wasm"), "my-app"), t.join("release/my_app.component.wasm"));
        assert_eq!(output_path(&t.join("wasm-lint/app.wasm"), "app"), t.join("debug/app.component.wasm"));
        assert_eq!(output_path(&t.join("wasm-lint_glue-release/app.wasm"), "app"), t.join("release/app.component.wasm"));
        assert_eq!(output_path(&t.join("wasm-lint_glue/app.wasm"), "app"), t.join("debug/app.component.wasm"));
    }

    #[test]
    fn modules_without_a_world_are_one_sentence() {
        let empty = wasm_encoder::Module::new().finish();
        let err = encode_bytes("app", &empty).unwrap_err();
        assert!(err.starts_with("the crate `app` has no world"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn the_js_records_section_is_left_out_and_nothing_else() {
        let custom = |name: &'static str| wasm_encoder::CustomSection { name: name.into(), data: std::borrow::Cow::Borrowed(&[1, 2, 3]) };
        let mut memory = wasm_encoder::MemorySection::new();
        memory.memory(wasm_encoder::MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None });
        let mut module = wasm_encoder::Module::new();
        module.section(&custom("before"));
        module.section(&memory);
        module.section(&custom(JS_SECTION));
        module.section(&custom("component-type:app"));
        let mut expected = wasm_encoder::Module::new();
        expected.section(&custom("before"));
        expected.section(&memory);
        expected.section(&custom("component-type:app"));
        assert_eq!(without_js_sections(&module.finish()), expected.finish());
        assert_eq!(without_js_sections(b"not wasm"), b"not wasm");
    }

    #[test]
    fn target_options_other_than_wasm32_are_refused() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(without_target(&args("--target-dir t --target wasm32-unknown-unknown -r")).unwrap(), args("--target-dir t -r"));
        assert_eq!(without_target(&args("--target=wasm32-unknown-unknown")).unwrap(), Vec::<String>::new());
        assert!(without_target(&args("--target wasm32-wasip2")).is_err());
        assert!(without_target(&args("--target")).is_err());
    }

    #[test]
    fn finds_cdylib_artifacts_only() {
        let messages = r#"{"reason":"compiler-artifact","target":{"name":"dep","kind":["lib"]},"filenames":["/t/libdep.rlib"]}
{"reason":"compiler-artifact","target":{"name":"my-app","kind":["cdylib"]},"filenames":["/t/my_app.wasm"]}
not json
{"reason":"build-finished","success":true}"#;
        assert_eq!(cdylib_modules(messages), vec![("my-app".to_string(), PathBuf::from("/t/my_app.wasm"))]);
    }
}
