//! Where a pointer came from, read backwards through a MIR body: pointer casts, `as usize` round
//! trips, `transmute`, and std's pointer plumbing (`cast`, `add`, `slice::from_raw_parts_mut`,
//! ...), back to where a pointer to a typed place was made.
//!
//! The answer is every pointee type the value had on the way, so a `*mut u8` that started as a
//! `*mut Particle` reports `Particle`. A call to a function outside std, a function argument, or a
//! place with projections (`&mut (*s).field`) ends the trail: past them the pointer's history is
//! not in this body.

use rustc_data_structures::fx::{FxHashMap, FxHashSet};
use rustc_middle::mir::{Body, Local, Operand, Place, ProjectionElem, Rvalue, TerminatorKind};
use rustc_middle::ty::{self, Ty, TyCtxt};
use rustc_span::{Span, sym};

use crate::utils::mir::{Def, local_defs};
use crate::utils::paths::is_std_crate;

/// Steps followed at most for one operand.
const MAX_STEPS: usize = 64;

/// One step of a pointer's history: the type it pointed to, and where that pointer was made.
#[derive(Clone, Copy, Debug)]
pub struct Pointee<'tcx> {
    pub ty: Ty<'tcx>,
    pub span: Span,
}

/// The assignments of each local of a body, for walking values back to where they were made.
pub struct PointerOrigins<'a, 'tcx> {
    tcx: TyCtxt<'tcx>,
    body: &'a Body<'tcx>,
    defs: FxHashMap<Local, Vec<Def>>,
}

impl<'a, 'tcx> PointerOrigins<'a, 'tcx> {
    pub fn new(tcx: TyCtxt<'tcx>, body: &'a Body<'tcx>) -> Self {
        PointerOrigins { tcx, body, defs: local_defs(body) }
    }

    /// The pointee types `operand` had, nearest first: one entry for each raw pointer or
    /// reference the value passed through (a `&mut [T]` or `*mut [T]` gives the slice type).
    pub fn pointees(&self, operand: &Operand<'tcx>) -> Vec<Pointee<'tcx>> {
        let mut out = Vec::new();
        let Some(start) = operand.place().and_then(|p| p.as_local()) else {
            return out;
        };
        let mut seen = FxHashSet::default();
        let mut queue = vec![start];
        while let Some(local) = queue.pop() {
            if !seen.insert(local) || seen.len() > MAX_STEPS {
                continue;
            }
            for &def in self.defs.get(&local).map(Vec::as_slice).unwrap_or_default() {
                let span = def.span(self.body);
                if let Some(pointee) = pointee_of(self.body.local_decls[local].ty) {
                    out.push(Pointee { ty: pointee, span });
                }
                queue.extend(self.source_of(def));
            }
        }
        out
    }

    /// The local a definition took its pointer from, if it is one we can follow.
    fn source_of(&self, def: Def) -> Option<Local> {
        match def {
            Def::Statement(loc) => {
                let stmt = &self.body[loc.block].statements[loc.statement_index];
                let (_, rvalue) = stmt.kind.as_assign()?;
                match rvalue {
                    Rvalue::Use(operand, _) | Rvalue::Cast(_, operand, _) => {
                        operand.place()?.as_local()
                    }
                    Rvalue::CopyForDeref(place) => place.as_local(),
                    // `&raw mut (*p)` and `&mut (*p)`: a pointer made from another pointer.
                    Rvalue::RawPtr(_, place) | Rvalue::Ref(_, _, place) => deref_of(*place),
                    _ => None,
                }
            }
            Def::Call(bb) => {
                let TerminatorKind::Call { func, args, .. } = &self.body[bb].terminator().kind
                else {
                    return None;
                };
                let (callee, _) = func.const_fn_def()?;
                let first = args.first()?.node.place()?.as_local()?;
                let tcx = self.tcx;
                if tcx
                    .intrinsic(callee)
                    .is_some_and(|i| i.name == sym::transmute)
                {
                    return Some(first);
                }
                // std's pointer plumbing keeps the pointer it is given (`p.cast()`, `p.add(n)`,
                // `slice::from_raw_parts_mut(p, n)`, `ptr::with_exposed_provenance_mut(addr)`).
                let in_std = is_std_crate(tcx, callee.krate);
                let from_pointer = matches!(
                    self.body.local_decls[first].ty.kind(),
                    ty::RawPtr(..) | ty::Uint(ty::UintTy::Usize) | ty::Int(ty::IntTy::Isize)
                );
                (in_std && from_pointer).then_some(first)
            }
        }
    }
}

/// What a raw pointer or reference type points to.
fn pointee_of(ty: Ty<'_>) -> Option<Ty<'_>> {
    match *ty.kind() {
        ty::RawPtr(pointee, _) | ty::Ref(_, pointee, _) => Some(pointee),
        _ => None,
    }
}

/// `p` for the place `*p`, nothing for any other place.
fn deref_of(place: Place<'_>) -> Option<Local> {
    match place.projection.as_slice() {
        [ProjectionElem::Deref] => Some(place.local),
        _ => None,
    }
}
