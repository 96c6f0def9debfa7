use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_span::Span;

use crate::effects::call_graph::EdgeKind;
use crate::effects::vocabulary::{Declared, Effect, EffectSet, fn_name};
use crate::effects::infer::{Analysis, Located};
use crate::effects::report::{Report, attribute, effect_list, render_chain};

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

/// Reports the effects the body of the annotated `def_id` reaches beyond `declared`, one
/// diagnostic per call site.
pub fn check_declared(analysis: &Analysis<'_>, def_id: LocalDefId, declared: Declared, out: &mut Vec<Report>) {
    let Some(summary) = analysis.summary(def_id) else { return };
    let inferred = summary.effects.resolve_imports(declared.effects);
    let name = fn_name(analysis.tcx, def_id.to_def_id());
    for group in groups(analysis, def_id, inferred.minus(declared.effects)) {
        let list = effect_list(group.effects);
        let message = format!("`{name}` performs {list}, which its declaration does not list");
        let wanted = declared.effects.union(group.effects);
        let help = if summary.effects.contains(Effect::IMPORT) && group.effects.contains(Effect::HOST_CALL) {
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
        out.push(report(&group, &message, declared.span, &declared_label, &help));
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
    out: &mut Vec<Report>,
) {
    let tcx = analysis.tcx;
    let Some(summary) = analysis.summary(def_id) else { return };
    let effects = match own {
        Some(own) => own.effects,
        None => summary.effects.resolve_imports(trait_declared.effects),
    };
    let excess = effects.minus(trait_declared.effects);
    if excess.is_empty() {
        return;
    }
    let name = fn_name(tcx, def_id.to_def_id());
    let trait_name = fn_name(tcx, trait_fn);
    let trait_label = match trait_declared.effects.is_empty() {
        true => format!("`{trait_name}` is declared pure here"),
        false => format!("`{trait_name}` declares `{}` here", trait_declared.effects),
    };
    let message = |effects: EffectSet| {
        format!("`{name}` performs {}, which the trait method `{trait_name}` does not declare", effect_list(effects))
    };
    let help = |effects: EffectSet| {
        format!(
            "an impl may only perform what its trait method declares: add {} to `{trait_name}`'s declaration, or move the effect out of this impl",
            effect_list(effects)
        )
    };
    match own {
        // The impl's own declaration already exceeds the trait's.
        Some(own) => out.push(
            Report::new(UNDECLARED_EFFECT, tcx.local_def_id_to_hir_id(def_id), own.span, message(excess))
                .label(own.span, format!("declares {}", effect_list(excess)))
                .label(trait_declared.span, trait_label)
                .help(help(excess)),
        ),
        None => {
            for group in groups(analysis, def_id, excess) {
                out.push(report(&group, &message(group.effects), trait_declared.span, &trait_label, &help(group.effects)));
            }
        }
    }
}

/// Undeclared effects reached through the same call site, with the same chain.
struct Group<'tcx> {
    /// Where to report: the call site in the function (or in a closure written inside it).
    site: Located<'tcx>,
    chain: Vec<String>,
    /// What that call site calls.
    through: String,
    effects: EffectSet,
}

fn groups<'tcx>(analysis: &Analysis<'tcx>, def_id: LocalDefId, effects: EffectSet) -> Vec<Group<'tcx>> {
    let Some(summary) = analysis.summary(def_id) else { return Vec::new() };
    let mut out: Vec<Group<'tcx>> = Vec::new();
    for effect in effects.iter() {
        // A raw import stands in for the call effect it counts as.
        let source = match summary.reach[effect.index()] {
            Some(_) => effect,
            None if matches!(effect, Effect::JS_CALL | Effect::HOST_CALL) => Effect::IMPORT,
            None => continue,
        };
        let Some(reach) = summary.reach[source.index()] else { continue };
        let chain = analysis.chain(def_id, source);
        let site = analysis.report_site(def_id, reach, Some(source));
        let through = analysis.target_name(&site.reach, Some(source));
        match out.iter_mut().find(|g| g.site.span == site.span && g.chain == chain) {
            Some(group) => group.effects = group.effects.with(effect),
            None => out.push(Group { site, chain, through, effects: EffectSet::of(effect) }),
        }
    }
    out
}

fn report(group: &Group<'_>, message: &str, declared_span: Span, declared_label: &str, help: &str) -> Report {
    let through = group.through.trim_end_matches(" (declared)").trim_end_matches(" (import)");
    let effect_label = match group.site.reach.kind {
        EdgeKind::Drop => format!("dropped here, which runs `{through}`"),
        _ => format!("through `{through}`"),
    };
    let chain = render_chain(&group.chain, group.effects);
    Report::new(UNDECLARED_EFFECT, group.site.lint_root, group.site.span, message.to_string())
        .label(group.site.span, effect_label)
        .label(declared_span, declared_label)
        .note(format!("effect chain: {chain}"))
        .help(help)
}
