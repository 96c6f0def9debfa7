//! `cargo wasm-lint component` on a crate with no WIT of its own: the world is derived from
//! its Rust exports (`cargo wasm-lint wit`), and a second build, through the driver, injects the
//! generated glue (`wit_glue.rs`: bindings of that world and a `Guest` forwarding to the
//! user's functions) into the crate, whose module then encodes like any `#[wasm::wit]` guest.
//!
//! Each step keeps its own cargo fingerprint, so a run with nothing changed compiles nothing:
//! the plain build (`component.rs`, which finds no world) in the lint profile, the check that
//! derives the world in check mode, and the glue build in the glue profile
//! (`Check::lint_profile`). A change to the source reruns all three; the check rewrites the
//! WIT and glue files only when their text changes (`wit_emit.rs`), so a rerun check that
//! derives the same world leaves the glue build fresh.

use std::process::Stdio;

use crate::{cli, env_names};
use crate::component::{self, LintCommand, TARGET};
use crate::wit_cmd;

pub fn run(args: &[String], crates: &[&str], lint_command: LintCommand) -> Result<(), String> {
    let check = match cli::parse(args)? {
        cli::Command::Check(check) => check,
        _ => return Err("`cargo wasm-lint component` takes the options of `cargo build`".into()),
    };
    let derived = wit_cmd::derive(&check, lint_command)?;
    let [package] = derived.packages.as_slice() else {
        return Err("a component derived from Rust exports is built one package at a time: select it with `-p NAME`".into());
    };
    let wit = derived.read_wit(package)?;
    if !has_exports(&wit) {
        return Err(format!(
            "the crate `{}` has no world: generate its bindings with `#[wasm::wit(path = \"wit\", world = \"..\")] mod bindings {{}}` and export an implementation with `bindings::export!`, or export functions with `#[wasm::export]`",
            // The package's crate, not a dependency's `cdylib` built beside it.
            crates.iter().copied().find(|c| c.replace('-', "_") == package.replace('-', "_")).unwrap_or(package)
        ));
    }
    let glue = derived.path(package, "rs");
    // In a profile of its own (`Check::lint_profile`): this build and the plain one before it
    // (no glue) would otherwise share the crate's cargo fingerprint and undo each other.
    let mut cmd = lint_command(&cli::Check { glue: true, ..check }, "build")?;
    cmd.args(["--lib", "--target", TARGET, "--message-format=json-render-diagnostics", "--features", "wasm/component"])
        .env(env_names::WIT_DIR, &derived.dir)
        .env(env_names::COMPONENT, "1")
        .env(env_names::COMPONENT_GLUE, &glue)
        .stdout(Stdio::piped());
    let output = cmd.spawn().and_then(|c| c.wait_with_output()).map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("the crate with its derived world does not build (see cargo's errors above; the glue is {})", glue.display()));
    }
    // The package's module, the one the glue gave a world: a dependency declaring `cdylib`
    // builds its own beside it, which is no component of this run (its exports are in this
    // one's world, wasm_lints::wit::linked).
    let mut modules = Vec::new();
    for (name, module) in component::cdylib_modules(&String::from_utf8_lossy(&output.stdout)) {
        let bytes = std::fs::read(&module).map_err(|e| format!("cannot read {}: {e}", module.display()))?;
        if component::has_component_type(&bytes) {
            modules.push((name, module, bytes));
        }
    }
    if modules.is_empty() {
        return Err("the build made no wasm module: a component crate needs `crate-type = [\"cdylib\"]` under `[lib]` in its Cargo.toml".into());
    }
    for (name, module, bytes) in modules {
        let encoded = component::encode_bytes(&name, &bytes)?;
        let out = component::output_path(&module, &name);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_api_is_no_world() {
        assert!(!has_exports("package a:b@1.0.0; interface api {} world b { export api; }"));
        assert!(has_exports("package a:b@1.0.0; interface api { f: func(); } world b { export api; }"));
    }
}
