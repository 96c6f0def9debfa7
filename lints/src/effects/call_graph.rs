//! Who a body can run: the call edges of one MIR body, resolved as far as its types allow.
//!
//! Besides calls, a body is charged with what it *makes*: a closure or coroutine it builds, a
//! function item it names without calling (`map(parse)`, a fn pointer), a value it turns into a
//! `dyn Trait` (every method of that impl), and the `Drop` impls of values it drops. Effects then
//! stay visible where the callee cannot be seen (a closure called from inside std, a call
//! through `dyn Trait` or a fn pointer). Extern generic functions (std's included) are assumed
//! to call the trait methods their bounds give them (`Iterator::count` calls `next`).

use std::cell::RefCell;

use rustc_hir::HirId;
use rustc_hir::def::DefKind;
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_middle::mir::visit::Visitor;
use rustc_middle::mir::{
    AggregateKind, BasicBlock, BasicBlockData, Body, CastKind, Location, Operand, Rvalue, SourceInfo, Terminator, TerminatorKind,
};
use rustc_middle::ty::adjustment::PointerCoercion;
use rustc_middle::ty::{
    self, GenericArg, GenericArgs, GenericArgsRef, Instance, InstanceKind, Ty, TyCtxt, TypeVisitableExt,
    TypingEnv, Unnormalized,
};
use rustc_span::Span;

use crate::effects::vocabulary::declared;
use crate::effects::sources::{foreign_import, std_source};
use crate::utils::paths::is_std_crate;
use crate::utils::mir::lint_root;

/// What an edge leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target<'tcx> {
    /// A local function, method or closure without a declaration, with the generic args it is
    /// used with (in the caller's generics).
    Local(LocalDefId, GenericArgsRef<'tcx>),
    /// A function whose declared effects are its contract: annotated (here or in a dependency),
    /// or a trait method declaration reached through `dyn` or a generic parameter.
    Declared(DefId),
    /// A function of another crate, std included.
    Extern(DefId, GenericArgsRef<'tcx>),
    /// A trait method called on a type that is still generic here: known once a caller
    /// instantiates it.
    Deferred(DefId, GenericArgsRef<'tcx>),
    /// Something whose effects cannot be known (see `Unknown` for the description).
    Unknown(Unknown),
}

/// Calls whose callee cannot be seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unknown {
    FnPointer,
    /// A call through `dyn Trait` to a trait method without a declaration.
    DynCall(DefId),
    /// A trait method on a generic type, with no declaration, left unresolved at a root.
    Generic(DefId),
    /// A function of a crate that `wasm-lint-driver` did not analyse.
    Unanalysed(DefId),
}

/// How a body reaches a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    Call,
    /// Builds a closure, names a function item, or makes a `dyn Trait` value.
    Made,
    Drop,
    /// The callee (an extern generic function) is assumed to call this trait method.
    Bound(DefId),
}

/// One edge of a body: what it reaches and how. A pure function of the body's MIR and of what
/// resolution reads, so it can be cached across sessions (`cache`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Edge<'tcx> {
    pub target: Target<'tcx>,
    pub kind: EdgeKind,
}

/// Where an edge is in the source, for diagnostics: the MIR statement's span and lint root.
#[derive(Clone, Copy, Debug)]
pub struct Site {
    pub span: Span,
    pub lint_root: HirId,
}

/// The edges of one body, in MIR order, with their sites (`sites[i]` is where `edges[i]` is).
pub struct BodyEdges<'tcx> {
    pub edges: Vec<Edge<'tcx>>,
    pub sites: Vec<Site>,
}

/// The local bodies whose effects are inferred: functions, methods and closures (coroutines
/// included). Asked through queries whose answers stay the same when a body changes
/// (`is_foreign_item`, the item's defaultness) rather than through the HIR node, so that a
/// caller's edges (`cache`) do not depend on its callees' bodies.
pub fn is_analysed_body(tcx: TyCtxt<'_>, def_id: LocalDefId) -> bool {
    let analysed = match tcx.def_kind(def_id) {
        DefKind::Fn => !tcx.is_foreign_item(def_id),
        // Methods of impls always have a body; a trait's, when it has a default.
        DefKind::AssocFn => tcx.associated_item(def_id).defaultness(tcx).has_value(),
        DefKind::Closure => true,
        _ => false,
    };
    if tcx.sess.opts.unstable_opts.ui_testing {
        // The UI tests check the shortcut against the HIR (not in normal use: it would read
        // the body).
        let kind = matches!(tcx.def_kind(def_id), DefKind::Fn | DefKind::AssocFn | DefKind::Closure);
        assert_eq!(analysed, kind && tcx.hir_maybe_body_owned_by(def_id).is_some(), "{def_id:?}");
    }
    analysed
}

