//! "May this place still hold a linear value here?" — a forward dataflow over the MIR the borrow
//! checker sees.
//!
//! It starts from rustc's move paths and initialisation effects (a move or a drop empties a place,
//! an assignment fills it) and adds what initialisation alone cannot know:
//! - a value that cannot contain a linear value empties its place (`None`, `Vec::new()`), so
//!   assigning over it or dropping it is fine;
//! - on a `match`/`if let` edge where the enum is a variant without linear fields, the place is
//!   empty (`if let Some(c) = o { c.close() }` — the `None` path holds nothing);
//! - `Iterator::next(&mut it)` returning `None` means `it` is exhausted (`for c in v { c.close() }`);
//! - `Option::take`, `mem::take`, `mem::replace`, `mem::swap` move content between places;
//! - a linear value passed with a `&mut` to a container (`v.push(c)`) now lives in the container.
//!
//! A bit set means "may hold a linear value". Where a place's children were moved out
//! separately, `holds` looks at what is left.

use rustc_abi::{FieldIdx, VariantIdx};
use rustc_data_structures::fx::FxHashMap;
use rustc_index::bit_set::MixedBitSet;
use rustc_middle::mir::{
    self, BasicBlock, Body, Local, Location, Operand, Place, ProjectionElem, Rvalue, Statement,
    Terminator, TerminatorEdges, TerminatorKind,
};
use rustc_middle::ty::{self, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_mir_dataflow::move_paths::{HasMoveData, LookupResult, MoveData, MovePathIndex};
use rustc_mir_dataflow::{
    Analysis, DropFlagState, GenKill, SwitchTargetIndex, drop_flag_effects_for_function_entry,
    drop_flag_effects_for_location, on_all_children_bits,
};
use rustc_span::sym;

use crate::linear::types::LinearTypes;
use crate::utils::mir::{Callee, callee, is_trivial_bound, mut_ref_origins, result_conjured};
use crate::utils::paths::is_std_item;

/// What a call does with a linear value moved into one of its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgFate {
    /// The callee owns it now and is checked itself (or is trusted: bounded generics, fn
    /// pointers, trait objects).
    Consumed,
    /// It reaches the call's result or a `&mut` argument's place, which are tracked.
    Flows,
    /// An unbounded generic parameter with nowhere to go: the callee drops it (`drop(x)`).
    Dropped,
    /// `mem::forget`, `ManuallyDrop::new`, `Box::leak`, `Box::into_raw`.
    Forgotten,
}

/// Calls that move content between places they borrow.
#[derive(Clone, Copy, Debug)]
enum Transfer {
    None,
    /// `Option::take(&mut p)`, `mem::take(&mut p)`: `p` is emptied into the result.
    Take(MovePathIndex),
    /// `mem::replace(&mut p, v)`, `Option::replace`: `p` gets `v`, the result gets the old value.
    Replace(MovePathIndex),
    /// `mem::swap(&mut a, &mut b)`.
    Swap(MovePathIndex, MovePathIndex),
}

/// Facts about one call that do not depend on the dataflow state.
#[derive(Debug)]
pub struct CallFacts<'tcx> {
    pub callee: Option<Callee<'tcx>>,
    /// Fate of each argument, should it carry a linear value.
    pub arg_fates: Vec<ArgFate>,
    /// Tracked places borrowed `&mut` by the arguments: moved-in values may land there.
    mut_targets: Vec<MovePathIndex>,
    transfer: Transfer,
    /// The result may hold a linear value even when no input does (`acquire()`).
    result_conjured: bool,
}

pub struct LinearFlow<'a, 'tcx> {
    pub tcx: TyCtxt<'tcx>,
    pub body: &'a Body<'tcx>,
    pub move_data: &'a MoveData<'tcx>,
    pub types: &'a LinearTypes<'tcx>,
    pub calls: FxHashMap<BasicBlock, CallFacts<'tcx>>,
    /// Destination of `Iterator::next(&mut it)` -> the move path of `it`.
    next_results: FxHashMap<Local, MovePathIndex>,
}

pub struct SwitchData<'tcx> {
    enum_place: Place<'tcx>,
    variants: Vec<VariantIdx>,
    iterator: Option<MovePathIndex>,
}

