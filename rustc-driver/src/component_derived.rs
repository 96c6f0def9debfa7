//! `cargo wasm-lint component` on a crate with no WIT of its own: the world is derived from
//! its Rust exports (`cargo wasm-lint wit`), and a second build, through the driver, injects the
//! generated glue (`wit_glue.rs`: bindings of that world and a `Guest` forwarding to the
//! user's functions) into the crate, whose module then encodes like any `#[wasm::wit]` guest.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::cli;
use crate::component::{self, LintCommand, TARGET};
use crate::wit_cmd;

/// Set for the glue build: the file the driver injects as `mod __wasmrust_component`.
const COMPONENT_GLUE_ENV: &str = "WASM_LINT_COMPONENT_GLUE";

pub fn run(args: &[String], crates: &[&str], lint_command: LintCommand) -> Result<(), String> {
    let check = match cli::parse(args)? {
        cli::Command::Check(check) => check,
        _ => return Err("`cargo wasm-lint component` takes the options of `cargo build`".into()),
    };
    let (dir, packages) = wit_cmd::derive(&check, lint_command)?;
    let [package] = packages.as_slice() else {
        return Err("a component derived from Rust exports is built one package at a time: select it with `-p NAME`".into());
    };
    let wit = wit_cmd::read_wit(&dir, package)?;
    if !has_exports(&wit) {
        return Err(format!(
            "the crate `{}` has no world: generate its bindings with `#[wasm::wit(path = \"wit\", world = \"..\")] mod bindings {{}}` and export an implementation with `bindings::export!`, or export functions with `#[wasm::export]`",
            crates.first().copied().unwrap_or(package)
        ));
    }
    let glue = dir.join(format!("{package}.rs"));
    let mut cmd = lint_command(&check, "build")?;
    cmd.args(["--lib", "--target", TARGET, "--message-format=json-render-diagnostics", "--features", "wasm/component"])
        .env(wit_cmd::WIT_DIR_ENV, &dir)
        .env(COMPONENT_GLUE_ENV, &glue)
        .stdout(Stdio::piped());
    let output = cmd.spawn().and_then(|c| c.wait_with_output()).map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("the crate with its derived world does not build (see cargo's errors above; the glue is {})", glue.display()));
    }
    let modules = component::cdylib_modules(&String::from_utf8_lossy(&output.stdout));
    if modules.is_empty() {
        return Err("the build made no wasm module: a component crate needs `crate-type = [\"cdylib\"]` under `[lib]` in its Cargo.toml".into());
    }
    for (name, module) in modules {
        let bytes = std::fs::read(&module).map_err(|e| format!("cannot read {}: {e}", module.display()))?;
        let encoded = component::encode_bytes(&name, &bytes)?;
        let out = output_path(&module, &name);
        std::fs::write(&out, encoded).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        println!("{}", out.display());
    }
    Ok(())
}

/// Whether the derived WIT exports anything (its `api` interface has functions).
fn has_exports(wit: &str) -> bool {
    let mut resolve = wit_parser::Resolve::default();
    resolve.push_str("derived.wit", wit).is_ok() && resolve.interfaces.iter().any(|(_, i)| i.name.as_deref() == Some("api") && !i.functions.is_empty())
}

/// `<target>/wasm32-unknown-unknown/<profile>/<crate>.component.wasm`: the module was built in
/// the lint profile `wasm-lint[-<profile>]`; the component goes where the profile's would.
fn output_path(module: &Path, name: &str) -> PathBuf {
    let dir = module.parent().unwrap_or(Path::new("."));
    let profile = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let plain = match profile.strip_prefix("wasm-lint") {
        Some("") => "debug".to_string(),
        Some(rest) => rest.trim_start_matches('-').to_string(),
        None => profile.to_string(),
    };
    let out_dir = dir.with_file_name(plain);
    let _ = std::fs::create_dir_all(&out_dir);
    out_dir.join(format!("{}.component.wasm", name.replace('-', "_")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_land_in_the_profile_folder_they_were_asked_for() {
        let t = std::env::temp_dir().join("wasm-lint-out-test/wasm32-unknown-unknown");
        assert_eq!(output_path(&t.join("wasm-lint-release/app.wasm"), "my-app"), t.join("release/my_app.component.wasm"));
        assert_eq!(output_path(&t.join("wasm-lint/app.wasm"), "app"), t.join("debug/app.component.wasm"));
    }

    #[test]
    fn an_empty_api_is_no_world() {
        assert!(!has_exports("package a:b@1.0.0; interface api {} world b { export api; }"));
        assert!(has_exports("package a:b@1.0.0; interface api { f: func(); } world b { export api; }"));
    }
}
