//! Which types are linear (`wasm::Linear`) and which contain a linear value.

use rustc_data_structures::fx::FxHashSet;
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_infer::infer::TyCtxtInferExt;
use rustc_middle::ty::fast_reject::SimplifiedType;
use rustc_middle::ty::{self, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_trait_selection::infer::InferCtxtExt;

use crate::utils::paths::wasm_traits;
use crate::utils::type_contains::{Marker, TypeContains};

/// Answers "is this type linear / does it own a linear value" for one body, with a cache.
pub struct LinearTypes<'tcx>(TypeContains<'tcx, LinearMarker<'tcx>>);

/// `wasm::Linear` as the marker of a [`TypeContains`] walk.
pub struct LinearMarker<'tcx> {
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    linear_traits: Vec<DefId>,
    /// ADTs with a `Linear` impl of their own: the fast path that skips trait solving.
    linear_adts: FxHashSet<DefId>,
    /// Some `impl<T..> Linear for T`: every type needs the trait solver.
    has_blanket_impl: bool,
}

impl<'tcx> LinearTypes<'tcx> {
    /// `None` when no `wasm` crate with a `Linear` trait is linked: nothing can be linear.
    pub fn new(tcx: TyCtxt<'tcx>, body: LocalDefId) -> Option<Self> {
        let linear_traits = wasm_traits(tcx, "Linear");
        if linear_traits.is_empty() {
            return None;
        }
        let typing_env = TypingEnv::non_body_analysis(tcx, tcx.typeck_root_def_id(body.to_def_id()));
        let mut linear_adts = FxHashSet::default();
        let mut has_blanket_impl = false;
        for &tr in &linear_traits {
            let impls = tcx.trait_impls_of(tr);
            has_blanket_impl |= !impls.blanket_impls().is_empty();
            linear_adts.extend(impls.non_blanket_impls().keys().filter_map(|simplified| {
                match simplified {
                    SimplifiedType::Adt(def_id) => Some(*def_id),
                    _ => None,
                }
            }));
        }
        let marker = LinearMarker { tcx, typing_env, linear_traits, linear_adts, has_blanket_impl };
        Some(LinearTypes(TypeContains::new(tcx, typing_env, marker, false)))
    }

    /// The typing environment the answers are computed in (the body's where-clauses).
    pub fn typing_env(&self) -> TypingEnv<'tcx> {
        self.0.typing_env()
    }

    /// A field's type for the given generic arguments, normalized where possible.
    pub fn field_ty(&self, field: &ty::FieldDef, args: ty::GenericArgsRef<'tcx>) -> Ty<'tcx> {
        self.0.field_ty(field, args)
    }

    /// Whether `ty` itself implements `wasm::Linear` (in this body's where-clauses, for params).
    pub fn is_linear(&self, ty: Ty<'tcx>) -> bool {
        self.0.marker().is_marked(ty)
    }

    /// Whether a value of `ty` owns a linear value (see [`TypeContains::contains`]); what a
    /// `ManuallyDrop` holds does not count.
    pub fn contains_linear(&self, ty: Ty<'tcx>) -> bool {
        self.0.contains(ty)
    }

    /// The linear types inside `ty` (itself if linear), outermost first, without duplicates.
    pub fn linear_components(&self, ty: Ty<'tcx>) -> Vec<Ty<'tcx>> {
        self.0.components(ty)
    }
}

impl<'tcx> Marker<'tcx> for LinearMarker<'tcx> {
    fn is_marked(&self, ty: Ty<'tcx>) -> bool {
        match ty.kind() {
            ty::Adt(adt, _) if !self.has_blanket_impl && !self.linear_adts.contains(&adt.did()) => {
                return false;
            }
            ty::Adt(..) | ty::Param(_) if !ty.has_escaping_bound_vars() => {}
            _ => return false,
        }
        let ty = self.tcx.erase_and_anonymize_regions(ty);
        let (infcx, param_env) = self.tcx.infer_ctxt().build_with_typing_env(self.typing_env);
        self.linear_traits.iter().any(|&tr| {
            infcx.type_implements_trait(tr, [ty], param_env).must_apply_modulo_regions()
        })
    }
}
