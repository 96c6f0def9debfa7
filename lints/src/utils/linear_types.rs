//! Which types are linear (`wasm::Linear`) and which contain a linear value.

use std::cell::RefCell;

use rustc_data_structures::fx::{FxHashMap, FxHashSet};
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_infer::infer::TyCtxtInferExt;
use rustc_middle::ty::fast_reject::SimplifiedType;
use rustc_middle::ty::{self, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_trait_selection::infer::InferCtxtExt;

use super::paths::wasm_traits;

/// Deepest type nesting walked; deeper types are assumed to hold nothing (never an ICE or a hang).
const MAX_DEPTH: usize = 64;

/// Answers "is this type linear / does it own a linear value" for one body, with a cache.
pub struct LinearTypes<'tcx> {
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    linear_traits: Vec<DefId>,
    /// ADTs with a `Linear` impl of their own: the fast path that skips trait solving.
    linear_adts: FxHashSet<DefId>,
    /// Some `impl<T..> Linear for T`: every type needs the trait solver.
    has_blanket_impl: bool,
    cache: RefCell<FxHashMap<Ty<'tcx>, bool>>,
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
        Some(LinearTypes {
            tcx,
            typing_env,
            linear_traits,
            linear_adts,
            has_blanket_impl,
            cache: RefCell::default(),
        })
    }

    /// The typing environment the answers are computed in (the body's where-clauses).
    pub fn typing_env(&self) -> TypingEnv<'tcx> {
        self.typing_env
    }

    /// A field's type for the given generic arguments, normalized where possible.
    pub fn field_ty(&self, field: &ty::FieldDef, args: ty::GenericArgsRef<'tcx>) -> Ty<'tcx> {
        let unnormalized = field.ty(self.tcx, args);
        self.tcx
            .try_normalize_erasing_regions(self.typing_env, unnormalized)
            .unwrap_or_else(|_| unnormalized.skip_normalization())
    }

    /// Whether `ty` itself implements `wasm::Linear` (in this body's where-clauses, for params).
    pub fn is_linear(&self, ty: Ty<'tcx>) -> bool {
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

    /// Whether a value of `ty` owns a linear value: it is linear, or holds one by value (fields,
    /// variants, tuples, arrays, `Box`, closure captures, and `PhantomData<T>`, which by Rust's
    /// convention means "owns a `T`", so `Vec<T>` and `HashMap<K, V>` count). References, raw
    /// pointers, trait objects and opaque types hold nothing we can see.
    pub fn contains_linear(&self, ty: Ty<'tcx>) -> bool {
        if let Some(&known) = self.cache.borrow().get(&ty) {
            return known;
        }
        let mut stack = Vec::new();
        let (result, _) = self.walk(ty, &mut stack);
        self.cache.borrow_mut().insert(ty, result);
        result
    }

    /// The linear types inside `ty` (itself if linear), outermost first, without duplicates.
    pub fn linear_components(&self, ty: Ty<'tcx>) -> Vec<Ty<'tcx>> {
        let mut out = Vec::new();
        self.collect_components(ty, &mut out, 0);
        out
    }

    fn collect_components(&self, ty: Ty<'tcx>, out: &mut Vec<Ty<'tcx>>, depth: usize) {
        if depth > MAX_DEPTH || !self.contains_linear(ty) {
            return;
        }
        if self.is_linear(ty) {
            if !out.contains(&ty) {
                out.push(ty);
            }
            return;
        }
        for part in self.parts(ty) {
            self.collect_components(part, out, depth + 1);
        }
    }

    /// Returns (contains, hit_cycle). Results that depended on a type still being walked (a
    /// recursive type) are not cached as `false`, since the cycle's answer was provisional.
    fn walk(&self, ty: Ty<'tcx>, stack: &mut Vec<Ty<'tcx>>) -> (bool, bool) {
        if let Some(&known) = self.cache.borrow().get(&ty) {
            return (known, false);
        }
        if stack.contains(&ty) || stack.len() > MAX_DEPTH {
            return (false, true);
        }
        if self.is_linear(ty) {
            self.cache.borrow_mut().insert(ty, true);
            return (true, false);
        }
        stack.push(ty);
        let mut hit_cycle = false;
        let mut found = false;
        for part in self.parts(ty) {
            let (c, cyc) = self.walk(part, stack);
            hit_cycle |= cyc;
            if c {
                found = true;
                break;
            }
        }
        stack.pop();
        if found || !hit_cycle {
            self.cache.borrow_mut().insert(ty, found);
        }
        (found, hit_cycle && !found)
    }

    /// The types a value of `ty` owns directly.
    fn parts(&self, ty: Ty<'tcx>) -> Vec<Ty<'tcx>> {
        let tcx = self.tcx;
        match *ty.kind() {
            ty::Adt(adt, args) if adt.is_phantom_data() || adt.is_box() => {
                args.types().take(1).collect()
            }
            // `ManuallyDrop<T>` is the explicit opt-out: what is in it was forgotten on purpose
            // (and `linear_forgotten` said so where it was made).
            ty::Adt(adt, _) if adt.is_manually_drop() => Vec::new(),
            ty::Adt(adt, args) => adt.all_fields().map(|f| self.field_ty(f, args)).collect(),
            ty::Tuple(tys) => tys.to_vec(),
            ty::Array(elem, _) | ty::Slice(elem) => vec![elem],
            ty::Closure(_, args) => args.as_closure().upvar_tys().to_vec(),
            ty::CoroutineClosure(_, args) => args.as_coroutine_closure().upvar_tys().to_vec(),
            ty::Coroutine(_, args) => args.as_coroutine().upvar_tys().to_vec(),
            ty::Alias(..) => match tcx.try_normalize_erasing_regions(self.typing_env, ty::Unnormalized::new_wip(ty)) {
                Ok(normalized) if normalized != ty && !matches!(normalized.kind(), ty::Alias(..)) => {
                    vec![normalized]
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}
