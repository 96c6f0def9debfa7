//! Writes a package's WIT (and the glue `cargo wasm-lint component` injects) into the folder
//! `WASM_LINT_WIT_DIR` names, for `cargo-wasm-lint` to read: `<package>.wit`, `<package>.rs`.

use std::path::PathBuf;

use rustc_middle::ty::TyCtxt;
use rustc_session::config::CrateType;

use crate::{wit_glue, wit_world};

/// The package's files in `dir`.
pub fn paths(dir: &str, package: &str) -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(dir);
    (dir.join(format!("{package}.wit")), dir.join(format!("{package}.rs")))
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
    let (wit_path, glue_path) = paths(&dir, &package);
    // A stale file would outlive a failed run; the lint has reported why there is no WIT.
    let _ = std::fs::remove_file(&wit_path);
    let _ = std::fs::remove_file(&glue_path);
    let collected = wasm_lints::wit::collect(tcx);
    if !collected.errors.is_empty() {
        return;
    }
    let result = wit_world::resolve(&collected.wit, &package, &version).and_then(|(resolve, pkg)| {
        let text = wit_world::print(&resolve, pkg)?;
        let glue = wit_glue::generate(&collected.wit, &resolve, pkg, &wit_path)?;
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {dir}: {e}"))?;
        std::fs::write(&wit_path, text).map_err(|e| format!("cannot write {}: {e}", wit_path.display()))?;
        std::fs::write(&glue_path, glue).map_err(|e| format!("cannot write {}: {e}", glue_path.display()))
    });
    if let Err(message) = result {
        tcx.dcx().err(format!("cannot derive the WIT of `{package}`: {message}"));
    }
}
