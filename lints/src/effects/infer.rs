//! Effect inference over the crate's call graph.
//!
//! Every local body (function, method, closure) gets a [`Summary`]: the effects its body can
//! reach, for each effect the first edge it was found through (so a chain can be printed), the
//! trait-method calls still waiting for a concrete type, and the first call whose effects
//! cannot be known. Summaries are computed to a fixpoint, so recursion and mutual recursion
//! settle. A callee with a declaration contributes its declared effects (its contract), not its
//! body's; dependency crates contribute what their own compilation inferred (see
//! `side_files`), std what the source table says.
//!
//! Chains never loop: an edge is recorded for an effect only when its target already had that
//! effect, so following the recorded edges always goes back to an earlier discovery.

use std::cell::{Cell, OnceCell, RefCell};

use rustc_data_structures::fx::{FxHashMap, FxIndexMap};
use rustc_hir::HirId;
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_middle::ty::{EarlyBinder, GenericArgsRef, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_span::Span;

use crate::effects::call_graph::{Edge, EdgeKind, Site, Target, Unknown, body_edges, is_analysed_body, resolve};
use crate::effects::vocabulary::{Effect, EffectSet, declared, fn_name};
use crate::effects::side_files::{ExternContract, SideFiles};

/// The most deferred calls one body keeps (generic code rarely has more).
pub(crate) const MAX_DEFERRED: usize = 32;

/// Edge `index` of the body of `body`: where a reach starts in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeAt {
    pub body: LocalDefId,
    pub index: u32,
}

/// How an effect (or an unknown call) was reached from a body.
#[derive(Clone, Copy, Debug)]
pub struct Reach<'tcx> {
    pub at: EdgeAt,
    pub kind: EdgeKind,
    pub target: Target<'tcx>,
    /// Set when the effect came from a deferred call of the generic local function `through`,
    /// resolved with this body's types.
    pub through: Option<DefId>,
}

#[derive(Clone, Debug, Default)]
pub struct Summary<'tcx> {
    pub effects: EffectSet,
    pub reach: [Option<Reach<'tcx>>; Effect::COUNT],
    /// For each effect, the length of the chain through `reach` (names after this body's):
    /// the shortest found, so a chain shows the nearest source.
    pub hops: [u16; Effect::COUNT],
    pub deferred: Vec<(DefId, GenericArgsRef<'tcx>, Reach<'tcx>)>,
    pub unknown: Option<Reach<'tcx>>,
}

impl<'tcx> Summary<'tcx> {
    /// Adds `effects` reached through `reach`, whose chain for each effect is `hops(effect)`
    /// long; an effect already there takes the new reach only if its chain is shorter.
    fn add(&mut self, effects: EffectSet, reach: Reach<'tcx>, hops: impl Fn(Effect) -> u16) -> bool {
        // The names `reach` itself adds before its target (a generic function it went
        // through, the extern function a bound call is assumed from).
        let extra = u16::from(reach.through.is_some()) + u16::from(matches!(reach.kind, EdgeKind::Bound(_)));
        let mut changed = false;
        for effect in effects.iter() {
            let length = hops(effect).saturating_add(extra);
            let i = effect.index();
            if !self.effects.contains(effect) || length < self.hops[i] {
                self.reach[i] = Some(reach);
                self.hops[i] = length;
                self.effects = self.effects.with(effect);
                changed = true;
            }
        }
        changed
    }

    fn add_unknown(&mut self, reach: Reach<'tcx>) -> bool {
        let new = self.unknown.is_none();
        if new {
            self.unknown = Some(reach);
        }
        new
    }

    fn add_deferred(&mut self, def_id: DefId, args: GenericArgsRef<'tcx>, reach: Reach<'tcx>) -> bool {
        if self.deferred.len() >= MAX_DEFERRED || self.deferred.iter().any(|(d, a, _)| *d == def_id && *a == args) {
            return false;
        }
        self.deferred.push((def_id, args, reach));
        true
    }
}

