use rustc_errors::DiagDecorator;
use rustc_lint::Level;
use rustc_middle::lint::{LintLevelSource, StableLevelSpec, emit_lint_base};
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
    /// an error because a deliberate leak (a process-lifetime resource) is sometimes right —
    /// except for host resource handles ended by `wasm::Release` (every imported WIT resource):
    /// forgetting one leaks the host's table entry until the store dies, so for them the lint
    /// is deny unless a level is set for it explicitly (`allow`/`warn` on the site or `-A`/`-W`).
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

/// Reports `what` (a description such as "`ctx`") of type `ty` forgotten by `callee` at `at`;
/// `resource`: `ty` holds a `wasm::Release` handle, for which the default level is deny.
pub fn report<'tcx>(
    tcx: TyCtxt<'tcx>,
    body: &Body<'tcx>,
    at: SourceInfo,
    what: &str,
    ty: Ty<'tcx>,
    callee: Symbol,
    resource: bool,
) {
    let message = with_forced_trimmed_paths!(format!(
        "{what} (linear `{ty}`) is forgotten by `{callee}`: its host resource is never released"
    ));
    let mut level = tcx.lint_level_spec_at_node(LINEAR_FORGOTTEN, lint_root(tcx, body, at.scope));
    if resource && matches!(level.src, LintLevelSource::Default) {
        level = StableLevelSpec::new(Level::Deny, None, LintLevelSource::Default);
    }
    emit_lint_base(
        tcx.sess,
        LINEAR_FORGOTTEN,
        level,
        Some(at.span.into()),
        DiagDecorator(|diag| {
            diag.primary_message(message);
            diag.span_label(at.span, "forgotten here");
            if resource {
                diag.note("a forgotten resource handle keeps the host's table entry until the store is dropped");
                diag.help("end it with `wasm::Release::release(..)`, pass it to a function that takes it, or return it");
            } else {
                diag.help("consume it with one of its `self`-taking methods instead; if the leak is deliberate, allow `wasm_lint::linear_forgotten` here");
            }
        }),
    );
}
