//! The lints of `cargo wasm-lint`, one file per lint, with the analyses they share in
//! their own modules (`effects`, `linear`, `layout`, `utils`), which never import a lint.
//!
//! Two kinds of passes exist. Lints that need ownership facts (where a value is moved, dropped,
//! overwritten) run on the MIR that the borrow checker sees, through a hook on the `mir_borrowck`
//! query (`passes::borrowck`); everything else is an ordinary late lint pass.
#![feature(rustc_private)]
#![warn(unused_extern_crates)]

// Links rustc as the dylib it ships as (needed to link this crate's own test binary).
#[allow(unused_extern_crates)]
extern crate rustc_driver;

extern crate rustc_abi;
extern crate rustc_ast;
extern crate rustc_data_structures;
extern crate rustc_errors;
extern crate rustc_hir;
extern crate rustc_index;
extern crate rustc_infer;
extern crate rustc_lint;
extern crate rustc_middle;
extern crate rustc_mir_dataflow;
extern crate rustc_serialize;
extern crate rustc_session;
extern crate rustc_span;
extern crate rustc_trait_selection;

pub mod effects;
pub mod layout;
pub mod linear;
mod passes;
pub mod utils;
pub mod wit;

mod effect_unavailable;
mod externref_escape;
mod invalid_component_abi;
mod linear_forgotten;
mod linear_not_consumed;
mod non_pod_shared;
mod undeclared_effect;
mod unknown_effect;
mod unused_effect;

use rustc_lint::LintStore;
use rustc_middle::util::Providers;
use rustc_lint::Lint;
use rustc_session::Session;

/// Every lint of the tool, for registration and for `cargo wasm-lint --list`.
pub static LINTS: &[&Lint] = &[
    linear_not_consumed::LINEAR_NOT_CONSUMED,
    linear_forgotten::LINEAR_FORGOTTEN,
    non_pod_shared::NON_POD_SHARED,
    externref_escape::EXTERNREF_ESCAPE,
    undeclared_effect::UNDECLARED_EFFECT,
    unused_effect::UNUSED_EFFECT,
    effect_unavailable::EFFECT_UNAVAILABLE,
    unknown_effect::UNKNOWN_EFFECT,
    invalid_component_abi::INVALID_COMPONENT_ABI,
];

/// Registers the lints (always, so `allow(wasm_lint::..)` resolves) and, when `run` is set, the
/// late passes.
pub fn register_lints(_sess: &Session, store: &mut LintStore, run: bool) {
    store.register_lints(LINTS);
    // MIR lints run from `override_queries`; late passes here.
    if run {
        store.register_late_pass(|_| Box::new(non_pod_shared::NonPodShared));
        store.register_late_pass(|_| Box::new(passes::effects::EffectsPass));
        store.register_late_pass(|_| Box::new(invalid_component_abi::InvalidComponentAbi));
    }
}

/// Leaves the crate's effect summary next to its metadata for the crates that depend on it
/// (and for `cargo wasm-lint --effects`). Call after analysis for every crate compiled.
pub fn write_effects_side_file(tcx: rustc_middle::ty::TyCtxt<'_>) {
    passes::effects::write_side_file(tcx);
}

/// Installs the query hooks the MIR lints run from. Call only for crates whose lints run.
pub fn override_queries(sess: &Session, providers: &mut Providers) {
    passes::borrowck::install(sess, providers);
    effects::cache::install(sess, providers);
}
