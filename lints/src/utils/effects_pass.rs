//! The late pass that runs the effect analysis once per crate and the four effect lints on it,
//! and the side file every compiled crate leaves for its dependents.

use std::sync::Mutex;

use rustc_hir::def::DefKind;
use rustc_hir::def_id::LocalDefId;
use rustc_lint::{LateContext, LateLintPass};
use rustc_middle::ty::TyCtxt;
use rustc_session::config::CrateType;

use super::effects::{Profile, declared, has_export_mark};
use super::effects_extern::{crate_json, write};
use super::effects_infer::Analysis;
use crate::{effect_unavailable, undeclared_effect, unknown_effect, unused_effect};

rustc_session::declare_lint_pass!(
    /// Runs the effect analysis and the effect lints.
    EffectsPass => [
        undeclared_effect::UNDECLARED_EFFECT,
        unused_effect::UNUSED_EFFECT,
        effect_unavailable::EFFECT_UNAVAILABLE,
        unknown_effect::UNKNOWN_EFFECT,
    ]
);

/// The side file of the crate whose lints ran, kept for `write_side_file` after analysis.
static LINTED_SIDE_FILE: Mutex<Option<serde_json::Value>> = Mutex::new(None);

impl<'tcx> LateLintPass<'tcx> for EffectsPass {
    fn check_crate(&mut self, cx: &LateContext<'tcx>) {
        let tcx = cx.tcx;
        let analysis = Analysis::run(tcx);
        check(&analysis);
        let json = crate_json(&analysis, true, |def_id| is_export(tcx, def_id));
        // `cargo wasm-lint --effects` also wants the listing of crates that fail (no metadata).
        if let Some(dir) = std::env::var_os("WASM_LINT_EFFECTS_DIR") {
            let id = tcx.stable_crate_id(rustc_hir::def_id::LOCAL_CRATE).as_u64();
            let name = format!("{}-{id:016x}.json", tcx.crate_name(rustc_hir::def_id::LOCAL_CRATE));
            let _ = std::fs::write(std::path::Path::new(&dir).join(name), json.to_string());
        }
        *LINTED_SIDE_FILE.lock().unwrap_or_else(|e| e.into_inner()) = Some(json);
    }
}

fn check(analysis: &Analysis<'_>) {
    let tcx = analysis.tcx;
    let profile = Profile::of_session(tcx);
    for def_id in analysis.bodies() {
        if tcx.is_closure_like(def_id.to_def_id()) {
            continue; // checked as part of the function that makes them
        }
        let own = declared(tcx, def_id.to_def_id());
        if let Some(own) = own {
            undeclared_effect::check_declared(analysis, def_id, own);
            unused_effect::check(analysis, def_id, own);
        }
        if let Some(trait_fn) = tcx.trait_item_of(def_id)
            && let Some(trait_declared) = declared(tcx, trait_fn)
        {
            undeclared_effect::check_impl(analysis, def_id, own, trait_fn, trait_declared);
        }
        let export = is_export(tcx, def_id);
        if export && let Some(profile) = profile {
            effect_unavailable::check(analysis, def_id, own, profile);
        }
        if own.is_some() || export {
            unknown_effect::check(analysis, def_id);
        }
    }
}

/// A function the host can call: `#[no_mangle]` / `#[export_name]`, `#[wasm::export]`, or, in
/// a `cdylib`, a public function or inherent method reachable from outside.
pub fn is_export(tcx: TyCtxt<'_>, def_id: LocalDefId) -> bool {
    let kind = tcx.def_kind(def_id);
    if !matches!(kind, DefKind::Fn | DefKind::AssocFn) {
        return false;
    }
    if has_export_mark(tcx, def_id.to_def_id()) {
        return true;
    }
    if tcx.codegen_fn_attrs(def_id).contains_extern_indicator() {
        return !is_generated_export(tcx, def_id);
    }
    let in_trait = tcx.trait_of_assoc(def_id.to_def_id()).is_some() || tcx.trait_item_of(def_id).is_some();
    tcx.crate_types().contains(&CrateType::Cdylib)
        && !in_trait
        && tcx.effective_visibilities(()).is_exported(def_id)
}

/// `#[wasm::export]`'s raw wrapper (`__wasmrust_export`): the function it wraps carries the
/// export mark and is the root reported and listed.
pub fn is_generated_export(tcx: TyCtxt<'_>, def_id: LocalDefId) -> bool {
    tcx.def_kind(def_id) == DefKind::Fn && tcx.item_name(def_id.to_def_id()).as_str() == "__wasmrust_export"
}

/// Writes this crate's side file next to its metadata (see `effects_extern`). Runs after
/// analysis for every crate the driver compiles; a crate whose lints did not run (a capped
/// dependency) is analysed here.
pub fn write_side_file(tcx: TyCtxt<'_>) {
    let build_script = tcx.crate_name(rustc_hir::def_id::LOCAL_CRATE).as_str().starts_with("build_script_");
    if build_script || tcx.crate_types().iter().all(|t| matches!(t, CrateType::ProcMacro)) {
        return; // runs at compile time only
    }
    let linted = LINTED_SIDE_FILE.lock().unwrap_or_else(|e| e.into_inner()).take();
    let json = linted.unwrap_or_else(|| {
        let analysis = Analysis::run(tcx);
        crate_json(&analysis, false, |def_id| is_export(tcx, def_id))
    });
    write(tcx, &json);
}