/// The edges of `def_id`'s body, or `None` when it has no usable MIR (type errors).
pub fn body_edges<'tcx>(tcx: TyCtxt<'tcx>, def_id: LocalDefId) -> Option<BodyEdges<'tcx>> {
    if tcx.typeck(tcx.typeck_root_def_id_local(def_id)).tainted_by_errors.is_some() {
        return None;
    }
    let typing_env = TypingEnv::post_analysis(tcx, def_id.to_def_id());
    with_body(tcx, def_id, |body| {
        if body.tainted_by_errors.is_some() {
            return None;
        }
        let mut collector = Collector { tcx, body, typing_env, edges: Vec::new(), sites: Vec::new() };
        collector.visit_body(body);
        Some(BodyEdges { edges: collector.edges, sites: collector.sites })
    })
}

/// Runs `f` on the MIR of `def_id`. In `cargo check` that is the borrow-checked MIR, which is
/// already there; but before drop elaboration it drops moved-out values too, so a body that
/// drops a value with a `Drop` impl outside std is read after elaboration instead (computed
/// here, which costs a little). Bodies rustc elaborates itself during analysis (const
/// contexts, and every body of a build) are always read after elaboration, so the choice
/// never depends on what happened to run first in the session. If both were stolen, the
/// optimized MIR.
fn with_body<'tcx, R>(tcx: TyCtxt<'tcx>, def_id: LocalDefId, f: impl FnOnce(&Body<'tcx>) -> R) -> R {
    let elaborated_by_rustc =
        tcx.sess.opts.output_types.should_codegen() || tcx.hir_body_const_context(def_id).is_some();
    let (promoted, _) = tcx.mir_promoted(def_id);
    if !elaborated_by_rustc && !promoted.is_stolen() {
        let body = promoted.borrow();
        if !drops_user_types(tcx, &body) {
            return f(&body);
        }
    } // the borrow ends here: elaboration steals `promoted`
    let elaborated = tcx.mir_drops_elaborated_and_const_checked(def_id);
    if !elaborated.is_stolen() {
        return f(&elaborated.borrow());
    }
    f(tcx.optimized_mir(def_id))
}

/// Whether a normal (non-unwinding) path of `body` drops a value whose drop runs a `Drop` impl
/// outside std.
fn drops_user_types<'tcx>(tcx: TyCtxt<'tcx>, body: &Body<'tcx>) -> bool {
    body.basic_blocks.iter().filter(|b| !b.is_cleanup).any(|block| match &block.terminator().kind {
        TerminatorKind::Drop { place, .. } => {
            let mut found = Vec::new();
            drop_impls(tcx, place.ty(body, tcx).ty, 0, &mut found);
            !found.is_empty()
        }
        _ => false,
    })
}

struct Collector<'a, 'tcx> {
    tcx: TyCtxt<'tcx>,
    body: &'a Body<'tcx>,
    typing_env: TypingEnv<'tcx>,
    edges: Vec<Edge<'tcx>>,
    sites: Vec<Site>,
}

impl<'tcx> Collector<'_, 'tcx> {
    fn push(&mut self, mut target: Target<'tcx>, kind: EdgeKind, info: SourceInfo) {
        // Polling the body of a declared `async fn` from outside it: its declaration is the
        // contract, as for a call to a declared `fn`.
        let body = match target {
            Target::Local(body, _) => Some(body.to_def_id()),
            Target::Extern(body, _) => Some(body),
            _ => None,
        };
        if let Some(declared_fn) = body.and_then(|b| declared_async_fn(self.tcx, b))
            && declared_fn != self.tcx.typeck_root_def_id(self.body.source.def_id())
        {
            target = Target::Declared(declared_fn);
        }
        let lint_root = lint_root(self.tcx, self.body, info.scope);
        self.edges.push(Edge { target, kind });
        self.sites.push(Site { span: info.span, lint_root });
    }

    fn callee(&mut self, def_id: DefId, args: GenericArgsRef<'tcx>, kind: EdgeKind, info: SourceInfo) {
        let Some(target) = resolve(self.tcx, self.typing_env, def_id, args) else { return };
        self.push(target, kind, info);
        if let Target::Extern(def_id, args) = target {
            for (via, bound) in bound_targets(self.tcx, self.typing_env, def_id, args) {
                self.push(bound, EdgeKind::Bound(via), info);
            }
        }
    }

    fn unsize(&mut self, from: Ty<'tcx>, to: Ty<'tcx>, info: SourceInfo) {
        let (Some(from), Some(to)) = (pointee(from), pointee(to)) else { return };
        let ty::Dynamic(preds, ..) = to.kind() else { return };
        if from.has_param() || matches!(from.kind(), ty::Dynamic(..)) {
            return; // still generic, or already a trait object
        }
        let Some(principal) = preds.principal() else { return };
        let tcx = self.tcx;
        let trait_ref = tcx.instantiate_bound_regions_with_erased(principal).with_self_ty(tcx, from);
        for method in trait_methods(tcx, trait_ref.def_id) {
            if let Some(args) = method_args(tcx, method, trait_ref.args) {
                self.callee(method, args, EdgeKind::Made, info);
            }
        }
    }

    fn drop(&mut self, ty: Ty<'tcx>, info: SourceInfo) {
        let mut found = Vec::new();
        drop_impls(self.tcx, ty, 0, &mut found);
        for (drop_fn, args) in found {
            if let Some(target) = resolve(self.tcx, self.typing_env, drop_fn, args) {
                self.push(target, EdgeKind::Drop, info);
            }
        }
    }
}

