//! `cargo wasm-lint wit [-p PACKAGE] [cargo check options]`: prints the WIT package of each
//! selected package's library, derived from its Rust exports by the driver (`wit_world.rs`).
//!
//! The check runs for wasm32-unknown-unknown (the target the exports are built for) with
//! `WASM_LINT_WIT_DIR` set: the driver writes `<package>-<unit>.wit` there for the packages
//! cargo was asked for (`<unit>`: the hash cargo names the check with), and the lints judge
//! their exports as a component's (`invalid_component_abi`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use crate::cli::Check;
use crate::component::{self, LintCommand, TARGET};

pub fn run(check: &Check, lint_command: LintCommand) -> Result<ExitCode, String> {
    let derived = derive(check, lint_command)?;
    let mut texts = Vec::new();
    for package in &derived.packages {
        texts.push(derived.read_wit(package)?);
    }
    print!("{}", texts.join("\n"));
    Ok(ExitCode::SUCCESS)
}

/// The files the check wrote: `<dir>/<package>-<unit>.wit` and `.rs` (`wit_emit.rs`).
pub struct Derived {
    /// The folder (`WASM_LINT_WIT_DIR`).
    pub dir: PathBuf,
    /// The packages selected.
    pub packages: Vec<String>,
    /// Each package's `-<hash>` cargo named its library check with.
    units: HashMap<String, String>,
}

impl Derived {
    /// `<dir>/<package>-<unit>.<extension>`
    pub fn path(&self, package: &str, extension: &str) -> PathBuf {
        let unit = self.units.get(package).map_or("", String::as_str);
        crate::env_names::derived_file(&self.dir, package, unit, extension)
    }

    /// The WIT the driver wrote for `package`.
    pub fn read_wit(&self, package: &str) -> Result<String, String> {
        std::fs::read_to_string(self.path(package, "wit")).map_err(|_| {
            // A check cargo finds fresh does not run, so files deleted since are not written again.
            format!(
                "no WIT was written for `{package}`: it needs a library target (`[lib]`), and every export a WIT form; \
                 if {} was deleted since the last run, a change to the crate's source (e.g. `touch src/lib.rs`) derives it again",
                self.dir.display()
            )
        })
    }
}

/// Runs the check that writes the WIT; returns where. A failed check (a type with no WIT
/// form, a compile error) is an `Err` after cargo printed why.
pub fn derive(check: &Check, lint_command: LintCommand) -> Result<Derived, String> {
    let cargo_args = component::without_target(&check.cargo_args)?;
    let metadata = metadata(check.manifest_path.as_deref())?;
    let packages = selected_packages(&cargo_args, &metadata, check.manifest_path.as_deref())?;
    let target_dir = option_value(&cargo_args, "--target-dir")
        .map(PathBuf::from)
        .or_else(|| metadata["target_directory"].as_str().map(PathBuf::from))
        .ok_or("cargo metadata names no target directory")?;
    // Absolute: rustc runs in the workspace root, not here. Not `<target>/wasm-lint`, which
    // is the lint profile's own folder.
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let dir = cwd.join(target_dir).join("wasm-lint-wit");
    let mut cmd = lint_command(&Check { cargo_args: cargo_args.clone(), ..clone_check(check) }, "check")?;
    cmd.args(["--lib", "--target", TARGET, "--message-format=json-render-diagnostics"])
        .env(crate::env_names::WIT_DIR, &dir)
        .stdout(Stdio::piped());
    let output = cmd.spawn().and_then(|c| c.wait_with_output()).map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("no WIT: the crate does not check for wasm32-unknown-unknown, or an export has no WIT form (see the errors above)".into());
    }
    let units = check_units(&String::from_utf8_lossy(&output.stdout), &metadata);
    Ok(Derived { dir, packages, units })
}

/// Package name -> the `-<hash>` of its check (`lib<crate>-<hash>.rmeta`), which the driver
/// puts on the files it writes: the WIT of each configuration (profile, features, flags) is
/// kept apart, since a check cargo finds fresh does not run to write its own again.
fn check_units(messages: &str, metadata: &serde_json::Value) -> HashMap<String, String> {
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let mut units = HashMap::new();
    for line in messages.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if msg["reason"] != "compiler-artifact" {
            continue;
        }
        let Some(package) = packages.iter().find(|p| p["manifest_path"] == msg["manifest_path"]) else { continue };
        let rmeta = msg["filenames"].as_array().into_iter().flatten().filter_map(|f| f.as_str()).find(|f| f.ends_with(".rmeta"));
        let unit = rmeta.and_then(|f| Path::new(f).file_stem()?.to_str()?.rsplit_once('-').map(|(_, hash)| format!("-{hash}")));
        if let (Some(name), Some(unit)) = (package["name"].as_str(), unit) {
            units.insert(name.to_string(), unit);
        }
    }
    units
}

