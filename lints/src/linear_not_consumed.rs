use rustc_data_structures::fx::{FxHashMap, FxIndexMap};
use rustc_errors::DiagDecorator;
use rustc_hir::def::DefKind;
use rustc_hir::def_id::DefId;
use rustc_middle::mir::{
    Body, Local, Location, Operand, Place, ProjectionElem, RETURN_PLACE, Rvalue, StatementKind,
    TerminatorKind, traversal,
};
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{self, Ty, TyCtxt};
use rustc_mir_dataflow::Analysis;
use rustc_mir_dataflow::move_paths::{InitLocation, LookupResult, MoveData};
use rustc_span::{Span, Symbol};

use crate::linear_forgotten;
use crate::linear::flow::{ArgFate, LinearFlow};
use crate::linear::types::LinearTypes;
use crate::utils::mir::{lint_root, local_names};

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Checks that every value of a `#[wasm::linear]` type, and every value holding one (an
    /// `Option`, `Vec`, `Box`, tuple, struct field or closure capture), is consumed on every path
    /// that does not unwind: by one of its type's `self`-taking methods, by returning it, or by
    /// moving it to a new owner (a by-value parameter, which is then checked in its turn).
    ///
    /// ### Why is this bad?
    /// A linear value stands for a host resource — a canvas context, a file, a socket. Rust
    /// already rejects using it twice (E0382); dropping it silently leaks the resource on the
    /// host side, where no destructor can run. Scope end, early `return`, `?`, `break`, one arm
    /// of a `match`, shadowing, assignment over it, `let _ =`, and `drop(x)` all drop it.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let ctx = acquire_canvas();
    /// if !ready() {
    ///     return; // `ctx` is dropped here without being released
    /// }
    /// ctx.into_bitmap();
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let ctx = acquire_canvas();
    /// if !ready() {
    ///     ctx.release();
    ///     return;
    /// }
    /// ctx.into_bitmap();
    /// ```
    pub wasm_lint::LINEAR_NOT_CONSUMED,
    Deny,
    "a linear value goes out of scope without being consumed",
    report_in_external_macro: true
}

/// How a value is lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loss {
    ScopeEnd,
    Overwritten,
    DroppedBy(DefId),
    StillHeldAtReturn,
}

#[derive(Clone, Copy, Debug)]
struct Event<'tcx> {
    place: Place<'tcx>,
    location: Location,
    span: Span,
    loss: Loss,
}