/// A reach and where to report it.
#[derive(Clone, Copy, Debug)]
pub struct Located<'tcx> {
    pub reach: Reach<'tcx>,
    pub span: Span,
    pub lint_root: HirId,
}

/// The edges of one analysed body, as `Analysis::new` takes them. `sites` may be left out
/// (edges read back from the cache): they are then recomputed for the few bodies a diagnostic
/// points into.
pub struct BodyInput<'tcx> {
    pub def_id: LocalDefId,
    pub edges: Vec<Edge<'tcx>>,
    pub sites: Option<Vec<Site>>,
}

struct Node<'tcx> {
    edges: Vec<Edge<'tcx>>,
    sites: OnceCell<Vec<Site>>,
    summary: Summary<'tcx>,
}

/// The effects of every local body.
pub struct Analysis<'tcx> {
    pub tcx: TyCtxt<'tcx>,
    nodes: FxIndexMap<LocalDefId, Node<'tcx>>,
    externs: SideFiles,
    contracts: RefCell<FxHashMap<(DefId, GenericArgsRef<'tcx>), ExternContract>>,
    /// Dependency functions' open calls resolved per instantiation (`open_calls`).
    open_calls: RefCell<FxHashMap<(DefId, GenericArgsRef<'tcx>), Option<Vec<Target<'tcx>>>>>,
    /// Set when a body's edges, recomputed for its sites, differ from the edges given.
    stale: Cell<bool>,
}

impl<'tcx> Analysis<'tcx> {
    /// Analyses every local body from its MIR.
    pub fn run(tcx: TyCtxt<'tcx>) -> Analysis<'tcx> {
        let bodies = analysed_bodies(tcx)
            .filter_map(|def_id| {
                let body = body_edges(tcx, def_id)?;
                Some(BodyInput { def_id, edges: body.edges, sites: Some(body.sites) })
            })
            .collect();
        Analysis::new(tcx, bodies)
    }

    /// Infers the effects of `bodies` (every analysed body with usable MIR, in
    /// [`analysed_bodies`] order).
    pub fn new(tcx: TyCtxt<'tcx>, bodies: Vec<BodyInput<'tcx>>) -> Analysis<'tcx> {
        let mut nodes = FxIndexMap::default();
        for body in bodies {
            let sites = body.sites.map(OnceCell::from).unwrap_or_default();
            nodes.insert(body.def_id, Node { edges: body.edges, sites, summary: Summary::default() });
        }
        callees_first(&mut nodes);
        let mut analysis = Analysis {
            tcx,
            nodes,
            externs: SideFiles::default(),
            contracts: RefCell::default(),
            open_calls: RefCell::default(),
            stale: Cell::new(false),
        };
        analysis.fixpoint();
        analysis
    }

    /// Where edge `at` is. Bodies given without sites get them from their MIR here; if the
    /// edges found there are not the ones given, the analysis is marked stale (see
    /// [`Self::is_stale`]) and the sites found are used.
    pub fn site(&self, at: EdgeAt) -> Site {
        let tcx = self.tcx;
        let fallback = || Site { span: tcx.def_span(at.body), lint_root: tcx.local_def_id_to_hir_id(at.body) };
        let Some(node) = self.nodes.get(&at.body) else { return fallback() };
        let sites = node.sites.get_or_init(|| match body_edges(tcx, at.body) {
            Some(body) => {
                if body.edges != node.edges {
                    self.stale.set(true);
                }
                body.sites
            }
            None => {
                self.stale.set(true);
                Vec::new()
            }
        });
        sites.get(at.index as usize).copied().unwrap_or_else(fallback)
    }

    /// Whether edges given to [`Self::new`] turned out not to match the bodies' MIR: the
    /// results must then be discarded and the analysis run from MIR ([`Self::run`]).
    pub fn is_stale(&self) -> bool {
        self.stale.get()
    }

    /// The local bodies analysed, in definition order.
    pub fn bodies(&self) -> impl Iterator<Item = LocalDefId> + '_ {
        self.nodes.keys().copied()
    }

    /// The local functions the body of `def_id`, or a closure written in it, calls directly
    /// (declared or not).
    pub fn local_callees(&self, def_id: LocalDefId) -> Vec<LocalDefId> {
        let tcx = self.tcx;
        let mut out = Vec::new();
        let mut bodies = vec![def_id];
        while let Some(body) = bodies.pop() {
            let Some(node) = self.nodes.get(&body) else { continue };
            for edge in &node.edges {
                let callee = match edge.target {
                    Target::Local(callee, _) => callee,
                    Target::Declared(callee) => match callee.as_local() {
                        Some(callee) => callee,
                        None => continue,
                    },
                    _ => continue,
                };
                let nested = tcx.is_closure_like(callee.to_def_id())
                    && tcx.typeck_root_def_id(callee.to_def_id()) == def_id.to_def_id();
                if nested {
                    if !bodies.contains(&callee) && bodies.len() < 16 {
                        bodies.push(callee);
                    }
                } else if edge.kind == EdgeKind::Call && !out.contains(&callee) {
                    out.push(callee);
                }
            }
        }
        out
    }

    /// What the body of `def_id` reaches (not its declaration).
    pub fn summary(&self, def_id: LocalDefId) -> Option<&Summary<'tcx>> {
        self.nodes.get(&def_id).map(|n| &n.summary)
    }

    fn fixpoint(&mut self) {
        // Each round only adds facts, and there are finitely many, so this ends; in practice
        // in a few rounds (one per level of recursion the effects must climb).
        for _ in 0..self.nodes.len() * Effect::COUNT + 2 {
            let mut changed = false;
            for index in 0..self.nodes.len() {
                let mut summary = std::mem::take(&mut self.nodes[index].summary);
                let body = *self.nodes.get_index(index).map(|(d, _)| d).expect("index in range");
                // Direct edges first, so chains prefer them over assumed (bound) calls.
                let edges = self.nodes[index].edges.len();
                let order = (0..edges).filter(|&e| !matches!(self.nodes[index].edges[e].kind, EdgeKind::Bound(_)))
                    .chain((0..edges).filter(|&e| matches!(self.nodes[index].edges[e].kind, EdgeKind::Bound(_))))
                    .collect::<Vec<_>>();
                for e in order {
                    let edge = self.nodes[index].edges[e];
                    let reach = Reach {
                        at: EdgeAt { body, index: e as u32 },
                        kind: edge.kind,
                        target: edge.target,
                        through: None,
                    };
                    changed |= self.apply(&mut summary, body, edge.target, reach, 0);
                }
                self.nodes[index].summary = summary;
            }
            if !changed {
                break;
            }
        }
    }

    /// Adds what `target` contributes to `summary`; true if anything was new.
    fn apply(
        &self,
        summary: &mut Summary<'tcx>,
        caller: LocalDefId,
        target: Target<'tcx>,
        reach: Reach<'tcx>,
        depth: usize,
    ) -> bool {
        let tcx = self.tcx;
        match target {
            Target::Local(callee, args) => {
                let Some(node) = self.nodes.get(&callee) else { return false };
                let callee_summary = &node.summary;
                let mut changed =
                    summary.add(callee_summary.effects, reach, |e| callee_summary.hops[e.index()].saturating_add(1));
                if callee_summary.unknown.is_some() {
                    changed |= summary.add_unknown(reach);
                }
                if depth > 4 {
                    return changed;
                }
                for &(def_id, deferred_args, _) in &callee_summary.deferred {
                    let Some(instantiated) = instantiate(tcx, deferred_args, args) else { continue };
                    let typing_env = TypingEnv::post_analysis(tcx, caller.to_def_id());
                    let Some(resolved) = resolve(tcx, typing_env, def_id, instantiated) else { continue };
                    let through = Reach { target: resolved, through: Some(callee.to_def_id()), ..reach };
                    changed |= self.apply(summary, caller, resolved, through, depth + 1);
                }
                changed
            }
            Target::Declared(def_id) => {
                let effects = declared(tcx, def_id).map_or(EffectSet::NONE, |d| d.effects);
                summary.add(effects, reach, |_| 1)
            }
            Target::Extern(def_id, args) => {
                let contract = self.contract(def_id, args);
                let hops = |e: Effect| contract.chains[e.index()].as_ref().map_or(1, |c| c.len().max(1) as u16);
                let mut changed = summary.add(contract.effects, reach, hops);
                let open = if depth > 4 { None } else { self.open_calls(def_id, args, &contract) };
                // Open calls on a type generic here too: resolved where this body is instantiated
                // (kept unless the list of deferred calls is full; then unknown).
                let mut deferred = false;
                if open.is_none() && contract.open_calls.is_some() && args.has_param() {
                    deferred = summary.deferred.iter().any(|(d, a, _)| *d == def_id && *a == args);
                    if !deferred && summary.add_deferred(def_id, args, reach) {
                        (deferred, changed) = (true, true);
                    }
                }
                for &resolved in open.iter().flatten() {
                    let through = Reach { target: resolved, through: Some(def_id), ..reach };
                    changed |= self.apply(summary, caller, resolved, through, depth + 1);
                }
                if contract.unknown.is_some() && !(contract.unknown_is_open_calls && (open.is_some() || deferred)) {
                    changed |= summary.add_unknown(reach);
                }
                changed
            }
            Target::Deferred(def_id, args) => summary.add_deferred(def_id, args, reach),
            Target::Unknown(_) => summary.add_unknown(reach),
        }
    }

    /// What an extern function contributes, cached per instantiation.
    pub fn contract(&self, def_id: DefId, args: GenericArgsRef<'tcx>) -> ExternContract {
        if let Some(c) = self.contracts.borrow().get(&(def_id, args)) {
            return c.clone();
        }
        let contract = self.externs.contract(self.tcx, def_id, args);
        self.contracts.borrow_mut().insert((def_id, args), contract.clone());
        contract
    }

    /// The open trait-method calls of the dependency function `def_id` (see
    /// `ExternContract::open_calls`), resolved with the types of a call `args`; `None` (the call
    /// stays unknown) unless `args` are fully known (no parameter of the caller's) and every
    /// open call resolves to a function.
    fn open_calls(&self, def_id: DefId, args: GenericArgsRef<'tcx>, contract: &ExternContract) -> Option<Vec<Target<'tcx>>> {
        let blob = contract.open_calls.as_ref()?;
        if let Some(done) = self.open_calls.borrow().get(&(def_id, args)) {
            return done.clone();
        }
        let tcx = self.tcx;
        let resolved = (|| {
            if args.has_param() || args.has_infer() || args.has_escaping_bound_vars() || args.references_error() {
                return None;
            }
            let defs = crate::effects::codec::Resolver::new(tcx).defs(blob)?;
            let (edges, _) = crate::effects::codec::decode(tcx, blob, &defs)?;
            let mut targets = Vec::with_capacity(edges.len());
            for edge in edges {
                let Target::Deferred(callee, open_args) = edge.target else { return None };
                let instantiated = instantiate(tcx, open_args, args)?;
                if instantiated.has_param() || instantiated.has_escaping_bound_vars() {
                    return None;
                }
                match resolve(tcx, TypingEnv::fully_monomorphized(), callee, instantiated) {
                    Some(Target::Deferred(..) | Target::Unknown(Unknown::Generic(_))) => return None,
                    Some(target) => targets.push(target),
                    None => {} // nothing to follow (an intrinsic, a constructor)
                }
            }
            Some(targets)
        })();
        self.open_calls.borrow_mut().insert((def_id, args), resolved.clone());
        resolved
    }

    /// The chain from `def_id`'s body to the source of `effect`, e.g.
    /// `["fetch_and_cache", "Cache::store", "AtomicU32::store"]`.
    pub fn chain(&self, def_id: LocalDefId, effect: Effect) -> Vec<String> {
        let mut out = vec![fn_name(self.tcx, def_id.to_def_id())];
        if let Some(reach) = self.summary(def_id).and_then(|s| s.reach[effect.index()]) {
            self.follow(reach, Some(effect), &mut out, 0);
        }
        out
    }

    /// The chain from `def_id`'s body to its first call whose effects cannot be known, with
    /// what that call is as the last element.
    pub fn unknown_chain(&self, def_id: LocalDefId) -> Vec<String> {
        let mut out = vec![fn_name(self.tcx, def_id.to_def_id())];
        if let Some(reach) = self.summary(def_id).and_then(|s| s.unknown) {
            self.follow(reach, None, &mut out, 0);
        }
        out
    }

    /// Appends the names along `reach` (for `effect`, or the unknown call when `None`).
    pub fn follow(&self, reach: Reach<'tcx>, effect: Option<Effect>, out: &mut Vec<String>, depth: usize) {
        let tcx = self.tcx;
        if depth > 64 {
            return;
        }
        if let Some(generic) = reach.through {
            out.push(fn_name(tcx, generic));
        }
        if let EdgeKind::Bound(via) = reach.kind {
            out.push(fn_name(tcx, via));
        }
        match reach.target {
            Target::Local(callee, _) => {
                out.push(fn_name(tcx, callee.to_def_id()));
                let next = self.summary(callee).and_then(|s| match effect {
                    Some(e) => s.reach[e.index()],
                    None => s.unknown,
                });
                if let Some(next) = next {
                    self.follow(next, effect, out, depth + 1);
                }
            }
            Target::Declared(def_id) => out.push(format!("{} (declared)", fn_name(tcx, def_id))),
            Target::Extern(def_id, args) => {
                let contract = self.contract(def_id, args);
                let chain = match effect {
                    Some(e) => contract.chains[e.index()].clone(),
                    None => contract.unknown.clone(),
                };
                out.extend(chain.unwrap_or_else(|| vec![fn_name(tcx, def_id)]));
            }
            Target::Deferred(def_id, _) => out.push(format!("{} (generic)", fn_name(tcx, def_id))),
            Target::Unknown(unknown) => out.push(describe_unknown(tcx, unknown)),
        }
    }
}