fn clone_check(check: &Check) -> Check {
    Check {
        cargo_args: check.cargo_args.clone(),
        lint_flags: check.lint_flags.clone(),
        profile: check.profile.clone(),
        manifest_path: check.manifest_path.clone(),
        host: check.host.clone(),
        effects: false,
        message_format: check.message_format.clone(),
        glue: false,
    }
}

fn metadata(manifest_path: Option<&str>) -> Result<serde_json::Value, String> {
    let mut cmd = crate::cargo();
    cmd.args(["metadata", "--no-deps", "--format-version", "1"]);
    if let Some(m) = manifest_path {
        cmd.args(["--manifest-path", m]);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or_default()));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("cannot read cargo metadata: {e}"))
}

/// `-p` / `--package` values, else the package of the manifest (or of the current directory),
/// else the workspace's default members.
fn selected_packages(args: &[String], metadata: &serde_json::Value, manifest_path: Option<&str>) -> Result<Vec<String>, String> {
    let mut named = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "-p" || arg == "--package" {
            named.extend(iter.next().cloned());
        } else if let Some(v) = arg.strip_prefix("--package=") {
            named.push(v.to_string());
        } else if let Some(v) = arg.strip_prefix("-p").filter(|v| !v.is_empty()) {
            named.push(v.to_string());
        }
    }
    if args.iter().any(|a| a == "--workspace" || a == "--all") {
        return Err("`cargo wasm-lint wit` prints one package's WIT: select packages with `-p`".into());
    }
    if !named.is_empty() {
        return Ok(named);
    }
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let manifest = match manifest_path {
        Some(m) => std::fs::canonicalize(m).ok(),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| cwd.ancestors().map(|d| d.join("Cargo.toml")).find(|m| m.is_file()))
            .and_then(|m| std::fs::canonicalize(m).ok()),
    };
    let by_manifest = packages.iter().find(|p| {
        p["manifest_path"].as_str().and_then(|m| std::fs::canonicalize(m).ok()) == manifest && manifest.is_some()
    });
    if let Some(p) = by_manifest {
        return Ok(vec![p["name"].as_str().unwrap_or_default().to_string()]);
    }
    let defaults: Vec<String> = metadata["workspace_default_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|id| packages.iter().find(|p| p["id"] == *id))
        .filter_map(|p| p["name"].as_str().map(String::from))
        .collect();
    match defaults.as_slice() {
        [one] => Ok(vec![one.clone()]),
        _ => Err("this is a workspace: select the package whose WIT to print with `-p NAME`".into()),
    }
}

/// The value of `--flag V` / `--flag=V`.
fn option_value(args: &[String], flag: &str) -> Option<String> {
    let mut iter = args.iter();
    while let Some(a) = iter.next() {
        if a == flag {
            return iter.next().cloned();
        }
        if let Some(v) = a.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
            return Some(v.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_package_gets_the_hash_of_its_library_check() {
        let metadata = serde_json::json!({"packages": [
            {"name": "my-app", "manifest_path": "/w/app/Cargo.toml"},
            {"name": "dep", "manifest_path": "/w/dep/Cargo.toml"},
        ]});
        let messages = r#"{"reason":"compiler-artifact","manifest_path":"/w/dep/Cargo.toml","filenames":["/t/deps/libdep-00ff.rmeta"]}
{"reason":"compiler-artifact","manifest_path":"/w/app/Cargo.toml","filenames":["/t/deps/libmy_app-1a2b3c.rmeta"]}
{"reason":"compiler-artifact","manifest_path":"/elsewhere/Cargo.toml","filenames":["/t/deps/libother-99.rmeta"]}
{"reason":"build-finished","success":true}"#;
        let units = check_units(messages, &metadata);
        assert_eq!(units.len(), 2);
        assert_eq!(units["my-app"], "-1a2b3c");
        let derived = Derived { dir: PathBuf::from("/t/wit"), packages: vec!["my-app".into()], units };
        assert_eq!(derived.path("my-app", "rs"), PathBuf::from("/t/wit/my-app-1a2b3c.rs"));
        assert_eq!(derived.path("unchecked", "wit"), PathBuf::from("/t/wit/unchecked.wit"));
    }
}
