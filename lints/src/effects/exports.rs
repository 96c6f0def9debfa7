//! Which functions are exports: what the module really exports, so what host profiles judge
//! and `--effects` marks. `#[wasm::export]` functions, `#[no_mangle]` / `#[export_name]` items
//! and `#[wasm_bindgen]` functions; not every `pub fn` of a cdylib (rustc exports only the
//! former), not an import wrapper, and not the raw wrappers the macros generate: each export is
//! the user's function, once.

use rustc_data_structures::fx::FxHashSet;
use rustc_hir::def::DefKind;
use rustc_hir::def_id::LocalDefId;
use rustc_middle::ty::TyCtxt;

use super::infer::Analysis;
use super::sources::is_generated_bindgen_item;
use super::vocabulary::has_export_mark;

/// The exports of the crate being compiled.
pub struct Exports {
    /// User functions `#[wasm_bindgen]` exports through a generated wrapper.
    bindgen: FxHashSet<LocalDefId>,
}

impl Exports {
    pub fn of(analysis: &Analysis<'_>) -> Exports {
        let tcx = analysis.tcx;
        let bindgen = analysis
            .bodies()
            .filter(|&def_id| tcx.def_kind(def_id) == DefKind::Fn && is_bindgen_wrapper(tcx, def_id))
            .flat_map(|wrapper| analysis.local_callees(wrapper))
            .filter(|&callee| !is_generated(tcx, callee))
            .collect();
        Exports { bindgen }
    }

    /// Whether `def_id` is an export.
    pub fn contains(&self, tcx: TyCtxt<'_>, def_id: LocalDefId) -> bool {
        if !matches!(tcx.def_kind(def_id), DefKind::Fn | DefKind::AssocFn) {
            return false;
        }
        if has_export_mark(tcx, def_id.to_def_id()) || self.bindgen.contains(&def_id) {
            return true;
        }
        tcx.codegen_fn_attrs(def_id).contains_extern_indicator() && !is_generated(tcx, def_id)
    }
}

/// `#[wasm_bindgen]`'s raw export wrapper (exported by name on wasm32; there on every target,
/// so both agree on what is exported).
fn is_bindgen_wrapper(tcx: TyCtxt<'_>, def_id: LocalDefId) -> bool {
    tcx.item_name(def_id.to_def_id()).as_str().starts_with("__wasm_bindgen_generated_")
}

/// A raw wrapper or descriptor the macros generate beside the user's function: `#[wasm::export]`'s
/// `__wasmrust_export`, `#[wasm_bindgen]`'s `__wasm_bindgen_generated_*` and
/// `__wbindgen_describe_*`. Listed under the function they wrap, never judged themselves.
pub fn is_generated(tcx: TyCtxt<'_>, def_id: LocalDefId) -> bool {
    if !matches!(tcx.def_kind(def_id), DefKind::Fn | DefKind::AssocFn) {
        return false;
    }
    let name = tcx.item_name(def_id.to_def_id());
    name.as_str() == "__wasmrust_export" || is_generated_bindgen_item(name.as_str())
}