impl<'tcx> Visitor<'tcx> for Collector<'_, 'tcx> {
    fn visit_basic_block_data(&mut self, block: BasicBlock, data: &BasicBlockData<'tcx>) {
        // Unwinding paths only drop what the normal path holds; a wasm panic aborts anyway.
        if !data.is_cleanup {
            self.super_basic_block_data(block, data);
        }
    }

    fn visit_terminator(&mut self, term: &Terminator<'tcx>, location: Location) {
        let info = term.source_info;
        match &term.kind {
            TerminatorKind::Call { func, args, .. } | TerminatorKind::TailCall { func, args, .. } => {
                match func.const_fn_def() {
                    Some((def_id, fn_args)) => {
                        self.callee(def_id, fn_args, EdgeKind::Call, info);
                        // `drop(x)` runs `x`'s drop glue inside std, where it cannot be seen.
                        if self.tcx.is_diagnostic_item(rustc_span::sym::mem_drop, def_id)
                            && let Some(ty) = fn_args.types().next()
                        {
                            self.drop(ty, info);
                        }
                    }
                    None => self.push(Target::Unknown(Unknown::FnPointer), EdgeKind::Call, info),
                }
                for arg in args.iter() {
                    self.visit_operand(&arg.node, location);
                }
                return; // `func` is not a mention
            }
            TerminatorKind::Drop { place, .. } => {
                let ty = place.ty(self.body, self.tcx).ty;
                self.drop(ty, info);
            }
            _ => {}
        }
        self.super_terminator(term, location);
    }

    fn visit_rvalue(&mut self, rvalue: &Rvalue<'tcx>, location: Location) {
        let info = *self.body.source_info(location);
        match rvalue {
            Rvalue::Aggregate(kind, _) => match **kind {
                AggregateKind::Closure(def_id, args)
                | AggregateKind::Coroutine(def_id, args)
                | AggregateKind::CoroutineClosure(def_id, args) => {
                    if let Some(target) = item_target(self.tcx, def_id, args) {
                        self.push(target, EdgeKind::Made, info);
                    }
                }
                _ => {}
            },
            Rvalue::Cast(CastKind::PointerCoercion(PointerCoercion::Unsize, _), operand, to) => {
                let from = operand.ty(self.body, self.tcx);
                self.unsize(from, *to, info);
            }
            _ => {}
        }
        self.super_rvalue(rvalue, location);
    }

    fn visit_operand(&mut self, operand: &Operand<'tcx>, location: Location) {
        // A function item named as a value: `map(parse)`, `let f: fn() = g;`.
        if let Operand::Constant(constant) = operand
            && let ty::FnDef(def_id, args) = *constant.ty().kind()
        {
            let info = *self.body.source_info(location);
            self.callee(def_id, args, EdgeKind::Made, info);
        }
        self.super_operand(operand, location);
    }
}