impl<'tcx> Analysis<'tcx> {
    /// Where to point when reporting `effect` (or the unknown call, for `None`) reached from
    /// `def_id` through `reach`: descends into the closures and async blocks written inside
    /// `def_id`, so the span is the code that performs it; spans inside other crates' macros
    /// (`println!`) become the macro call.
    pub fn report_site(&self, def_id: LocalDefId, mut reach: Reach<'tcx>, effect: Option<Effect>) -> Located<'tcx> {
        let tcx = self.tcx;
        for _ in 0..16 {
            let Target::Local(inner, _) = reach.target else { break };
            if reach.through.is_some()
                || !tcx.is_closure_like(inner.to_def_id())
                || tcx.typeck_root_def_id(inner.to_def_id()) != def_id.to_def_id()
            {
                break;
            }
            let next = self.summary(inner).and_then(|s| match effect {
                Some(e) => s.reach[e.index()],
                None => s.unknown,
            });
            match next {
                Some(next) => reach = next,
                None => break,
            }
        }
        let site = self.site(reach.at);
        let mut span = site.span;
        if span.in_external_macro(tcx.sess.source_map()) {
            span = span.source_callsite();
        }
        Located { reach, span, lint_root: site.lint_root }
    }

    /// What `reach` leads to, for a "through `...`" label.
    pub fn target_name(&self, reach: &Reach<'tcx>, effect: Option<Effect>) -> String {
        let tcx = self.tcx;
        if let Some(generic) = reach.through {
            return fn_name(tcx, generic);
        }
        if let EdgeKind::Bound(via) = reach.kind {
            return fn_name(tcx, via);
        }
        match reach.target {
            Target::Local(d, _) => fn_name(tcx, d.to_def_id()),
            Target::Declared(d) | Target::Deferred(d, _) => fn_name(tcx, d),
            Target::Extern(d, args) => {
                let contract = self.contract(d, args);
                let chain = match effect {
                    Some(e) => contract.chains[e.index()].clone(),
                    None => contract.unknown.clone(),
                };
                chain.and_then(|c| c.first().cloned()).unwrap_or_else(|| fn_name(tcx, d))
            }
            Target::Unknown(u) => describe_unknown(tcx, u),
        }
    }
}

/// The local bodies whose effects are inferred, in the order the analysis takes them.
pub fn analysed_bodies(tcx: TyCtxt<'_>) -> impl Iterator<Item = LocalDefId> + '_ {
    tcx.hir_body_owners().filter(move |&def_id| is_analysed_body(tcx, def_id))
}

/// Orders the bodies so that callees come before their callers (depth-first post-order over
/// local edges): most effects then settle in the first round.
fn callees_first(nodes: &mut FxIndexMap<LocalDefId, Node<'_>>) {
    let mut order: Vec<LocalDefId> = Vec::with_capacity(nodes.len());
    let mut seen = rustc_data_structures::fx::FxHashSet::default();
    for &root in nodes.keys() {
        if !seen.insert(root) {
            continue;
        }
        // (node, next edge to look at)
        let mut stack = vec![(root, 0usize)];
        while let Some((node, next)) = stack.pop() {
            let edges = &nodes[&node].edges;
            let callee = edges[next.min(edges.len())..].iter().enumerate().find_map(|(i, e)| match e.target {
                Target::Local(c, _) if nodes.contains_key(&c) && !seen.contains(&c) => Some((next + i, c)),
                _ => None,
            });
            match callee {
                Some((at, c)) => {
                    stack.push((node, at + 1));
                    seen.insert(c);
                    stack.push((c, 0));
                }
                None => order.push(node),
            }
        }
    }
    for (index, def_id) in order.into_iter().enumerate() {
        if let Some(from) = nodes.get_index_of(&def_id) {
            nodes.swap_indices(from, index);
        }
    }
}

/// What an unknown call is, for the end of a chain.
pub fn describe_unknown(tcx: TyCtxt<'_>, unknown: Unknown) -> String {
    match unknown {
        Unknown::FnPointer => "a call through a function pointer or closure value".into(),
        Unknown::DynCall(d) => format!("`{}` through `dyn` (the trait method declares no effects)", fn_name(tcx, d)),
        Unknown::Generic(d) => format!("`{}` on a generic type (the trait method declares no effects)", fn_name(tcx, d)),
        Unknown::Unanalysed(d) => {
            format!("`{}` (crate `{}` was not analysed by wasm-lint-driver)", fn_name(tcx, d), tcx.crate_name(d.krate))
        }
    }
}

/// `args` (in a callee's generics) instantiated with the callee's generic args `with`, or
/// `None` if they do not fit (then the call is left alone rather than risking a wrong answer).
fn instantiate<'tcx>(
    tcx: TyCtxt<'tcx>,
    args: GenericArgsRef<'tcx>,
    with: GenericArgsRef<'tcx>,
) -> Option<GenericArgsRef<'tcx>> {
    let fits = args.iter().flat_map(|a| a.walk()).all(|a| match a.as_type().map(|t| *t.kind()) {
        Some(rustc_middle::ty::Param(p)) => (p.index as usize) < with.len() && with[p.index as usize].as_type().is_some(),
        _ => true,
    });
    let consts_fit = !args.iter().flat_map(|a| a.walk()).any(|a| {
        a.as_const().is_some_and(|c| matches!(c.kind(), rustc_middle::ty::ConstKind::Param(_)))
    });
    if !fits || !consts_fit || with.has_escaping_bound_vars() {
        return None;
    }
    Some(EarlyBinder::bind(args).instantiate(tcx, with).skip_normalization())
}