impl<'a, 'tcx> LinearFlow<'a, 'tcx> {
    pub fn new(
        tcx: TyCtxt<'tcx>,
        body: &'a Body<'tcx>,
        move_data: &'a MoveData<'tcx>,
        types: &'a LinearTypes<'tcx>,
        typing_env: TypingEnv<'tcx>,
    ) -> Self {
        let mut flow = LinearFlow {
            tcx,
            body,
            move_data,
            types,
            calls: FxHashMap::default(),
            next_results: FxHashMap::default(),
        };
        let origins = mut_ref_origins(body);
        let next_fn = tcx.lang_items().next_fn();
        for (bb, block) in body.basic_blocks.iter_enumerated() {
            let TerminatorKind::Call { func, args, destination, .. } = &block.terminator().kind
            else {
                continue;
            };
            let callee = callee(tcx, typing_env, func);
            let origin_path = |op: &Operand<'tcx>| {
                let local = op.place()?.as_local()?;
                match move_data.rev_lookup.find(origins.get(&local)?.as_ref()) {
                    LookupResult::Exact(mpi) => Some(mpi),
                    LookupResult::Parent(_) => None,
                }
            };
            let mut_targets: Vec<MovePathIndex> =
                args.iter().filter_map(|a| origin_path(&a.node)).collect();
            if let (Some(c), Some(next)) = (callee, next_fn)
                && c.def_id == next
                && let Some(it) = args.first().and_then(|a| origin_path(&a.node))
                && let Some(dest) = destination.as_local()
            {
                flow.next_results.insert(dest, it);
            }
            let transfer = match callee.map(|c| c.declared_def_id()) {
                Some(d) if is_std_item(tcx, d, &["Option", "take"]) || is_std_item(tcx, d, &["mem", "take"]) => {
                    args.first().and_then(|a| origin_path(&a.node)).map_or(Transfer::None, Transfer::Take)
                }
                Some(d)
                    if is_std_item(tcx, d, &["mem", "replace"])
                        || is_std_item(tcx, d, &["Option", "replace"]) =>
                {
                    args.first().and_then(|a| origin_path(&a.node)).map_or(Transfer::None, Transfer::Replace)
                }
                Some(d) if tcx.is_diagnostic_item(sym::mem_swap, d) => {
                    match (args.first().and_then(|a| origin_path(&a.node)), args.get(1).and_then(|a| origin_path(&a.node))) {
                        (Some(a), Some(b)) => Transfer::Swap(a, b),
                        _ => Transfer::None,
                    }
                }
                _ => Transfer::None,
            };
            let dest_ty = destination.ty(body, tcx).ty;
            // A `&mut` to something that can hold a linear value (tracked here or not: `self.v`
            // behind `&mut self` is owned by our caller) can receive the moved value.
            let mut_ref_to_linear = args.iter().any(|a| match a.node.ty(body, tcx).kind() {
                ty::Ref(_, pointee, mir::Mutability::Mut) => types.contains_linear(*pointee),
                _ => false,
            });
            let flows_out = types.contains_linear(dest_ty) || mut_ref_to_linear;
            let arg_fates =
                (0..args.len()).map(|i| flow.arg_fate(callee, i, flows_out)).collect();
            let result_conjured = flow.result_conjured(callee);
            flow.calls.insert(bb, CallFacts { callee, arg_fates, mut_targets, transfer, result_conjured });
        }
        flow
    }

    /// See [`ArgFate`]. `flows_out`: the result or a `&mut` argument can take the value.
    fn arg_fate(&self, callee: Option<Callee<'tcx>>, index: usize, flows_out: bool) -> ArgFate {
        let tcx = self.tcx;
        let Some(callee) = callee else { return ArgFate::Consumed };
        if is_forget(tcx, callee.def_id) {
            return ArgFate::Forgotten;
        }
        if let Some(instance) = callee.instance {
            match instance.def {
                ty::InstanceKind::ClosureOnceShim { .. } => return ArgFate::Dropped,
                ty::InstanceKind::Item(def_id) if tcx.is_closure_like(def_id) => {
                    return ArgFate::Consumed;
                }
                ty::InstanceKind::Item(_) => {}
                _ => return ArgFate::Consumed,
            }
        }
        let declared = callee.declared_def_id();
        let sig = tcx.fn_sig(declared).instantiate_identity().skip_binder();
        let Some(&input) = sig.inputs().get(index) else { return ArgFate::Consumed };
        if !input.has_param() {
            ArgFate::Consumed
        } else if flows_out {
            ArgFate::Flows
        } else if let ty::Param(param) = input.kind()
            && !param_has_bounds(tcx, declared, *param)
        {
            ArgFate::Dropped
        } else {
            ArgFate::Consumed
        }
    }

    /// Whether the callee can return a linear value not passed in (see [`result_conjured`]).
    fn result_conjured(&self, callee: Option<Callee<'tcx>>) -> bool {
        result_conjured(self.tcx, callee, |ty| self.types.contains_linear(ty))
    }

    /// Whether the place at `mpi` may hold a linear value in `state`.
    pub fn holds(&self, state: &MixedBitSet<MovePathIndex>, mpi: MovePathIndex) -> bool {
        if !state.contains(mpi) {
            return false;
        }
        let path = &self.move_data.move_paths[mpi];
        let place_ty = path.place.ty(self.body, self.tcx);
        let ty = place_ty.ty;
        if path.first_child.is_none() || self.types.is_linear(ty) {
            // A linear value partly moved out of still carries its obligation.
            return self.types.contains_linear(ty);
        }
        let child = |wanted: &dyn Fn(&ProjectionElem<Local, Ty<'tcx>>) -> bool| {
            path.children(&self.move_data.move_paths)
                .find(|(_, c)| c.place.projection.last().is_some_and(wanted))
                .map(|(i, _)| i)
        };
        let field_holds = |idx: FieldIdx, field_ty: Ty<'tcx>| match child(&|e| {
            matches!(e, ProjectionElem::Field(f, _) if *f == idx)
        }) {
            Some(c) => self.holds(state, c),
            None => self.types.contains_linear(field_ty),
        };
        match *ty.kind() {
            ty::Adt(adt, _) if adt.is_box() => {
                match child(&|e| matches!(e, ProjectionElem::Deref)) {
                    Some(c) => self.holds(state, c),
                    None => self.types.contains_linear(ty),
                }
            }
            ty::Adt(adt, args) if adt.is_enum() && place_ty.variant_index.is_none() => {
                adt.variants().iter_enumerated().any(|(v, variant)| {
                    match child(&|e| matches!(e, ProjectionElem::Downcast(_, dv) if *dv == v)) {
                        Some(c) => self.holds(state, c),
                        None => variant
                            .fields
                            .iter()
                            .any(|f| self.types.contains_linear(self.types.field_ty(f, args))),
                    }
                })
            }
            ty::Adt(adt, args) => {
                let variant = adt.variant(place_ty.variant_index.unwrap_or(VariantIdx::ZERO));
                variant
                    .fields
                    .iter_enumerated()
                    .any(|(idx, f)| field_holds(idx, self.types.field_ty(f, args)))
            }
            ty::Tuple(tys) => tys.iter().enumerate().any(|(i, t)| field_holds(FieldIdx::from_usize(i), t)),
            ty::Closure(_, args) => args
                .as_closure()
                .upvar_tys()
                .iter()
                .enumerate()
                .any(|(i, t)| field_holds(FieldIdx::from_usize(i), t)),
            // `let [a, b] = arr;` moves elements out by constant index.
            ty::Array(elem, len) if let Some(len) = len.try_to_target_usize(self.tcx) => {
                (0..len).any(|i| {
                    match child(&|e| matches!(e, ProjectionElem::ConstantIndex { offset, from_end: false, .. } if *offset == i)) {
                        Some(c) => self.holds(state, c),
                        None => self.types.contains_linear(elem),
                    }
                })
            }
            // Subslice patterns, coroutines: assume what is left holds.
            _ => self.types.contains_linear(ty),
        }
    }

    /// Whether `place` may hold a linear value.
    pub fn place_holds(&self, state: &MixedBitSet<MovePathIndex>, place: Place<'tcx>) -> bool {
        match self.move_data.rev_lookup.find(place.as_ref()) {
            LookupResult::Exact(mpi) => self.holds(state, mpi),
            LookupResult::Parent(Some(parent)) => {
                self.holds(state, parent)
                    && self.types.contains_linear(place.ty(self.body, self.tcx).ty)
            }
            LookupResult::Parent(None) => false,
        }
    }

    /// Whether an operand may carry a linear value (a constant of a linear type does).
    pub fn operand_holds(&self, state: &MixedBitSet<MovePathIndex>, op: &Operand<'tcx>) -> bool {
        match op {
            Operand::Copy(place) | Operand::Move(place) => self.place_holds(state, *place),
            Operand::Constant(c) => self.types.contains_linear(c.ty()),
            Operand::RuntimeChecks(_) => false,
        }
    }

    fn rvalue_holds(&self, state: &MixedBitSet<MovePathIndex>, rvalue: &Rvalue<'tcx>) -> bool {
        match rvalue {
            Rvalue::Use(op, _)
            | Rvalue::Repeat(op, _)
            | Rvalue::Cast(_, op, _)
            | Rvalue::WrapUnsafeBinder(op, _) => self.operand_holds(state, op),
            // Building a linear value creates the obligation; other aggregates hold what they got.
            Rvalue::Aggregate(_, ops) => {
                self.types.is_linear(rvalue.ty(self.body, self.tcx))
                    || ops.iter().any(|op| self.operand_holds(state, op))
            }
            _ => false,
        }
    }

    fn set_subtree(&self, state: &mut MixedBitSet<MovePathIndex>, mpi: MovePathIndex, on: bool) {
        on_all_children_bits(self.move_data, mpi, |child| {
            if on { state.gen_(child) } else { state.kill(child) }
        });
    }

    fn apply_call(&self, state: &mut MixedBitSet<MovePathIndex>, term: &Terminator<'tcx>, location: Location) {
        let TerminatorKind::Call { args, destination, .. } = &term.kind else { return };
        let Some(facts) = self.calls.get(&location.block) else { return };
        let moved_hold = args.iter().any(|a| self.operand_holds(state, &a.node));
        let borrowed_hold = facts.mut_targets.iter().any(|&m| self.holds(state, m));
        let swapped = match facts.transfer {
            Transfer::Swap(a, b) => Some((self.holds(state, a), self.holds(state, b))),
            _ => None,
        };
        self.apply_standard_effects(state, location);
        match facts.transfer {
            Transfer::Take(p) | Transfer::Replace(p) => self.set_subtree(state, p, false),
            Transfer::Swap(a, b) => {
                let (a_held, b_held) = swapped.unwrap_or_default();
                self.set_subtree(state, a, b_held);
                self.set_subtree(state, b, a_held);
            }
            Transfer::None => {}
        }
        if moved_hold {
            for &target in &facts.mut_targets {
                self.set_subtree(state, target, true);
            }
        }
        if let LookupResult::Exact(dest) = self.move_data.rev_lookup.find(destination.as_ref()) {
            let holds = facts.result_conjured || moved_hold || borrowed_hold;
            self.set_subtree(state, dest, holds);
        }
    }

    fn apply_standard_effects(&self, state: &mut MixedBitSet<MovePathIndex>, location: Location) {
        drop_flag_effects_for_location(self.body, self.move_data, location, |mpi, s| match s {
            DropFlagState::Absent => state.kill(mpi),
            DropFlagState::Present => state.gen_(mpi),
        });
    }
}

