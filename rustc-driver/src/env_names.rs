//! The environment variables `cargo-wasm-lint` (main.rs) sets for `wasm-lint-driver`
//! (driver.rs) and the lints, and the names of the files the driver writes for it: one list
//! both binaries include, so the names cannot drift.
//! The lints crate reads `WIT_DIR` and `EFFECTS_DIR` under its own constants; the driver checks
//! at compile time that they are these.

/// Lint flags (`-D wasm_lint::x ...`) forwarded by `cargo wasm-lint -- <flags>`, one per line.
pub const FLAGS: &str = "WASM_LINT_FLAGS";
/// Host profile chosen with `cargo wasm-lint --host NAME`: every crate gets `--cfg wasm_host="NAME"`.
pub const HOST: &str = "WASM_LINT_HOST";
/// `cargo wasm-lint wit` / `component`: the folder the driver writes `<package>.wit` into.
pub const WIT_DIR: &str = "WASM_LINT_WIT_DIR";
/// `cargo wasm-lint --effects`: the folder the driver drops each crate's effect listing into.
pub const EFFECTS_DIR: &str = "WASM_LINT_EFFECTS_DIR";
/// Set (to `1`) for every crate of a `cargo wasm-lint component` build: the JS entry points are
/// not exported (`component_exports.rs`).
pub const COMPONENT: &str = "WASM_LINT_COMPONENT";
/// A component build from Rust exports: the glue file the driver injects into the primary
/// package's library as `mod __wasmrust_component`.
pub const COMPONENT_GLUE: &str = "WASM_LINT_COMPONENT_GLUE";

/// The file the driver writes into `WIT_DIR` for `package`'s library check: `<package><unit>.<extension>`,
/// `<unit>` being the check's `-C extra-filename` (`-<hash>`), so two configurations of the crate
/// never share one (`wit_emit.rs`, `wit_cmd.rs`).
pub fn derived_file(dir: &std::path::Path, package: &str, unit: &str, extension: &str) -> std::path::PathBuf {
    dir.join(format!("{package}{unit}.{extension}"))
}
