//! Writes a package's WIT (and the glue `cargo wasm-lint component` injects) into the folder
//! `WASM_LINT_WIT_DIR` names, for `cargo-wasm-lint` to read: `<package><unit>.wit` and `.rs`,
//! `<unit>` being the `-C extra-filename` cargo gives this check (`-<hash>`, `wit_cmd.rs`).
//! Cargo does not run a check it finds fresh, so files shared by two configurations of the
//! crate (profiles, features, flags) would hold the world of whichever ran last, and its glue
//! would be compiled into the other's component.

use std::path::{Path, PathBuf};

use rustc_middle::ty::TyCtxt;
use rustc_session::config::CrateType;

use crate::env_names::derived_file;
use crate::{wit_glue, wit_world};

/// The package's files in `dir`.
pub fn paths(dir: &str, package: &str, unit: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(dir);
    (derived_file(dir, package, unit, "wit"), derived_file(dir, package, unit, "rs"))
}

pub fn write(tcx: TyCtxt<'_>) {
    // The package's library: its binaries, tests and examples have no world of their own.
    if !tcx.crate_types().iter().any(|t| matches!(t, CrateType::Cdylib | CrateType::Rlib | CrateType::Dylib)) {
        return;
    }
    let (Ok(dir), Ok(package), Ok(version)) = (
        std::env::var(crate::env_names::WIT_DIR),
        std::env::var("CARGO_PKG_NAME"),
        std::env::var("CARGO_PKG_VERSION"),
    ) else {
        return;
    };
    let (wit_path, glue_path) = paths(&dir, &package, &tcx.sess.opts.cg.extra_filename);
    // The lint collected it already in this compilation.
    let collected = wasm_lints::wit::collected(tcx);
    let result = if collected.errors.is_empty() {
        let shared = wit_world::import_types(&collected.wit);
        wit_world::resolve(&collected.wit, &shared, &package, &version).and_then(|(resolve, pkg)| {
            let text = wit_world::print(&resolve, pkg)?;
            let glue = wit_glue::generate(&collected.wit, &shared, &resolve, pkg, &wit_path)?;
            std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
            write_if_changed(&wit_path, &text)?;
            write_if_changed(&glue_path, &glue)
        })
    } else {
        Ok(()) // the lint reports why there is no WIT
    };
    if result.is_err() || !collected.errors.is_empty() {
        // A stale file would outlive a failed run.
        let _ = std::fs::remove_file(&wit_path);
        let _ = std::fs::remove_file(&glue_path);
    }
    if let Err(message) = result {
        tcx.dcx().err(format!("cannot derive the WIT of `{package}`: {message}"));
    }
}

/// Writes `text` unless the file holds it already: the glue is a source file of the crate's
/// component build, which cargo compiles again when its mtime moves. This check runs again
/// whenever cargo finds the crate changed (`touch`, a plain `cargo wasm-lint` between two
/// component builds), mostly to derive the same world.
fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