fn is_forget(tcx: TyCtxt<'_>, def_id: rustc_hir::def_id::DefId) -> bool {
    tcx.is_diagnostic_item(sym::mem_forget, def_id)
        || is_std_item(tcx, def_id, &["ManuallyDrop", "new"])
        || is_std_item(tcx, def_id, &["Box", "leak"])
        || is_std_item(tcx, def_id, &["Box", "into_raw"])
}

/// Whether the function's where-clauses put a trait bound (other than trivial ones) on `param`.
fn param_has_bounds(tcx: TyCtxt<'_>, def_id: rustc_hir::def_id::DefId, param: ty::ParamTy) -> bool {
    let predicates = tcx.predicates_of(def_id).instantiate_identity(tcx).predicates;
    predicates.iter().any(|clause| {
        clause.as_trait_clause().is_some_and(|tr| {
            !is_trivial_bound(tcx, tr.def_id())
                && matches!(tr.self_ty().skip_binder().kind(), ty::Param(p) if *p == param)
        })
    })
}

impl<'tcx> HasMoveData<'tcx> for LinearFlow<'_, 'tcx> {
    fn move_data(&self) -> &MoveData<'tcx> {
        self.move_data
    }
}

impl<'tcx> Analysis<'tcx> for LinearFlow<'_, 'tcx> {
    type Domain = MixedBitSet<MovePathIndex>;
    type SwitchIntData = SwitchData<'tcx>;
    const NAME: &'static str = "wasm_lint_linear_flow";

