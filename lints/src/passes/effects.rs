//! The late pass that runs the effect analysis once per crate and the four effect lints on it,
//! and the side file every compiled crate leaves for its dependents.

use std::sync::Mutex;

use rustc_lint::{LateContext, LateLintPass};
use rustc_middle::ty::TyCtxt;
use rustc_session::config::CrateType;

use crate::effects::exports::Exports;
use crate::effects::vocabulary::{Profile, declared};
use crate::effects::cache;
use crate::effects::side_files::{crate_json, write};
use crate::effects::infer::Analysis;
use crate::effects::report::{Report, may_emit};
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
        let (mut analysis, mut cache) = cache::analysis(tcx);
        let mut reports = check(&analysis);
        if analysis.is_stale() {
            // Edges reused from the previous session did not match a body's MIR: trust none.
            if let Some(cache) = cache.take() {
                cache.discard();
            }
            analysis = Analysis::run(tcx);
            reports = check(&analysis);
        }
        let exports = Exports::of(&analysis);
        let json = crate_json(&analysis, true, |def_id| exports.contains(tcx, def_id));
        if tcx.sess.opts.unstable_opts.ui_testing {
            let direct = Analysis::run(tcx);
            let direct_exports = Exports::of(&direct);
            if check(&direct) != reports
                || crate_json(&direct, true, |def_id| direct_exports.contains(tcx, def_id)) != json
            {
                tcx.dcx().err("wasm-lint: the effect analysis read back from its cache differs from the analysis of the MIR");
            }
        }
        for report in reports {
            report.emit(tcx);
        }
        if let Some(cache) = cache {
            cache.save(tcx);
        }
        // `cargo wasm-lint --effects` also wants the listing of crates that fail (no metadata).
        if let Some(dir) = std::env::var_os(crate::effects::EFFECTS_DIR_ENV) {
            let id = tcx.stable_crate_id(rustc_hir::def_id::LOCAL_CRATE).as_u64();
            let name = format!("{}-{id:016x}.json", tcx.crate_name(rustc_hir::def_id::LOCAL_CRATE));
            let _ = std::fs::write(std::path::Path::new(&dir).join(name), json.to_string());
        }
        *LINTED_SIDE_FILE.lock().unwrap_or_else(|e| e.into_inner()) = Some(json);
    }
}

/// The diagnostics of the effect lints, in the order they are emitted. Lints that cannot fire
/// in a function are not computed there.
fn check(analysis: &Analysis<'_>) -> Vec<Report> {
    let tcx = analysis.tcx;
    let profile = Profile::of_session(tcx);
    let exports = Exports::of(analysis);
    let mut out = Vec::new();
    for def_id in analysis.bodies() {
        if tcx.is_closure_like(def_id.to_def_id()) {
            continue; // checked as part of the function that makes them
        }
        let own = declared(tcx, def_id.to_def_id());
        let undeclared = || may_emit(tcx, undeclared_effect::UNDECLARED_EFFECT, def_id);
        if let Some(own) = own {
            if undeclared() {
                undeclared_effect::check_declared(analysis, def_id, own, &mut out);
            }
            if may_emit(tcx, unused_effect::UNUSED_EFFECT, def_id) {
                unused_effect::check(analysis, def_id, own, &mut out);
            }
        }
        if let Some(trait_fn) = tcx.trait_item_of(def_id)
            && let Some(trait_declared) = declared(tcx, trait_fn)
            && undeclared()
        {
            undeclared_effect::check_impl(analysis, def_id, own, trait_fn, trait_declared, &mut out);
        }
        let export = exports.contains(tcx, def_id);
        if export
            && let Some(profile) = profile
            && may_emit(tcx, effect_unavailable::EFFECT_UNAVAILABLE, def_id)
        {
            effect_unavailable::check(analysis, def_id, own, profile, &mut out);
        }
        if (own.is_some() || export) && may_emit(tcx, unknown_effect::UNKNOWN_EFFECT, def_id) {
            unknown_effect::check(analysis, def_id, &mut out);
        }
    }
    out
}

/// Writes this crate's side file next to its metadata (see `effects::side_files`). Runs after
/// analysis for every crate the driver compiles; a crate whose lints did not run (a capped
/// dependency) is analysed here.
pub fn write_side_file(tcx: TyCtxt<'_>) {
    let build_script = tcx.crate_name(rustc_hir::def_id::LOCAL_CRATE).as_str().starts_with("build_script_");
    if build_script || tcx.crate_types().iter().all(|t| matches!(t, CrateType::ProcMacro)) {
        return; // runs at compile time only
    }
    let linted = LINTED_SIDE_FILE.lock().unwrap_or_else(|e| e.into_inner()).take();
    if linted.is_none() {
        cache::forget(tcx);
    }
    let json = linted.unwrap_or_else(|| {
        let analysis = Analysis::run(tcx);
        let exports = Exports::of(&analysis);
        crate_json(&analysis, false, |def_id| exports.contains(tcx, def_id))
    });
    write(tcx, &json);
}
