//! What becomes of a value that stands for ownership it no longer exercises — a `ManuallyDrop`, a
//! raw handle from `into_raw`, a pointer from `Box::into_raw` — within one body: taken back (by
//! `ManuallyDrop::into_inner`, `from_raw`, ...), passed on (returned, stored, given to a call,
//! which may take it back), or lost (only read, printed, compared, or dropped).
//!
//! The answer does not depend on paths: one taking back anywhere counts. Anything not
//! understood counts as passed on, so "lost" is only said when the body plainly drops it.

use rustc_data_structures::fx::FxHashSet;
use rustc_hir::LangItem;
use rustc_hir::def_id::DefId;
use rustc_middle::mir::{Body, Local, Operand, Place, RETURN_PLACE, Rvalue, TerminatorKind};
use rustc_middle::ty::TyCtxt;

use crate::utils::paths::is_std_crate;

/// What becomes of a value in a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    TakenBack,
    PassedOn,
    Lost,
}

/// Follows the value in `start` (the destination of the call that made it) through copies,
/// moves and borrows. `takes_back(callee)` names the functions that give the ownership back.
pub fn fate<'tcx>(
    tcx: TyCtxt<'tcx>,
    body: &Body<'tcx>,
    start: Place<'tcx>,
    takes_back: impl Fn(DefId) -> bool,
) -> Fate {
    let Some(start) = start.as_local() else { return Fate::PassedOn };
    if start == RETURN_PLACE {
        return Fate::PassedOn;
    }
    // Locals holding the value, and locals holding a shared borrow of it.
    let mut owners: FxHashSet<Local> = [start].into_iter().collect();
    let mut shared: FxHashSet<Local> = FxHashSet::default();
    let mut passed_on = false;
    for _ in 0..16 {
        let before = (owners.len(), shared.len());
        for block in body.basic_blocks.iter() {
            for stmt in &block.statements {
                let Some((lhs, rvalue)) = stmt.kind.as_assign() else { continue };
                let target = lhs.as_local().filter(|&l| l != RETURN_PLACE);
                let uses = |op: &Operand<'tcx>| op.place().is_some_and(|p| owners.contains(&p.local));
                match rvalue {
                    Rvalue::Use(op, _) | Rvalue::Cast(_, op, _) if uses(op) => match target {
                        Some(local) if op.place().is_some_and(|p| p.projection.is_empty()) => {
                            owners.insert(local);
                        }
                        // A field read (`(*p).x`) does not move the value.
                        Some(_) if op.place().is_some_and(|p| !p.projection.is_empty()) => {}
                        _ => passed_on = true,
                    },
                    Rvalue::Ref(_, kind, place) if owners.contains(&place.local) => match (target, kind) {
                        (Some(local), rustc_middle::mir::BorrowKind::Shared) => {
                            shared.insert(local);
                        }
                        _ => passed_on = true, // `&mut` can move it out (`mem::replace`)
                    },
                    Rvalue::RawPtr(_, place) if owners.contains(&place.local) => passed_on = true,
                    Rvalue::Aggregate(_, ops) if ops.iter().any(uses) => passed_on = true,
                    Rvalue::Use(op, _) | Rvalue::Cast(_, op, _)
                        if op.place().is_some_and(|p| shared.contains(&p.local)) =>
                    {
                        shared.extend(target);
                    }
                    Rvalue::Ref(_, _, place) | Rvalue::RawPtr(_, place) if shared.contains(&place.local) => {
                        shared.extend(target);
                    }
                    _ => {}
                }
            }
            let TerminatorKind::Call { func, args, destination, .. } = &block.terminator().kind else { continue };
            let owned = args.iter().any(|a| a.node.place().is_some_and(|p| owners.contains(&p.local)));
            let borrowed = args.iter().any(|a| a.node.place().is_some_and(|p| shared.contains(&p.local)));
            if !owned && !borrowed {
                continue;
            }
            let Some((callee, _)) = func.const_fn_def() else {
                passed_on = true;
                continue;
            };
            if takes_back(callee) {
                return Fate::TakenBack;
            }
            if owned {
                passed_on = true;
            } else if is_deref(tcx, callee) {
                // `md.as_raw()` goes through `Deref::deref(&md)`: still only a borrow.
                if let Some(local) = destination.as_local() {
                    shared.insert(local);
                }
            } else if reads_out(tcx, callee) {
                passed_on = true;
            }
        }
        if (owners.len(), shared.len()) == before {
            break;
        }
    }
    if passed_on { Fate::PassedOn } else { Fate::Lost }
}

fn is_deref(tcx: TyCtxt<'_>, callee: DefId) -> bool {
    tcx.trait_of_assoc(callee).is_some_and(|tr| tcx.is_lang_item(tr, LangItem::Deref))
}

/// Functions that can take ownership out of a shared borrow (`ptr::read(&*md)`).
fn reads_out(tcx: TyCtxt<'_>, callee: DefId) -> bool {
    is_std_crate(tcx, callee.krate)
        && tcx.def_path_str(callee).contains("ptr::")
}