    fn bottom_value(&self, _: &Body<'tcx>) -> Self::Domain {
        MixedBitSet::new_empty(self.move_data.move_paths.len())
    }

    fn initialize_start_block(&self, _: &Body<'tcx>, state: &mut Self::Domain) {
        drop_flag_effects_for_function_entry(self.body, self.move_data, |mpi, _| state.gen_(mpi));
    }

    fn apply_primary_statement_effect(&self, state: &mut Self::Domain, stmt: &Statement<'tcx>, location: Location) {
        let assigned = stmt.kind.as_assign().map(|(place, rvalue)| (*place, self.rvalue_holds(state, rvalue)));
        self.apply_standard_effects(state, location);
        if let Some((place, false)) = assigned
            && let LookupResult::Exact(mpi) = self.move_data.rev_lookup.find(place.as_ref())
        {
            self.set_subtree(state, mpi, false);
        }
    }

    fn apply_primary_terminator_effect<'mir>(
        &self,
        state: &mut Self::Domain,
        term: &'mir Terminator<'tcx>,
        location: Location,
    ) -> TerminatorEdges<'mir, 'tcx> {
        match &term.kind {
            TerminatorKind::Call { .. } => self.apply_call(state, term, location),
            _ => self.apply_standard_effects(state, location),
        }
        // Follow only edges a running program takes: not borrowck's imaginary ones, not the
        // coroutine-drop path of a `yield`.
        match term.kind {
            TerminatorKind::FalseEdge { real_target, .. }
            | TerminatorKind::FalseUnwind { real_target, .. } => TerminatorEdges::Single(real_target),
            TerminatorKind::Yield { resume, .. } => TerminatorEdges::Single(resume),
            _ => term.edges(),
        }
    }

    fn get_switch_int_data(
        &self,
        block: BasicBlock,
        targets: &mir::SwitchTargets,
        discr: &Operand<'tcx>,
    ) -> Option<Self::SwitchIntData> {
        let discr = discr.place()?;
        let stmt = self.body[block].statements.iter().rev().find(|s| !matches!(s.kind, mir::StatementKind::Coverage(_)))?;
        let (lhs, Rvalue::Discriminant(enum_place)) = stmt.kind.as_assign()? else { return None };
        if *lhs != discr {
            return None;
        }
        let enum_ty = enum_place.ty(self.body, self.tcx).ty;
        let ty::Adt(adt, _) = enum_ty.kind() else { return None };
        if !adt.is_enum() || self.types.is_linear(enum_ty) {
            return None; // a linear enum owes its obligation whatever its variant
        }
        let discriminants: Vec<(VariantIdx, u128)> =
            adt.discriminants(self.tcx).map(|(v, d)| (v, d.val)).collect();
        let mut variants: Vec<VariantIdx> = Vec::new();
        for value in targets.all_values() {
            variants.push(discriminants.iter().find(|(_, d)| *d == value.get())?.0);
        }
        let iterator = enum_place.as_local().and_then(|l| self.next_results.get(&l).copied());
        Some(SwitchData { enum_place: *enum_place, variants, iterator })
    }

    fn apply_switch_int_edge_effect(
        &self,
        state: &mut Self::Domain,
        data: &mut Self::SwitchIntData,
        target: SwitchTargetIndex,
    ) {
        let LookupResult::Exact(enum_mpi) = self.move_data.rev_lookup.find(data.enum_place.as_ref()) else {
            return;
        };
        let ty::Adt(adt, args) = *data.enum_place.ty(self.body, self.tcx).ty.kind() else { return };
        let active = |v: VariantIdx| match target {
            SwitchTargetIndex::Normal(i) => data.variants[i] == v,
            SwitchTargetIndex::Otherwise => !data.variants.contains(&v),
        };
        let active_holds = adt.variants().iter_enumerated().any(|(v, variant)| {
            active(v) && variant.fields.iter().any(|f| self.types.contains_linear(self.types.field_ty(f, args)))
        });
        if !active_holds {
            self.set_subtree(state, enum_mpi, false);
            if let Some(iterator) = data.iterator {
                self.set_subtree(state, iterator, false); // `next()` said `None`: exhausted
            }
            return;
        }
        let path = &self.move_data.move_paths[enum_mpi];
        for (child, child_path) in path.children(&self.move_data.move_paths) {
            if let Some(ProjectionElem::Downcast(_, v)) = child_path.place.projection.last()
                && !active(*v)
            {
                self.set_subtree(state, child, false);
            }
        }
    }
}
