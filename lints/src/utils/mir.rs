//! Small MIR helpers shared by the lints: names, lint roots, callees, `&mut` origins.

use rustc_data_structures::fx::FxHashMap;
use rustc_hir::def_id::DefId;
use rustc_hir::{HirId, LangItem};
use rustc_middle::mir::{
    BasicBlock, Body, BorrowKind, Local, Location, Operand, Place, Rvalue, SourceScope,
    TerminatorKind, VarDebugInfoContents,
};
use rustc_middle::ty::{self, GenericArgsRef, Instance, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_span::{Span, Symbol};

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

/// One assignment of a local: a statement, or the call whose destination it is.
#[derive(Clone, Copy, Debug)]
pub enum Def {
    Statement(Location),
    Call(BasicBlock),
}

impl Def {
    pub fn span(self, body: &Body<'_>) -> Span {
        match self {
            Def::Statement(loc) => body.source_info(loc).span,
            Def::Call(bb) => body[bb].terminator().source_info.span,
        }
    }
}

/// Every assignment of each local (the whole local, no projections), for walking values back to
/// where they were made.
pub fn local_defs(body: &Body<'_>) -> FxHashMap<Local, Vec<Def>> {
    let mut defs: FxHashMap<Local, Vec<Def>> = FxHashMap::default();
    for (block, data) in body.basic_blocks.iter_enumerated() {
        for (statement_index, stmt) in data.statements.iter().enumerate() {
            if let Some((place, _)) = stmt.kind.as_assign()
                && let Some(local) = place.as_local()
            {
                defs.entry(local).or_default().push(Def::Statement(Location { block, statement_index }));
            }
        }
        if let TerminatorKind::Call { destination, .. } = &data.terminator().kind
            && let Some(local) = destination.as_local()
        {
            defs.entry(local).or_default().push(Def::Call(block));
        }
    }
    defs
}

/// Whether the callee can return an X (`contains` says which types own one) that was not passed
/// in. An unbounded generic cannot make a value of its type parameters (`Vec::<C>::new()` holds
/// no `C`), but it can make a value of a type that holds an X whatever its parameters
/// (`Resource::<T>::open()`). Unknown callees (function pointers, closures) can.
pub fn result_conjured<'tcx>(
    tcx: TyCtxt<'tcx>,
    callee: Option<Callee<'tcx>>,
    contains: impl Fn(Ty<'tcx>) -> bool,
) -> bool {
    let Some(callee) = callee else { return true };
    let declared = callee.declared_def_id();
    if tcx.is_closure_like(declared) {
        return true;
    }
    let output = tcx.fn_sig(declared).instantiate_identity().skip_binder().output();
    if !output.has_param() {
        return true;
    }
    let predicates = tcx.predicates_of(declared).instantiate_identity(tcx).predicates;
    let bounded = predicates.iter().any(|clause| {
        clause.skip_normalization().as_trait_clause().is_some_and(|tr| !is_trivial_bound(tcx, tr.def_id()))
    });
    if bounded {
        return true;
    }
    // Replace every type parameter by `()`: what still holds an X holds it by itself.
    let mut has_const_param = false;
    let unit_args = ty::GenericArgs::for_item(tcx, declared, |param, _| match param.kind {
        ty::GenericParamDefKind::Lifetime => tcx.lifetimes.re_erased.into(),
        ty::GenericParamDefKind::Type { .. } => tcx.types.unit.into(),
        ty::GenericParamDefKind::Const { .. } => {
            has_const_param = true;
            tcx.types.unit.into() // never used: answered conservatively below
        }
    });
    has_const_param || contains(ty::EarlyBinder::bind(output).instantiate(tcx, unit_args).skip_normalization())
}

/// Bounds that give a function no way to use a value: sizedness, and `Destruct` (const drop).
pub fn is_trivial_bound(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    [LangItem::Sized, LangItem::MetaSized, LangItem::PointeeSized, LangItem::Destruct]
        .into_iter()
        .any(|item| tcx.is_lang_item(def_id, item))
}
