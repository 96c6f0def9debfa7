//! Runs MIR lints on the MIR the borrow checker sees, from a hook on the `mir_borrowck` query.
//!
//! That MIR (`mir_promoted`) still has every move, `StorageDead` and un-elaborated drop, which is
//! exactly what ownership lints need, but it is stolen once borrowck has run. So the hook checks
//! a body and its closures first, then calls rustc's own provider. Running inside the query also
//! means the lints run once per body and their diagnostics are cached with the query.

use std::sync::OnceLock;

use rustc_hir::def::DefKind;
use rustc_hir::def_id::LocalDefId;
use rustc_middle::mir::Body;
use rustc_middle::queries::mir_borrowck::ProvidedValue;
use rustc_middle::ty::TyCtxt;
use rustc_middle::util::Providers;
use rustc_session::Session;

type BorrowckProvider = for<'tcx> fn(TyCtxt<'tcx>, LocalDefId) -> ProvidedValue<'tcx>;

/// rustc's own `mir_borrowck`, called after our checks.
static RUSTC_MIR_BORROWCK: OnceLock<BorrowckProvider> = OnceLock::new();

/// A lint that inspects a function's (or closure's) MIR before borrowck.
pub type BodyCheck = for<'tcx> fn(TyCtxt<'tcx>, &Body<'tcx>);

/// The MIR lints, in the order they run.
const BODY_CHECKS: &[BodyCheck] = &[
    crate::linear_not_consumed::check_body,
    crate::non_pod_shared::check_body,
    crate::externref_escape::check_body,
];

pub fn install(_sess: &Session, providers: &mut Providers) {
    let _ = RUSTC_MIR_BORROWCK.set(providers.queries.mir_borrowck);
    providers.queries.mir_borrowck = mir_borrowck;
}

fn mir_borrowck<'tcx>(tcx: TyCtxt<'tcx>, root: LocalDefId) -> ProvidedValue<'tcx> {
    check_bodies(tcx, root);
    let rustc = RUSTC_MIR_BORROWCK.get().expect("install() ran before any query");
    rustc(tcx, root)
}

/// `root` is a typeck root; its closures and coroutines are borrow-checked with it.
fn check_bodies(tcx: TyCtxt<'_>, root: LocalDefId) {
    if tcx.typeck(root).tainted_by_errors.is_some() {
        return; // type errors already reported; MIR may be partial
    }
    for def_id in tcx.nested_bodies_within(root).iter().chain([root]) {
        if !matches!(tcx.def_kind(def_id), DefKind::Fn | DefKind::AssocFn | DefKind::Closure) {
            continue;
        }
        let (body, _promoted) = tcx.mir_promoted(def_id);
        let body = body.borrow();
        if body.tainted_by_errors.is_some() {
            continue;
        }
        for check in BODY_CHECKS {
            check(tcx, &body);
        }
    }
}
