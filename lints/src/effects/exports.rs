//! Which functions are exports: what the host can call, and so what host profiles judge.

use rustc_hir::def::DefKind;
use rustc_hir::def_id::LocalDefId;
use rustc_middle::ty::TyCtxt;
use rustc_session::config::CrateType;

use super::vocabulary::has_export_mark;

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
