//! Whether a value carries an X (a host reference, for `externref_escape`), read backwards through
//! a MIR body, and where it came from: a parameter, the call that made it, a closure capture, a
//! place it was moved out of.
//!
//! Types decide what *can* carry an X ([`TypeContains`]); the assignments decide what does: an
//! `Option` assigned `None` carries nothing, and a `Box<dyn Fn()>` made from a closure that
//! captured a reference carries it though its type does not say so. A value made by a call
//! carries what was moved into the call (`Box::new(c)`, `Some`-like wrappers), or an X the callee
//! made ([`result_conjured`]), or one cloned from a borrowed argument (`r.clone()`).

use std::cell::RefCell;

use rustc_data_structures::fx::FxHashMap;
use rustc_middle::mir::{
    BasicBlock, Body, Local, Operand, Place, ProjectionElem, Rvalue, TerminatorKind,
    VarDebugInfoContents,
};
use rustc_middle::ty::{self, Ty, TyCtxt, TypeVisitableExt};
use rustc_span::Spanned;
use rustc_span::{Span, Symbol};

use crate::utils::mir::{Def, callee, local_defs, mut_ref_origins, result_conjured};
use crate::utils::type_contains::{Marker, TypeContains};

/// Steps followed back from one value at most.
const MAX_DEPTH: usize = 32;

/// How a carried value entered the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A parameter of the function.
    Param,
    /// Made by a call (or an aggregate of the marked type itself).
    Created,
    /// A capture of the closure whose body this is.
    Captured,
    /// Moved out of a field or through a pointer, which is not followed further.
    MovedOut,
}

/// Where a carried value came from.
#[derive(Clone, Copy, Debug)]
pub struct Origin<'tcx> {
    pub span: Span,
    pub kind: SourceKind,
    /// The user variable nearest to the use that held the value, if any.
    pub name: Option<Symbol>,
    /// The value's type where it came from (the captured reference, not the closure).
    pub ty: Ty<'tcx>,
    /// The type the value had before it was hidden behind a trait object (the closure in a
    /// `Box<dyn Fn()>`).
    pub hidden: Option<Ty<'tcx>>,
}

/// Answers "does this value carry an X, and from where" for one body.
pub struct ValueOrigins<'a, 'tcx, M> {
    tcx: TyCtxt<'tcx>,
    body: &'a Body<'tcx>,
    types: &'a TypeContains<'tcx, M>,
    defs: FxHashMap<Local, Vec<Def>>,
    /// Calls given a `&mut` to the local (`v.push(r)` for `v`): moved-in values may land there.
    fills: FxHashMap<Local, Vec<BasicBlock>>,
    names: FxHashMap<Local, Symbol>,
    /// User names of places with projections: a closure's captures (`r => (_1.0)`).
    place_names: Vec<(Place<'tcx>, Symbol)>,
    /// Origins of a closure body's captures, when the body that built the closure is known.
    captures: Vec<Option<Origin<'tcx>>>,
    cache: RefCell<FxHashMap<Local, Option<Origin<'tcx>>>>,
}

impl<'a, 'tcx, M: Marker<'tcx>> ValueOrigins<'a, 'tcx, M> {
    pub fn new(
        tcx: TyCtxt<'tcx>,
        body: &'a Body<'tcx>,
        types: &'a TypeContains<'tcx, M>,
        captures: Vec<Option<Origin<'tcx>>>,
    ) -> Self {
        // Names the user wrote: not `val` of the `?` desugaring.
        let user_names = || {
            body.var_debug_info.iter().filter(|info| !info.source_info.span.from_expansion()).filter_map(|info| {
                match info.value {
                    VarDebugInfoContents::Place(place) => Some((place, info.name)),
                    VarDebugInfoContents::Const(_) => None,
                }
            })
        };
        let place_names = user_names().filter(|(place, _)| !place.projection.is_empty()).collect();
        let names = user_names().filter_map(|(place, name)| Some((place.as_local()?, name))).collect();
        let origins = mut_ref_origins(body);
        let mut fills: FxHashMap<Local, Vec<BasicBlock>> = FxHashMap::default();
        for (bb, block) in body.basic_blocks.iter_enumerated() {
            if let TerminatorKind::Call { args, .. } = &block.terminator().kind {
                for arg in args.iter() {
                    if let Some(place) = arg.node.place().and_then(|p| p.as_local()).and_then(|l| origins.get(&l)) {
                        fills.entry(place.local).or_default().push(bb);
                    }
                }
            }
        }
        ValueOrigins {
            tcx,
            body,
            types,
            fills,
            defs: local_defs(body),
            names,
            place_names,
            captures,
            cache: RefCell::default(),
        }
    }

