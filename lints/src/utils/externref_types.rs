//! Which types hold a host reference: `wasm::ExternRef<T>` and `wasm::FuncRef`, found by name in
//! the `wasm` crates, and every type that owns one (see [`TypeContains`]).

use rustc_data_structures::fx::FxHashSet;
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_middle::ty::{self, Ty, TyCtxt, TypingEnv};

use crate::utils::paths::wasm_root_items;
use crate::utils::type_contains::{Marker, TypeContains};

/// The host reference types of the linked `wasm` crates.
pub struct ExternRefMarker {
    adts: FxHashSet<DefId>,
}

impl<'tcx> Marker<'tcx> for ExternRefMarker {
    fn is_marked(&self, ty: Ty<'tcx>) -> bool {
        matches!(ty.kind(), ty::Adt(adt, _) if self.adts.contains(&adt.did()))
    }
}

impl ExternRefMarker {
    /// Whether `def_id` is `ExternRef` or `FuncRef` itself.
    pub fn is_reference_type(&self, def_id: DefId) -> bool {
        self.adts.contains(&def_id)
    }
}

/// "Does a value of this type own a host reference", for one body. What a `ManuallyDrop` or
/// `MaybeUninit` holds counts (the cells of `OnceLock` and `LazyLock` are made of them).
pub type ExternRefTypes<'tcx> = TypeContains<'tcx, ExternRefMarker>;

/// `None` when no `wasm` crate with `ExternRef` is linked: nothing can hold a host reference.
pub fn externref_types<'tcx>(tcx: TyCtxt<'tcx>, body: LocalDefId) -> Option<ExternRefTypes<'tcx>> {
    let adts: FxHashSet<DefId> = ["ExternRef", "FuncRef"]
        .into_iter()
        .flat_map(|name| wasm_root_items(tcx, name))
        .filter(|&def_id| matches!(tcx.def_kind(def_id), rustc_hir::def::DefKind::Struct))
        .collect();
    if adts.is_empty() {
        return None;
    }
    let typing_env = TypingEnv::non_body_analysis(tcx, tcx.typeck_root_def_id(body.to_def_id()));
    Some(TypeContains::new(tcx, typing_env, ExternRefMarker { adts }, true))
}