/// Checks one body (a function, method or closure) on the MIR borrowck sees.
pub fn check_body<'tcx>(tcx: TyCtxt<'tcx>, body: &Body<'tcx>) {
    let def_id = body.source.def_id().expect_local();
    let Some(types) = LinearTypes::new(tcx, def_id) else { return };
    if !body.local_decls.iter().any(|decl| types.contains_linear(decl.ty)) {
        return;
    }
    let move_data = MoveData::gather_moves(body, tcx, |ty| types.contains_linear(ty));
    let flow = LinearFlow::new(tcx, body, &move_data, &types, types.typing_env());
    let mut cursor = flow.iterate_to_fixpoint(tcx, body, None).into_results_cursor(body);
    let exempt = consumed_by_own_method(tcx, body, &types);

    let mut events: FxIndexMap<Local, Vec<Event<'tcx>>> = FxIndexMap::default();
    let mut forgotten = Vec::new();
    for (bb, block) in traversal::reverse_postorder(body) {
        if block.is_cleanup {
            continue; // unwinding drops are fine
        }
        for (index, stmt) in block.statements.iter().enumerate() {
            let location = Location { block: bb, statement_index: index };
            cursor.seek_before_primary_effect(location);
            let (flow, state) = (cursor.analysis(), cursor.get());
            let (place, loss) = match &stmt.kind {
                StatementKind::StorageDead(local) => ((*local).into(), Loss::ScopeEnd),
                StatementKind::Assign(assign) => (assign.0, Loss::Overwritten),
                _ => continue,
            };
            if let LookupResult::Exact(mpi) = move_data.rev_lookup.find(place.as_ref())
                && flow.holds(state, mpi)
            {
                let event = Event { place, location, span: stmt.source_info.span, loss };
                events.entry(move_data.base_local(mpi)).or_default().push(event);
            }
        }
        let location = body.terminator_loc(bb);
        cursor.seek_before_primary_effect(location);
        let (flow, state) = (cursor.analysis(), cursor.get());
        let term = block.terminator();
        let mut lose = |place: Place<'tcx>, loss, span| {
            if let LookupResult::Exact(mpi) = move_data.rev_lookup.find(place.as_ref())
                && flow.holds(state, mpi)
            {
                let event = Event { place, location, span, loss };
                events.entry(move_data.base_local(mpi)).or_default().push(event);
            }
        };
        match &term.kind {
            TerminatorKind::Drop { place, replace, .. } => {
                lose(*place, if *replace { Loss::Overwritten } else { Loss::ScopeEnd }, term.source_info.span);
            }
            TerminatorKind::Call { args, destination, fn_span, .. } => {
                let facts = &flow.calls[&bb];
                for (arg, fate) in args.iter().zip(&facts.arg_fates) {
                    let Operand::Move(place) = arg.node else { continue };
                    let callee = facts.callee.map(|c| c.def_id);
                    match (fate, callee) {
                        (ArgFate::Dropped, Some(callee)) => lose(place, Loss::DroppedBy(callee), *fn_span),
                        (ArgFate::Forgotten, Some(callee)) if flow.place_holds(state, place) => {
                            forgotten.push((place.local, location, term.source_info, tcx.item_name(callee)));
                        }
                        _ => {}
                    }
                }
                lose(*destination, Loss::Overwritten, term.source_info.span);
            }
            TerminatorKind::Return => {
                for (local, _) in move_data.rev_lookup.iter_locals_enumerated() {
                    if local != RETURN_PLACE {
                        lose(local.into(), Loss::StillHeldAtReturn, term.source_info.span);
                    }
                }
            }
            _ => {}
        }
    }

    let reporter = Reporter { tcx, body, move_data: &move_data, types: &types, names: local_names(body) };
    for (local, events) in events {
        if Some(local) != exempt {
            reporter.report(local, &events);
        }
    }
    for (local, location, source_info, callee) in forgotten {
        let (name, _) = reporter.origin(local, location);
        let origin = name.map_or(local, |(_, l)| l);
        if Some(origin) == exempt {
            continue; // `mem::forget(self)` in the type's own consuming method
        }
        let what = name.map_or_else(|| reporter.describe(local), |(n, _)| format!("`{n}`"));
        let ty = body.local_decls[local].ty;
        let resource = types.holds_release_handle(ty);
        linear_forgotten::report(tcx, body, source_info, &what, ty, callee, resource);
    }
}

/// Inside a `self`-taking method of a linear type's own impl, `self` is being consumed (its
/// fields destructured, or the type's `Drop` bypassed), so it is exempt.
fn consumed_by_own_method<'tcx>(tcx: TyCtxt<'tcx>, body: &Body<'tcx>, types: &LinearTypes<'tcx>) -> Option<Local> {
    let def_id = body.source.def_id();
    if tcx.def_kind(def_id) != DefKind::AssocFn || body.arg_count == 0 {
        return None;
    }
    let impl_id = tcx.impl_of_assoc(def_id)?;
    let self_ty = tcx.type_of(impl_id).instantiate_identity().skip_normalization();
    let self_local = Local::from_usize(1);
    (body.local_decls[self_local].ty == self_ty && types.is_linear(self_ty)).then_some(self_local)
}

struct Reporter<'a, 'tcx> {
    tcx: TyCtxt<'tcx>,
    body: &'a Body<'tcx>,
    move_data: &'a MoveData<'tcx>,
    types: &'a LinearTypes<'tcx>,
    names: FxHashMap<Local, Symbol>,
}

