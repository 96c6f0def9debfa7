//! The effect analysis: what each function may do (`js_call`, `io`, atomics...), inferred from
//! MIR call graphs, declarations and known sources, carried across crates in side files. The
//! effect lints read it; nothing here imports a lint.

pub mod cache;
pub mod call_graph;
pub mod codec;
pub mod exports;
pub mod infer;
pub mod report;
pub mod side_files;
pub mod sources;
pub mod vocabulary;

/// Set by `cargo wasm-lint --effects`: each crate's effect listing is also written here.
pub const EFFECTS_DIR_ENV: &str = "WASM_LINT_EFFECTS_DIR";