/// Resolves a function named with `args` in `typing_env` to what the lints follow. `None`: it
/// does nothing worth following (an intrinsic, a shim, an error already reported).
pub fn resolve<'tcx>(
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    def_id: DefId,
    args: GenericArgsRef<'tcx>,
) -> Option<Target<'tcx>> {
    if !matches!(tcx.def_kind(def_id), DefKind::Fn | DefKind::AssocFn | DefKind::Closure) {
        return None; // constructors and the like
    }
    if args.len() != tcx.generics_of(def_id).count() {
        return None;
    }
    let args = tcx.erase_and_anonymize_regions(args);
    if args.has_non_region_infer() || args.has_escaping_bound_vars() || args.references_error() {
        return None;
    }
    let args = tcx.try_normalize_erasing_regions(typing_env, Unnormalized::new(args)).unwrap_or(args);
    if tcx.is_foreign_item(def_id) {
        return item_target(tcx, def_id, args);
    }
    match Instance::try_resolve(tcx, typing_env, def_id, args) {
        Ok(Some(instance)) => match instance.def {
            InstanceKind::Item(d) | InstanceKind::ReifyShim(d, _) | InstanceKind::VTableShim(d) => {
                item_target(tcx, d, instance.args)
            }
            InstanceKind::ClosureOnceShim { .. } | InstanceKind::ConstructCoroutineInClosureShim { .. } => {
                match instance.args.first().and_then(|a| a.as_type()).map(|t| *t.kind()) {
                    Some(ty::Closure(d, a) | ty::CoroutineClosure(d, a)) => item_target(tcx, d, a),
                    _ => None,
                }
            }
            InstanceKind::Virtual(d, _) => Some(match has_declaration(tcx, d) {
                true => Target::Declared(d),
                false => Target::Unknown(Unknown::DynCall(d)),
            }),
            InstanceKind::FnPtrShim(..) => Some(Target::Unknown(Unknown::FnPointer)),
            _ => None,
        },
        Ok(None) if tcx.trait_of_assoc(def_id).is_some() => Some(match has_declaration(tcx, def_id) {
            true => Target::Declared(def_id),
            false if args.has_param() => Target::Deferred(def_id, args),
            false => Target::Unknown(Unknown::Generic(def_id)),
        }),
        Ok(None) | Err(_) => None,
    }
}

/// The target for a resolved item.
fn item_target<'tcx>(tcx: TyCtxt<'tcx>, def_id: DefId, args: GenericArgsRef<'tcx>) -> Option<Target<'tcx>> {
    if has_declaration(tcx, def_id) {
        return Some(Target::Declared(def_id));
    }
    match def_id.as_local() {
        // wasm-bindgen's stand-in for an import off wasm32: the import itself.
        Some(_) if foreign_import(tcx, def_id).is_some() => Some(Target::Extern(def_id, args)),
        Some(local) if is_analysed_body(tcx, local) => Some(Target::Local(local, args)),
        Some(_) if tcx.is_foreign_item(def_id) => Some(Target::Extern(def_id, args)),
        Some(_) => None,
        None => Some(Target::Extern(def_id, args)),
    }
}

/// The declared `async fn` whose body `def_id` is, if it is one.
fn declared_async_fn(tcx: TyCtxt<'_>, def_id: DefId) -> Option<DefId> {
    use rustc_hir::{CoroutineDesugaring, CoroutineKind, CoroutineSource};
    let kind = tcx.coroutine_kind(def_id)?;
    if !matches!(kind, CoroutineKind::Desugared(CoroutineDesugaring::Async, CoroutineSource::Fn)) {
        return None;
    }
    let parent = tcx.parent(def_id);
    has_declaration(tcx, parent).then_some(parent)
}

thread_local! {
    /// While set, the declarations of local functions that edges depend on are read without
    /// a dependency edge and listed here (see [`body_edges_untracked_declarations`]).
    static DECLARATION_READS: RefCell<Option<Vec<(LocalDefId, bool)>>> = const { RefCell::new(None) };
}

/// Whether `def_id` carries a declaration, as edges see it.
fn has_declaration(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    let Some(local) = def_id.as_local() else { return declared(tcx, def_id).is_some() };
    let recording = DECLARATION_READS.with_borrow(Option::is_some);
    if !recording {
        return declared(tcx, def_id).is_some();
    }
    let has = tcx.dep_graph.with_ignore(|| declared(tcx, def_id).is_some());
    DECLARATION_READS.with_borrow_mut(|reads| reads.get_or_insert_default().push((local, has)));
    has
}

/// [`body_edges`], with the declarations of the local functions the edges name read without a
/// dependency edge and returned: whether each has one. Inside a tracked query this keeps a
/// caller's edges from depending on everything in its callees' attributes (whose spans move
/// with any edit above them); the caller of this function checks the answers instead when it
/// reuses the edges.
pub fn body_edges_untracked_declarations<'tcx>(
    tcx: TyCtxt<'tcx>,
    def_id: LocalDefId,
) -> (Option<BodyEdges<'tcx>>, Vec<(LocalDefId, bool)>) {
    let outer = DECLARATION_READS.replace(Some(Vec::new()));
    let edges = body_edges(tcx, def_id);
    let mut reads = DECLARATION_READS.replace(outer).unwrap_or_default();
    let mut seen = rustc_data_structures::fx::FxHashSet::default();
    reads.retain(|read| seen.insert(*read));
    (edges, reads)
}