impl<'tcx> Reporter<'_, 'tcx> {
    fn describe(&self, local: Local) -> String {
        match self.names.get(&local) {
            Some(name) => format!("`{name}`"),
            None if local.as_usize() == 1 && self.tcx.is_closure_like(self.body.source.def_id()) => {
                "a value captured by this closure".into()
            }
            None => "this value".into(),
        }
    }

    fn report(&self, local: Local, events: &[Event<'tcx>]) {
        let tcx = self.tcx;
        let first = events[0];
        let ty = first.place.ty(self.body, tcx).ty;
        let (name, created) = self.origin(local, first.location);
        let what = match name {
            Some((name, named)) if named == local => format!("`{}`", self.place_path(name, first.place)),
            Some((name, _)) => format!("`{name}`"),
            None => self.describe(local),
        };
        // `#[allow]` on the `let` of the variable the value came from applies.
        let scope = self.body.local_decls[name.map_or(local, |(_, l)| l)].source_info.scope;
        let verb = match first.loss {
            Loss::ScopeEnd | Loss::StillHeldAtReturn => "dropped".to_string(),
            Loss::Overwritten => "overwritten".to_string(),
            Loss::DroppedBy(callee) => format!("dropped by `{}`", tcx.item_name(callee)),
        };
        let components = self.types.linear_components(ty);
        let kind = with_forced_trimmed_paths!(match (components.first(), ty.kind()) {
            (Some(inner), ty::Closure(..)) => format!("a closure capturing linear `{inner}`"),
            (Some(&inner), _) if inner != ty => format!("`{ty}`, which holds linear `{inner}`"),
            _ => format!("linear `{ty}`"),
        });
        let message = format!("{what} ({kind}) is {verb} without being consumed");
        let help = components.first().map(|&inner| self.help(inner)).unwrap_or_default();
        let branch = match first.loss {
            Loss::ScopeEnd | Loss::StillHeldAtReturn if self.consumed_elsewhere(local) => {
                self.branch_before(first.location)
            }
            _ => None,
        };
        let mut labelled = Vec::new();
        tcx.emit_node_span_lint(
            LINEAR_NOT_CONSUMED,
            lint_root(tcx, self.body, scope),
            first.span,
            DiagDecorator(|diag| {
                diag.primary_message(message);
                for event in events {
                    if labelled.contains(&event.span) {
                        continue;
                    }
                    labelled.push(event.span);
                    diag.span_label(event.span, match event.loss {
                        Loss::ScopeEnd => "goes out of scope here without being consumed",
                        Loss::Overwritten => "the old value is overwritten here without being consumed",
                        Loss::DroppedBy(_) => "dropped here",
                        Loss::StillHeldAtReturn => "still unconsumed when the function returns here",
                    });
                }
                if let Some(branch) = branch
                    && !labelled.contains(&branch)
                {
                    diag.span_label(branch, "on a path through this branch");
                }
                if let Some((created, label)) = created
                    && !labelled.contains(&created)
                {
                    diag.span_label(created, label);
                }
                diag.help(help);
            }),
        );
    }

    /// Where the lost value came from: the nearest user variable it was moved out of (for its
    /// name) and where it was made (the latest initialisation before `at`, followed back through
    /// moves), or where it was passed in.
    fn origin(&self, local: Local, at: Location) -> (Option<(Symbol, Local)>, Option<(Span, &'static str)>) {
        let dominators = self.body.basic_blocks.dominators();
        let (mut local, mut at) = (local, at);
        let mut name = None;
        for _ in 0..8 {
            name = name.or_else(|| self.names.get(&local).map(|&n| (n, local)));
            let Some(mpi) = self.move_data.rev_lookup.find_local(local) else { break };
            let inits = &self.move_data.init_path_map[mpi];
            // Assignments of a value that cannot hold one (`x = None`) did not create it.
            let inits: Vec<_> = inits
                .iter()
                .map(|&i| &self.move_data.inits[i])
                .filter(|init| !self.assigns_empty_variant(init.location))
                .collect();
            let init = inits
                .iter()
                .copied()
                .filter(|init| match init.location {
                    InitLocation::Statement(loc) => loc != at && loc.dominates(at, dominators),
                    InitLocation::Argument(_) => true,
                })
                .max_by_key(|init| match init.location {
                    InitLocation::Statement(loc) => (1, loc.block.as_usize(), loc.statement_index),
                    InitLocation::Argument(_) => (0, 0, 0),
                })
                .or_else(|| inits.last().copied());
            let Some(init) = init else { break };
            let InitLocation::Statement(loc) = init.location else {
                return (name, Some((init.span(self.body), "passed in here")));
            };
            // `_5 = move _7`: the value was made where `_7` was.
            if let Some(stmt) = self.body.stmt_at(loc).left()
                && let Some((_, Rvalue::Use(Operand::Move(source), _))) = stmt.kind.as_assign()
                && let Some(source) = source.as_local()
            {
                local = source;
                at = loc;
                continue;
            }
            return (name, Some((init.span(self.body), "created here")));
        }
        (name, None)
    }

    /// Whether the initialisation at `location` builds an enum variant with no linear fields.
    fn assigns_empty_variant(&self, location: InitLocation) -> bool {
        let InitLocation::Statement(loc) = location else { return false };
        let Some(stmt) = self.body.stmt_at(loc).left() else { return false };
        let Some((_, Rvalue::Aggregate(kind, _))) = stmt.kind.as_assign() else { return false };
        match **kind {
            rustc_middle::mir::AggregateKind::Adt(adt, variant, args, _, _) => {
                let adt = self.tcx.adt_def(adt);
                adt.is_enum()
                    && !adt.variant(variant).fields.iter().any(|f| self.types.contains_linear(self.types.field_ty(f, args)))
            }
            _ => false,
        }
    }

    /// `name.field.0` for a place inside a named local (fields only; anything else: the name).
    fn place_path(&self, name: Symbol, place: Place<'tcx>) -> String {
        let mut path = name.to_string();
        for (base, elem) in place.iter_projections() {
            let ProjectionElem::Field(field, _) = elem else { return name.to_string() };
            match base.ty(self.body, self.tcx).ty.kind() {
                ty::Adt(adt, _) if !adt.is_enum() => {
                    path = format!("{path}.{}", adt.non_enum_variant().fields[field].name);
                }
                ty::Tuple(_) => path = format!("{path}.{}", field.as_usize()),
                _ => return name.to_string(),
            }
        }
        path
    }

    /// Whether some path moves the value out (so the loss is specific to the reported path).
    fn consumed_elsewhere(&self, local: Local) -> bool {
        self.move_data.moves.iter().any(|m| {
            self.move_data.base_local(m.path) == local
                && !matches!(
                    self.body.stmt_at(m.source).left().map(|s| &s.kind),
                    Some(StatementKind::StorageDead(_))
                )
        })
    }

    /// The nearest branch (`if`, `match`, `?`) before `at`: where the losing path splits off.
    fn branch_before(&self, at: Location) -> Option<Span> {
        let predecessors = self.body.basic_blocks.predecessors();
        let mut seen = vec![at.block];
        let mut queue = std::collections::VecDeque::from([at.block]);
        while let Some(bb) = queue.pop_front() {
            for &pred in &predecessors[bb] {
                if seen.contains(&pred) || self.body[pred].is_cleanup || seen.len() > 64 {
                    continue;
                }
                seen.push(pred);
                let term = self.body[pred].terminator();
                if let TerminatorKind::SwitchInt { .. } = term.kind {
                    return Some(term.source_info.span);
                }
                queue.push_back(pred);
            }
        }
        None
    }

    fn help(&self, linear: Ty<'tcx>) -> String {
        let methods = match linear.kind() {
            ty::Adt(adt, _) => consuming_methods(self.tcx, adt.did(), self.body.source.def_id()),
            _ => Vec::new(),
        };
        let consume = match methods.as_slice() {
            [] => "pass it by value to a function that consumes it".to_string(),
            [one] => format!("consume it with `{}`", one),
            many => format!(
                "consume it with one of {}",
                many.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        with_forced_trimmed_paths!(format!(
            "`{linear}` is linear: {consume}, return it, or move it to a new owner"
        ))
    }
}

/// `Type::method` for the inherent methods of `adt` that take `self` by value and that code in
/// `user` may call (a `pub(crate)` method of another crate is no advice).
fn consuming_methods(tcx: TyCtxt<'_>, adt: DefId, user: DefId) -> Vec<String> {
    let user_module = tcx.parent_module_from_def_id(user.expect_local());
    let type_name = tcx.item_name(adt);
    let mut out: Vec<String> = tcx
        .inherent_impls(adt)
        .iter()
        .flat_map(|&impl_id| tcx.associated_items(impl_id).in_definition_order())
        .filter(|item| item.is_method())
        .filter(|item| tcx.visibility(item.def_id).is_accessible_from(user_module, tcx))
        .filter(|item| {
            let sig = tcx.fn_sig(item.def_id).instantiate_identity().skip_binder();
            sig.inputs().first().is_some_and(|self_ty| {
                matches!(self_ty.kind(), ty::Adt(a, _) if a.did() == adt)
                    || self_ty.boxed_ty().is_some_and(|b| matches!(b.kind(), ty::Adt(a, _) if a.did() == adt))
            })
        })
        .map(|item| format!("{type_name}::{}", item.name()))
        .collect();
    out.sort();
    out.dedup();
    out
}