    /// Whether `ty` can carry an X: it owns one, or hides what it owns behind a trait object.
    pub fn may_carry(&self, ty: Ty<'tcx>) -> bool {
        self.types.contains(ty) || hides_contents(ty)
    }

    /// Where the X an operand (used at `span`) carries came from; `None` if it carries none.
    pub fn operand(&self, op: &Operand<'tcx>, span: Span) -> Option<Origin<'tcx>> {
        self.operand_at(op, span, 0)
    }

    /// Where the X an assigned value carries came from.
    pub fn rvalue(&self, rvalue: &Rvalue<'tcx>, span: Span) -> Option<Origin<'tcx>> {
        self.rvalue_at(rvalue, span, 0)
    }

    /// Where the X the result of the call ending `bb` carries came from.
    pub fn call_result(&self, bb: BasicBlock) -> Option<Origin<'tcx>> {
        self.call_at(bb, 0)
    }

    /// For the `index`th argument of a call to `func`: what the callee gets by calling it, when
    /// that can hold an X — a closure or function passed for a generic `F: FnOnce() -> T`
    /// (`cell.get_or_init(|| make())`, `LazyCell::new(make)`), not one stored as a value
    /// (`v.push(make as fn() -> _)`).
    pub fn made_by_argument(&self, func: &Operand<'tcx>, args: &[Spanned<Operand<'tcx>>], index: usize) -> Option<Ty<'tcx>> {
        let tcx = self.tcx;
        let arg_ty = args.get(index)?.node.ty(self.body, tcx);
        let output = match *arg_ty.kind() {
            ty::Closure(_, closure_args) => closure_args.as_closure().sig().output().skip_binder(),
            ty::FnDef(def_id, _) if tcx.is_closure_like(def_id) => return None,
            ty::FnDef(..) | ty::FnPtr(..) => arg_ty.fn_sig(tcx).output().skip_binder(),
            _ => return None,
        };
        if output.has_escaping_bound_vars() || !self.types.contains(output) {
            return None;
        }
        let declared = callee(tcx, self.types.typing_env(), func)?.declared_def_id();
        if tcx.is_closure_like(declared) {
            return None;
        }
        let sig = tcx.fn_sig(declared).instantiate_identity().skip_binder();
        let ty::Param(param) = *sig.inputs().get(index)?.kind() else { return None };
        let predicates = tcx.predicates_of(declared).instantiate_identity(tcx).predicates;
        let called = predicates.iter().any(|clause| {
            clause.as_trait_clause().is_some_and(|tr| {
                tcx.is_fn_trait(tr.def_id()) && matches!(tr.self_ty().skip_binder().kind(), ty::Param(p) if *p == param)
            })
        });
        called.then_some(output)
    }

    /// The user variable an operand's value is, following plain moves (`_5 = move session`).
    pub fn name_of(&self, op: &Operand<'tcx>) -> Option<Symbol> {
        let mut local = op.place()?.as_local()?;
        for _ in 0..MAX_DEPTH {
            if let Some(&name) = self.names.get(&local) {
                return Some(name);
            }
            let [Def::Statement(loc)] = self.defs.get(&local)?.as_slice() else { return None };
            let stmt = &self.body[loc.block].statements[loc.statement_index];
            let Some((_, Rvalue::Use(Operand::Move(source), _))) = stmt.kind.as_assign() else { return None };
            local = source.as_local()?;
        }
        None
    }

    /// The origins of the captures of the closure `op` holds, when it was built in this body.
    pub fn captures_of(&self, op: &Operand<'tcx>) -> Vec<Option<Origin<'tcx>>> {
        let Some(local) = op.place().and_then(|p| p.as_local()) else { return Vec::new() };
        for &def in self.defs.get(&local).map(Vec::as_slice).unwrap_or_default() {
            let Def::Statement(loc) = def else { continue };
            let stmt = &self.body[loc.block].statements[loc.statement_index];
            if let Some((_, Rvalue::Aggregate(kind, ops))) = stmt.kind.as_assign()
                && matches!(**kind, rustc_middle::mir::AggregateKind::Closure(..))
            {
                return ops.iter().map(|op| self.operand(op, stmt.source_info.span)).collect();
            }
            if let Some((_, Rvalue::Use(Operand::Move(source), _))) = stmt.kind.as_assign() {
                return self.captures_of(&Operand::Move(*source));
            }
        }
        Vec::new()
    }

    fn operand_at(&self, op: &Operand<'tcx>, span: Span, depth: usize) -> Option<Origin<'tcx>> {
        let place = match op {
            Operand::Move(place) | Operand::Copy(place) => *place,
            // A constant cannot own a host object.
            Operand::Constant(_) | Operand::RuntimeChecks(_) => return None,
        };
        if let Some(local) = place.as_local() {
            return self.local_at(local, depth);
        }
        let ty = place.ty(self.body, self.tcx).ty;
        if !self.types.contains(ty) {
            return None;
        }
        let name = self.place_name(place);
        if let Some(field) = self.capture_index(place) {
            if let Some(Some(origin)) = self.captures.get(field) {
                return Some(Origin { name: origin.name.or(name), ..*origin });
            }
            return Some(Origin { span, kind: SourceKind::Captured, name, ty, hidden: None });
        }
        Some(Origin { span, kind: SourceKind::MovedOut, name, ty, hidden: None })
    }

    fn local_at(&self, local: Local, depth: usize) -> Option<Origin<'tcx>> {
        if let Some(known) = self.cache.borrow().get(&local) {
            return *known;
        }
        let ty = self.body.local_decls[local].ty;
        if depth > MAX_DEPTH || !self.may_carry(ty) {
            return None;
        }
        // Provisional answer for cycles (`x = f(x)` in a loop).
        self.cache.borrow_mut().insert(local, None);
        let origin = if (1..=self.body.arg_count).contains(&local.as_usize()) {
            self.types.contains(ty).then(|| Origin {
                span: self.body.local_decls[local].source_info.span,
                kind: if local.as_usize() == 1 && self.tcx.is_closure_like(self.body.source.def_id()) {
                    SourceKind::Captured
                } else {
                    SourceKind::Param
                },
                name: None,
                ty,
                hidden: None,
            })
        } else {
            let assigned = self.defs.get(&local).map(Vec::as_slice).unwrap_or_default().iter().find_map(|&def| match def {
                Def::Statement(loc) => {
                    let stmt = &self.body[loc.block].statements[loc.statement_index];
                    let (_, rvalue) = stmt.kind.as_assign()?;
                    self.rvalue_at(rvalue, stmt.source_info.span, depth + 1)
                }
                Def::Call(bb) => self.call_at(bb, depth + 1),
            });
            assigned.or_else(|| self.filled(local, depth + 1))
        };
        let origin = origin.map(|o| Origin { name: o.name.or_else(|| self.names.get(&local).copied()), ..o });
        self.cache.borrow_mut().insert(local, origin);
        origin
    }

    /// A value moved into a call that also got a `&mut` to `local` (`v.push(r)`, `m.insert(k, r)`).
    fn filled(&self, local: Local, depth: usize) -> Option<Origin<'tcx>> {
        if !self.types.contains(self.body.local_decls[local].ty) {
            return None;
        }
        self.fills.get(&local).map(Vec::as_slice).unwrap_or_default().iter().find_map(|&bb| {
            let term = self.body[bb].terminator();
            let TerminatorKind::Call { args, .. } = &term.kind else { return None };
            args.iter()
                .filter(|arg| matches!(arg.node, Operand::Move(_)))
                .find_map(|arg| self.operand_at(&arg.node, term.source_info.span, depth))
        })
    }

    fn rvalue_at(&self, rvalue: &Rvalue<'tcx>, span: Span, depth: usize) -> Option<Origin<'tcx>> {
        match rvalue {
            Rvalue::Cast(_, op, target) => {
                let origin = self.operand_at(op, span, depth)?;
                Some(self.hiding(origin, *target, op.ty(self.body, self.tcx)))
            }
            Rvalue::Use(op, _) | Rvalue::Repeat(op, _) => self.operand_at(op, span, depth),
            Rvalue::Aggregate(_, ops) => {
                let ty = rvalue.ty(self.body, self.tcx);
                if self.types.marker().is_marked(ty) {
                    return Some(Origin { span, kind: SourceKind::Created, name: None, ty, hidden: None });
                }
                ops.iter().find_map(|op| self.operand_at(op, span, depth))
            }
            // Borrows, reads of discriminants and lengths, arithmetic: nothing owned moves.
            _ => None,
        }
    }

    fn call_at(&self, bb: BasicBlock, depth: usize) -> Option<Origin<'tcx>> {
        let tcx = self.tcx;
        let term = self.body[bb].terminator();
        let TerminatorKind::Call { func, args, destination, .. } = &term.kind else { return None };
        let span = term.source_info.span;
        let ty = destination.ty(self.body, tcx).ty;
        if !self.may_carry(ty) {
            return None;
        }
        // A wrapper of what was moved in: `Box::new(c)`, `RefCell::new(v)`, `Closure::new(f)`.
        for (index, arg) in args.iter().enumerate() {
            if let Operand::Move(_) = arg.node
                && let Some(origin) = self.operand_at(&arg.node, span, depth)
            {
                return Some(self.hiding(origin, ty, arg.node.ty(self.body, tcx)));
            }
            if let Some(made) = self.made_by_argument(func, args, index) {
                return Some(Origin { span: arg.span, kind: SourceKind::Created, name: None, ty: made, hidden: None });
            }
        }
        if !self.types.contains(ty) {
            return None;
        }
        let callee = callee(tcx, self.types.typing_env(), func);
        let borrows_one = args.iter().any(|arg| match arg.node.ty(self.body, tcx).kind() {
            ty::Ref(_, pointee, _) => self.types.contains(*pointee),
            _ => false,
        });
        (borrows_one || result_conjured(tcx, callee, |t| self.types.contains(t)))
            .then_some(Origin { span, kind: SourceKind::Created, name: None, ty, hidden: None })
    }

    /// Records `before` as what the value was when `after` hides it behind a trait object.
    fn hiding(&self, origin: Origin<'tcx>, after: Ty<'tcx>, before: Ty<'tcx>) -> Origin<'tcx> {
        if origin.hidden.is_none() && hides_contents(after) && !self.types.contains(after) {
            Origin { hidden: Some(before), ..origin }
        } else {
            origin
        }
    }

    /// `Some(i)` for the `i`th capture of the closure whose body this is (`_1.i`, `(*_1).i`).
    fn capture_index(&self, place: Place<'tcx>) -> Option<usize> {
        if place.local.as_usize() != 1 || !self.tcx.is_closure_like(self.body.source.def_id()) {
            return None;
        }
        match place.projection.as_slice() {
            [ProjectionElem::Field(field, _), ..]
            | [ProjectionElem::Deref, ProjectionElem::Field(field, _), ..] => Some(field.as_usize()),
            _ => None,
        }
    }

    /// The user name of `place` or of the nearest named place it is inside.
    fn place_name(&self, place: Place<'tcx>) -> Option<Symbol> {
        (0..=place.projection.len()).rev().find_map(|len| {
            let prefix = &place.projection[..len];
            if prefix.is_empty() {
                return self.names.get(&place.local).copied();
            }
            self.place_names
                .iter()
                .find(|(p, _)| p.local == place.local && p.projection.as_slice() == prefix)
                .map(|&(_, name)| name)
        })
    }
}

/// Whether a value of `ty` may own things its type does not show: a trait object (`Box<dyn
/// Fn()>`, `wasm_bindgen::closure::Closure<dyn FnMut()>`).
pub fn hides_contents(ty: Ty<'_>) -> bool {
    ty.walk().any(|arg| arg.as_type().is_some_and(|t| matches!(t.kind(), ty::Dynamic(..))))
}
