//! Small MIR helpers shared by the lints: names, lint roots, callees, `&mut` origins.

use rustc_data_structures::fx::FxHashMap;
use rustc_hir::HirId;
use rustc_hir::def_id::DefId;
use rustc_middle::mir::{
    Body, BorrowKind, Local, Operand, Place, Rvalue, SourceScope, TerminatorKind,
    VarDebugInfoContents,
};
use rustc_middle::ty::{self, GenericArgsRef, Instance, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_span::Symbol;

/// User-visible names of locals that are user variables.
pub fn local_names(body: &Body<'_>) -> FxHashMap<Local, Symbol> {
    body.var_debug_info
        .iter()
        .filter_map(|info| match info.value {
            VarDebugInfoContents::Place(place) => place.as_local().map(|l| (l, info.name)),
            _ => None,
        })
        .collect()
}

/// The `HirId` whose lint levels apply at `scope`, so `#[allow]` on a `let` or a fn is honoured.
pub fn lint_root(tcx: TyCtxt<'_>, body: &Body<'_>, scope: SourceScope) -> HirId {
    scope.lint_root(&body.source_scopes).unwrap_or_else(|| {
        tcx.local_def_id_to_hir_id(body.source.def_id().expect_local())
    })
}

/// A statically known callee, resolved to its impl when the types allow it.
#[derive(Clone, Copy, Debug)]
pub struct Callee<'tcx> {
    /// The function named at the call site (a trait method for trait calls).
    pub def_id: DefId,
    pub args: GenericArgsRef<'tcx>,
    /// The resolved instance, `None` for calls through a generic parameter.
    pub instance: Option<Instance<'tcx>>,
}

impl<'tcx> Callee<'tcx> {
    /// The function whose declared signature applies: the resolved item, else the named one.
    pub fn declared_def_id(&self) -> DefId {
        match self.instance.map(|i| i.def) {
            Some(ty::InstanceKind::Item(def_id)) => def_id,
            _ => self.def_id,
        }
    }
}

/// The callee of a call's `func` operand; `None` for calls through function pointers.
pub fn callee<'tcx>(
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    func: &Operand<'tcx>,
) -> Option<Callee<'tcx>> {
    let (def_id, args) = func.const_fn_def()?;
    let erased = tcx.erase_and_anonymize_regions(args);
    let instance = if erased.has_non_region_infer() || erased.has_escaping_bound_vars() {
        None
    } else {
        Instance::try_resolve(tcx, typing_env, def_id, erased).ok().flatten()
    };
    Some(Callee { def_id, args, instance })
}

/// For locals holding a `&mut` borrow, the place they borrow, following reborrows of other such
/// locals (`_3 = &mut _1; _4 = &mut (*_3)` gives `_4 -> _1`). Only locals assigned once count.
pub fn mut_ref_origins<'tcx>(body: &Body<'tcx>) -> FxHashMap<Local, Place<'tcx>> {
    let mut assigned: FxHashMap<Local, (usize, Option<Place<'tcx>>)> = FxHashMap::default();
    for block in body.basic_blocks.iter() {
        for stmt in &block.statements {
            let Some((lhs, rvalue)) = stmt.kind.as_assign() else { continue };
            let Some(local) = lhs.as_local() else { continue };
            let entry = assigned.entry(local).or_insert((0, None));
            entry.0 += 1;
            if let Rvalue::Ref(_, BorrowKind::Mut { .. }, place) = rvalue {
                entry.1 = Some(*place);
            }
        }
        if let TerminatorKind::Call { destination, .. } = &block.terminator().kind
            && let Some(local) = destination.as_local()
        {
            assigned.entry(local).or_insert((0, None)).0 += 1;
        }
    }
    let direct: FxHashMap<Local, Place<'tcx>> = assigned
        .into_iter()
        .filter_map(|(local, (count, place))| (count == 1).then_some(place).flatten().map(|p| (local, p)))
        .collect();
    direct
        .iter()
        .map(|(&local, &place)| {
            let mut place = place;
            // `&mut (*_3)` where `_3` is itself a `&mut` to a place: use that place.
            for _ in 0..8 {
                match place.as_ref().projection {
                    [rustc_middle::mir::ProjectionElem::Deref] => match direct.get(&place.local) {
                        Some(&inner) => place = inner,
                        None => break,
                    },
                    _ => break,
                }
            }
            (local, place)
        })
        .collect()
}
