use rustc_errors::DiagDecorator;
use rustc_middle::mir::{Body, SourceInfo};
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{Ty, TyCtxt};
use rustc_span::Symbol;

use crate::utils::mir::lint_root;

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Flags a linear value (`#[wasm::linear]`), or a value holding one, handed to
    /// `mem::forget`, `ManuallyDrop::new`, `Box::leak` or `Box::into_raw`.
    ///
    /// ### Why is this bad?
    /// Forgetting is not consuming: the host resource behind the value (a canvas, a file, a
    /// socket) is never released, and nothing will ever release it. It is a warning rather than
    /// an error because a deliberate leak (a process-lifetime resource) is sometimes right.
    ///
    /// ### Example
    /// ```rust,ignore
    /// let ctx = acquire_canvas();
    /// std::mem::forget(ctx);
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// let ctx = acquire_canvas();
    /// ctx.release();
    /// ```
    pub wasm_lint::LINEAR_FORGOTTEN,
    Warn,
    "a linear value is forgotten, so its host resource is never released",
    report_in_external_macro: true
}

/// Reports `what` (a description such as "`ctx`") of type `ty` forgotten by `callee` at `at`.
pub fn report<'tcx>(
    tcx: TyCtxt<'tcx>,
    body: &Body<'tcx>,
    at: SourceInfo,
    what: &str,
    ty: Ty<'tcx>,
    callee: Symbol,
) {
    let message = with_forced_trimmed_paths!(format!(
        "{what} (linear `{ty}`) is forgotten by `{callee}`: its host resource is never released"
    ));
    tcx.emit_node_span_lint(
        LINEAR_FORGOTTEN,
        lint_root(tcx, body, at.scope),
        at.span,
        DiagDecorator(|diag| {
            diag.primary_message(message);
            diag.span_label(at.span, "forgotten here");
            diag.help("consume it with one of its `self`-taking methods instead; if the leak is deliberate, allow `wasm_lint::linear_forgotten` here");
        }),
    );
}
