use rustc_errors::DiagDecorator;
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_span::Span;

use crate::utils::effects::{Declared, Effect, EffectSet, fn_name};
use crate::utils::effects_infer::{Analysis, Reach};

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Checks every function annotated with `#[wasm::effect(..)]` or `#[wasm::pure]` against
    /// what its body does, transitively: through local functions, closures, trait methods the
    /// types resolve, and dependency crates. Every effect the body can reach must be declared.
    /// A trait impl method may also not reach an effect its trait method's declaration lacks.
    /// The message shows the chain from the function to the source of the effect.
    ///
    /// ### Why is this bad?
    /// A declaration is a contract callers and host profiles rely on: a function declared
    /// `js_call` only is kept in a WASI build minus its JS calls, and its callers assume it
    /// never writes shared memory. An undeclared `atomic_write` is a data race the reviewer was
    /// told could not happen; an undeclared `js_call` is an import a WASI host cannot satisfy.
    ///
    /// ### Example
    /// ```rust,ignore
    /// #[wasm::effect(js_call, atomic_read)]
    /// fn fetch_and_cache(url: &str) -> Vec<u8> {
    ///     let data = js_fetch(url); // js_call
    ///     CACHE.store(url, &data);  // atomic_write: not declared
    ///     data
    /// }
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// #[wasm::effect(js_call, atomic_write)]
    /// fn fetch_and_cache(url: &str) -> Vec<u8> { /* ... */ }
    /// ```
    pub wasm_lint::UNDECLARED_EFFECT,
    Deny,
    "a function performs an effect its declaration does not list",
    report_in_external_macro: true
}

/// Reports each effect the body of the annotated `def_id` reaches beyond `declared`.
pub fn check_declared(analysis: &Analysis<'_>, def_id: LocalDefId, declared: Declared) {
    let Some(summary) = analysis.summary(def_id) else { return };
    let inferred = summary.effects.resolve_imports(declared.effects);
    let name = fn_name(analysis.tcx, def_id.to_def_id());
    for effect in inferred.minus(declared.effects).iter() {
        let Some(reach) = reach_of(summary.reach.as_slice(), effect) else { continue };
        let chain = chain(analysis, def_id, effect);
        let message = format!("`{name}` performs `{effect}`, which its declaration does not list");
        let chain = render_chain(&chain, effect);
        let wanted = declared.effects.with(effect);
        let help = if summary.effects.contains(Effect::IMPORT) && effect == Effect::HOST_CALL {
            format!(
                "declare it: `{}` (or `js_call` if the import is a JavaScript function), or remove the call",
                attribute(wanted)
            )
        } else {
            format!("declare it: `{}`, or remove the call", attribute(wanted))
        };
        let declared_label = match declared.effects.is_empty() {
            true => "declared pure here".to_string(),
            false => format!("declared here: `{}`", declared.effects),
        };
        emit(analysis, reach, &message, &chain, declared.span, &declared_label, &help);
    }
}

/// Reports effects of the trait impl method `def_id` (its declaration if it has one, else its
/// body) that its trait method `trait_fn`, declared with `trait_declared`, does not list.
pub fn check_impl(
    analysis: &Analysis<'_>,
    def_id: LocalDefId,
    own: Option<Declared>,
    trait_fn: DefId,
    trait_declared: Declared,
) {
    let tcx = analysis.tcx;
    let Some(summary) = analysis.summary(def_id) else { return };
    let effects = match own {
        Some(own) => own.effects,
        None => summary.effects.resolve_imports(trait_declared.effects),
    };
    let name = fn_name(tcx, def_id.to_def_id());
    let trait_name = fn_name(tcx, trait_fn);
    let trait_label = match trait_declared.effects.is_empty() {
        true => format!("`{trait_name}` is declared pure here"),
        false => format!("`{trait_name}` declares `{}` here", trait_declared.effects),
    };
    for effect in effects.minus(trait_declared.effects).iter() {
        let message = format!("`{name}` performs `{effect}`, which the trait method `{trait_name}` does not declare");
        let help = format!(
            "an impl may only perform what its trait method declares: add `{effect}` to `{trait_name}`'s declaration, or move the effect out of this impl"
        );
        match own {
            // The impl's own declaration already exceeds the trait's.
            Some(own) => {
                emit_at(analysis, def_id, own.span, &message, trait_declared.span, &trait_label, &help, effect);
            }
            None => {
                let Some(reach) = reach_of(summary.reach.as_slice(), effect) else { continue };
                let chain = render_chain(&chain(analysis, def_id, effect), effect);
                emit(analysis, reach, &message, &chain, trait_declared.span, &trait_label, &help);
            }
        }
    }
}

/// The reach recorded for `effect`, where raw imports stand in for the call effect they count as.
fn reach_of<'tcx>(reach: &[Option<Reach<'tcx>>], effect: Effect) -> Option<Reach<'tcx>> {
    reach[effect.index()].or_else(|| {
        matches!(effect, Effect::JS_CALL | Effect::HOST_CALL).then(|| reach[Effect::IMPORT.index()]).flatten()
    })
}

fn chain(analysis: &Analysis<'_>, def_id: LocalDefId, effect: Effect) -> Vec<String> {
    let summary = analysis.summary(def_id);
    let effect = if summary.is_some_and(|s| s.reach[effect.index()].is_none()) { Effect::IMPORT } else { effect };
    analysis.chain(def_id, effect)
}

/// `#[wasm::effect(a, b)]` or `#[wasm::pure]`.
pub fn attribute(effects: EffectSet) -> String {
    if effects.is_empty() { "#[wasm::pure]".into() } else { format!("#[wasm::effect({effects})]") }
}

/// `a -> b -> c: effect`.
pub fn render_chain(chain: &[String], effect: Effect) -> String {
    format!("{}: {effect}", chain.join(" -> "))
}

fn emit(
    analysis: &Analysis<'_>,
    reach: Reach<'_>,
    message: &str,
    chain: &str,
    declared_span: Span,
    declared_label: &str,
    help: &str,
) {
    let effect_label = match chain.split(" -> ").nth(1) {
        Some(next) => format!("through `{}`", next.split(": ").next().unwrap_or(next)),
        None => "here".to_string(),
    };
    analysis.tcx.emit_node_span_lint(
        UNDECLARED_EFFECT,
        reach.lint_root,
        reach.span,
        DiagDecorator(|diag| {
            diag.primary_message(message.to_string());
            diag.span_label(reach.span, effect_label);
            diag.span_label(declared_span, declared_label.to_string());
            diag.note(format!("effect chain: {chain}"));
            diag.help(help.to_string());
        }),
    );
}

#[allow(clippy::too_many_arguments)]
fn emit_at(
    analysis: &Analysis<'_>,
    def_id: LocalDefId,
    span: Span,
    message: &str,
    other_span: Span,
    other_label: &str,
    help: &str,
    effect: Effect,
) {
    let tcx = analysis.tcx;
    tcx.emit_node_span_lint(
        UNDECLARED_EFFECT,
        tcx.local_def_id_to_hir_id(def_id),
        span,
        DiagDecorator(|diag| {
            diag.primary_message(message.to_string());
            diag.span_label(span, format!("declares `{effect}`"));
            diag.span_label(other_span, other_label.to_string());
            diag.help(help.to_string());
        }),
    );
}