/// Trait methods an extern generic function is assumed to call: the methods of every trait
/// bound its instantiation puts on a concrete (or caller-generic) type. Only methods whose
/// effects could matter are returned: std impls that are pure are left out.
fn bound_targets<'tcx>(
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    def_id: DefId,
    args: GenericArgsRef<'tcx>,
) -> Vec<(DefId, Target<'tcx>)> {
    let mut out = Vec::new();
    if args.types().next().is_none() || args.len() != tcx.generics_of(def_id).count() {
        return out;
    }
    let predicates = tcx.predicates_of(def_id).instantiate(tcx, args);
    for clause in predicates.predicates.into_iter().take(32) {
        let Some(pred) = clause.skip_normalization().as_trait_clause() else { continue };
        let pred = tcx.instantiate_bound_regions_with_erased(pred);
        // Only types whose impls may live outside std: std's own impls on std types are pure
        // (the closures and values inside them are charged where they are made).
        let self_ty = pred.self_ty().peel_refs();
        let user_type = match self_ty.kind() {
            ty::Adt(adt, _) => !is_std_crate(tcx, adt.did().krate),
            ty::Closure(..) | ty::Coroutine(..) | ty::CoroutineClosure(..) | ty::FnDef(..) => true,
            ty::Param(_) | ty::Alias(..) => true,
            _ => false,
        };
        if !user_type || self_ty.references_error() {
            continue;
        }
        for method in trait_methods(tcx, pred.def_id()) {
            let Some(method_args) = method_args(tcx, method, pred.trait_ref.args) else { continue };
            let Some(target) = resolve(tcx, typing_env, method, method_args) else { continue };
            let keep = match target {
                Target::Extern(d, a) if is_std_crate(tcx, d.krate) => !std_source(tcx, d, a).effects.is_empty(),
                Target::Unknown(_) => false,
                _ => true,
            };
            if keep && !out.iter().any(|(_, t)| *t == target) {
                out.push((def_id, target));
            }
        }
    }
    out
}

fn trait_methods(tcx: TyCtxt<'_>, trait_id: DefId) -> Vec<DefId> {
    tcx.associated_items(trait_id)
        .in_definition_order()
        .filter(|item| item.is_method())
        .map(|item| item.def_id)
        .take(64)
        .collect()
}

/// Generic args for a trait method from its trait's args, when it has no type or const
/// parameters of its own (its own lifetimes are erased).
fn method_args<'tcx>(tcx: TyCtxt<'tcx>, method: DefId, trait_args: GenericArgsRef<'tcx>) -> Option<GenericArgsRef<'tcx>> {
    let generics = tcx.generics_of(method);
    if generics.own_requires_monomorphization() || generics.parent_count != trait_args.len() {
        return None;
    }
    Some(GenericArgs::for_item(tcx, method, |param, _| -> GenericArg<'tcx> {
        match trait_args.get(param.index as usize) {
            Some(&arg) => arg,
            None => tcx.lifetimes.re_erased.into(),
        }
    }))
}

/// The pointee of a reference, raw pointer or `Box`.
fn pointee(ty: Ty<'_>) -> Option<Ty<'_>> {
    ty.builtin_deref(true).or_else(|| ty.boxed_ty())
}

/// `Drop::drop` impls that dropping a `ty` runs: its own and those of what it owns (fields,
/// elements, generic arguments of std containers), outside std. Bounded depth: recursive
/// types are cut off.
fn drop_impls<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>, depth: usize, out: &mut Vec<(DefId, GenericArgsRef<'tcx>)>) {
    if depth > 3 || out.len() > 16 {
        return;
    }
    match ty.kind() {
        ty::Adt(adt, args) => {
            let std = is_std_crate(tcx, adt.did().krate);
            if !std && let Some(dtor) = adt.destructor(tcx) {
                let entry = (dtor.did, *args);
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
            if std {
                for inner in args.types() {
                    drop_impls(tcx, inner, depth + 1, out);
                }
            } else {
                for field in adt.all_fields() {
                    drop_impls(tcx, field.ty(tcx, args).skip_normalization(), depth + 1, out);
                }
            }
        }
        ty::Tuple(tys) => tys.iter().for_each(|t| drop_impls(tcx, t, depth + 1, out)),
        ty::Array(t, _) | ty::Slice(t) => drop_impls(tcx, *t, depth + 1, out),
        ty::Closure(_, args) => {
            for t in args.as_closure().upvar_tys() {
                drop_impls(tcx, t, depth + 1, out);
            }
        }
        _ => {}
    }
}
