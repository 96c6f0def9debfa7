//! Places that outlive every call: `static`s and thread-locals whose type can hold an X
//! ("holders"), and the locals of a body that point into one.
//!
//! A local points into a holder when it is a pointer to the static (`const {alloc: &S}`, the
//! promoted `&KEY` of a `thread_local!`), a borrow or copy of such a local (`&(*_8).0`), or the
//! result of a call given one that returns a borrow (`RefCell::borrow_mut`, `Mutex::lock`,
//! `unwrap` of that, `DerefMut::deref_mut`): guards and references into the static.

use rustc_data_structures::fx::FxHashMap;
use rustc_hir::def::DefKind;
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_middle::mir::interpret::{GlobalAlloc, Scalar};
use rustc_middle::mir::{self, Body, Const, Local, Operand, Rvalue, TerminatorKind};
use rustc_middle::ty::{self, Ty, TyCtxt};

use crate::utils::paths::is_std_item;
use crate::utils::type_contains::{Marker, TypeContains};
use crate::utils::value_origin::hides_contents;

/// Rounds of propagation at most (each round follows one more step of every chain).
const MAX_ROUNDS: usize = 16;

/// A place that outlives every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// A `static` or `static mut` (or `#[thread_local] static`) item.
    Static(DefId),
    /// The `const` key `thread_local!` declares, when it could be named.
    ThreadLocal(Option<DefId>),
}

impl Holder {
    pub fn def_id(self) -> Option<DefId> {
        match self {
            Holder::Static(def_id) => Some(def_id),
            Holder::ThreadLocal(def_id) => def_id,
        }
    }
}

/// Finds holders and what points into them, for one body.
pub struct Holders<'a, 'tcx, M> {
    tcx: TyCtxt<'tcx>,
    body: &'a Body<'tcx>,
    types: &'a TypeContains<'tcx, M>,
}

impl<'a, 'tcx, M: Marker<'tcx>> Holders<'a, 'tcx, M> {
    pub fn new(tcx: TyCtxt<'tcx>, body: &'a Body<'tcx>, types: &'a TypeContains<'tcx, M>) -> Self {
        Holders { tcx, body, types }
    }

    /// Whether a value of `ty` can hold an X, or hides what it holds behind a trait object
    /// (`Vec<Box<dyn Fn()>>`); a `LocalKey<T>` holds what `T` holds.
    pub fn holds(&self, ty: Ty<'tcx>) -> bool {
        let ty = local_key_value(self.tcx, ty).unwrap_or(ty);
        self.types.contains(ty) || hides_contents(ty)
    }

    /// Whether a pointer of type `ty` into a holder lets a callee put a value in: `&mut T` and
    /// `*mut T`, or `&T` to interior mutability (`RefCell`, `Mutex`, `OnceLock`, `LocalKey`),
    /// where `T` can hold an X; or a guard or view given by value (`RefMut<'_, T>`,
    /// `hash_map::Entry<'_, K, V>`).
    pub fn receives(&self, ty: Ty<'tcx>) -> bool {
        let (pointee, mutable) = match *ty.kind() {
            ty::Ref(_, pointee, m) | ty::RawPtr(pointee, m) => (pointee, m.is_mut()),
            // By value, a borrowing type derived from a holder is a view into it.
            _ => return borrows(ty),
        };
        self.holds(pointee)
            && (mutable
                || local_key_value(self.tcx, pointee).is_some()
                || !pointee.is_freeze(self.tcx, self.types.typing_env()))
    }

    /// The holder a constant operand points to: a static's address or a thread-local's key.
    pub fn holder_of_constant(&self, op: &Operand<'tcx>) -> Option<Holder> {
        let Operand::Constant(constant) = op else { return None };
        let tcx = self.tcx;
        let ty = constant.ty();
        if let Some(Scalar::Ptr(ptr, _)) = constant.const_.try_to_scalar()
            && let Some(GlobalAlloc::Static(def_id)) = tcx.try_get_global_alloc(ptr.provenance.alloc_id())
        {
            let static_ty = tcx.type_of(def_id).instantiate_identity().skip_normalization();
            return self.holds(static_ty).then_some(Holder::Static(def_id));
        }
        let key = match *ty.kind() {
            ty::Ref(_, pointee, _) => pointee,
            _ => ty,
        };
        if local_key_value(tcx, key).is_some() && self.holds(key) {
            return Some(Holder::ThreadLocal(self.key_item(&constant.const_)));
        }
        None
    }

    /// The `const` item behind a thread-local key: named directly, or inside the promoted
    /// constant `&KEY` is turned into.
    fn key_item(&self, constant: &Const<'tcx>) -> Option<DefId> {
        let Const::Unevaluated(uv, _) = constant else { return None };
        let Some(promoted) = uv.promoted else {
            return (self.tcx.def_kind(uv.def) == DefKind::Const { is_type_const: false }).then_some(uv.def);
        };
        let (_, promoted_bodies) = self.tcx.mir_promoted(uv.def.as_local()?);
        if promoted_bodies.is_stolen() {
            return None;
        }
        let bodies = promoted_bodies.borrow();
        let body = bodies.get(promoted)?;
        body.basic_blocks.iter().flat_map(|b| &b.statements).find_map(|stmt| {
            let (_, Rvalue::Use(Operand::Constant(inner), _)) = stmt.kind.as_assign()? else { return None };
            match inner.const_ {
                Const::Unevaluated(inner_uv, _) if inner_uv.promoted.is_none() => Some(inner_uv.def),
                _ => None,
            }
        })
    }

    /// The locals pointing into a holder, starting from `seeds` (and from pointers to statics
    /// and thread-local keys in the body when `with_constants`).
    pub fn roots(&self, seeds: &[(Local, Holder)], with_constants: bool) -> FxHashMap<Local, Holder> {
        let tcx = self.tcx;
        let body = self.body;
        let mut roots: FxHashMap<Local, Holder> = seeds.iter().copied().collect();
        let op_root = |roots: &FxHashMap<Local, Holder>, op: &Operand<'tcx>| match op {
            Operand::Copy(place) | Operand::Move(place) => roots.get(&place.local).copied(),
            Operand::Constant(_) if with_constants => self.holder_of_constant(op),
            _ => None,
        };
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for block in body.basic_blocks.iter() {
                for stmt in &block.statements {
                    let Some((lhs, rvalue)) = stmt.kind.as_assign() else { continue };
                    let Some(local) = lhs.as_local() else { continue };
                    if roots.contains_key(&local) {
                        continue;
                    }
                    let holder = match rvalue {
                        Rvalue::Use(op, _) | Rvalue::Cast(_, op, _) => op_root(&roots, op),
                        Rvalue::Ref(_, _, place) | Rvalue::RawPtr(_, place) | Rvalue::CopyForDeref(place) => {
                            roots.get(&place.local).copied()
                        }
                        Rvalue::ThreadLocalRef(def_id) if with_constants => {
                            let ty = tcx.type_of(*def_id).instantiate_identity().skip_normalization();
                            self.holds(ty).then_some(Holder::ThreadLocal(Some(*def_id)))
                        }
                        _ => None,
                    };
                    if let Some(holder) = holder {
                        roots.insert(local, holder);
                        changed = true;
                    }
                }
                let TerminatorKind::Call { args, destination, .. } = &block.terminator().kind else { continue };
                let Some(local) = destination.as_local() else { continue };
                if roots.contains_key(&local) || !borrows(destination.ty(body, tcx).ty) {
                    continue;
                }
                if let Some(holder) = args.iter().find_map(|arg| op_root(&roots, &arg.node)) {
                    roots.insert(local, holder);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        roots
    }
}

