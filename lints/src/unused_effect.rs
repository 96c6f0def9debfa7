use rustc_errors::DiagDecorator;
use rustc_hir::def_id::LocalDefId;

use crate::undeclared_effect::{attribute, effect_list};
use crate::utils::effects::{Declared, Effect, EffectSet, fn_name};
use crate::utils::effects_infer::Analysis;

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Flags effects a function declares with `#[wasm::effect(..)]` that its body never
    /// performs, directly or through anything it calls. It stays silent when the body reaches a
    /// call whose effects cannot be known (a function pointer, an undeclared trait method on a
    /// generic type), since the effect may happen there.
    ///
    /// ### Why is this bad?
    /// Declarations propagate: every caller of the function is charged with the effect, a
    /// WASI profile traps the whole body for an unused `js_call`, and reviewers look for shared
    /// memory writes that are not there. A stale declaration makes all of that wrong.
    ///
    /// ### Example
    /// ```rust,ignore
    /// #[wasm::effect(js_call, atomic_read)]
    /// fn render(scene: &Scene) {
    ///     draw(scene); // js_call; nothing reads shared memory any more
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// #[wasm::effect(js_call)]
    /// fn render(scene: &Scene) { draw(scene); }
    /// ```
    pub wasm_lint::UNUSED_EFFECT,
    Warn,
    "a function declares an effect it never performs",
    report_in_external_macro: true
}

/// Reports the effects in `declared` that the body of `def_id` never reaches.
pub fn check(analysis: &Analysis<'_>, def_id: LocalDefId, declared: Declared) {
    let Some(summary) = analysis.summary(def_id) else { return };
    if summary.unknown.is_some() || !summary.deferred.is_empty() {
        return; // the effect may hide behind what cannot be seen
    }
    let mut performed = summary.effects.resolve_imports(declared.effects);
    if summary.effects.contains(Effect::IMPORT) {
        // A raw import is whichever call effect the function declares.
        performed = performed.with(Effect::JS_CALL).with(Effect::HOST_CALL);
    }
    let unused = declared.effects.minus(performed);
    if unused.is_empty() {
        return;
    }
    let tcx = analysis.tcx;
    let name = fn_name(tcx, def_id.to_def_id());
    let list = effect_list(unused);
    let pronoun = if unused.names().len() == 1 { "it" } else { "them" };
    let keep: EffectSet = declared.effects.minus(unused);
    tcx.emit_node_span_lint(
        UNUSED_EFFECT,
        tcx.local_def_id_to_hir_id(def_id),
        declared.span,
        DiagDecorator(|diag| {
            diag.primary_message(format!("`{name}` declares {list}, but never performs {pronoun}"));
            diag.span_label(declared.span, format!("{list} declared here"));
            diag.help(format!(
                "remove {pronoun} from the declaration: `{}`; every caller is charged with what a function declares",
                attribute(keep)
            ));
        }),
    );
}