/// For a body whose result becomes a holder's value — a `thread_local!` initialiser, or a
/// closure directly in a `static`'s initialiser (`LazyLock::new(|| ..)`) — that holder.
pub fn initialised_holder<'tcx, M: Marker<'tcx>>(
    tcx: TyCtxt<'tcx>,
    def_id: LocalDefId,
    types: &TypeContains<'tcx, M>,
) -> Option<Holder> {
    let parent = tcx.opt_parent(def_id.to_def_id())?;
    let parent_ty = || tcx.type_of(parent).instantiate_identity().skip_normalization();
    let may_hold = |ty: Ty<'tcx>| types.contains(ty) || hides_contents(ty);
    match (tcx.def_kind(def_id), tcx.def_kind(parent)) {
        (DefKind::Closure, DefKind::Static { .. }) if may_hold(parent_ty()) => Some(Holder::Static(parent)),
        (DefKind::Fn, DefKind::Const { .. }) => {
            let value = local_key_value(tcx, parent_ty())?;
            may_hold(value).then_some(Holder::ThreadLocal(Some(parent)))
        }
        _ => None,
    }
}

/// `T` for `std::thread::LocalKey<T>`.
fn local_key_value<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>) -> Option<Ty<'tcx>> {
    match ty.kind() {
        ty::Adt(adt, args) if is_std_item(tcx, adt.did(), &["LocalKey"]) => args.types().next(),
        _ => None,
    }
}

/// Whether a value of `ty` can point into something else: references, raw pointers, and types
/// with lifetimes (guards such as `RefMut<'_, T>`, `Result<MutexGuard<'_, T>, _>`).
fn borrows(ty: Ty<'_>) -> bool {
    ty.walk().any(|arg| {
        arg.as_region().is_some() || arg.as_type().is_some_and(|t| matches!(t.kind(), ty::RawPtr(..)))
    })
}

/// Whether the place's projections write through a pointer (`(*_4) = ..`, `(*_4).0 = ..`).
pub fn writes_through_pointer(place: mir::Place<'_>) -> bool {
    place.projection.iter().any(|elem| matches!(elem, mir::ProjectionElem::Deref))
}
