use rustc_hir::def_id::LocalDefId;

use crate::effects::call_graph::Unknown;
use crate::effects::vocabulary::fn_name;
use crate::effects::infer::{Analysis, describe_unknown};
use crate::effects::report::Report;

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Strict mode of the effect checks (allowed by default; `cargo wasm-lint --strict-effects`
    /// denies it). Flags annotated and exported functions that reach a call whose effects
    /// cannot be known: a call through a function pointer, a call through `dyn Trait` or on a
    /// generic type to a trait method without `#[wasm::effect]`, or a function of a crate the
    /// driver did not analyse.
    ///
    /// ### Why is this bad?
    /// By default such calls count as pure, and the effects of a closure or impl are charged
    /// where the closure or the `dyn` value is made, which covers most code. When the value
    /// comes from elsewhere (a callback registry, a plugin), an effect can slip past the
    /// checks; strict mode makes every such gap an error until it is declared.
    ///
    /// ### Example
    /// ```rust,ignore
    /// #[wasm::pure]
    /// fn apply(f: fn(u32) -> u32, x: u32) -> u32 {
    ///     f(x) // effects unknown
    /// }
    /// ```
    /// Use instead: declare the trait method the call goes through, or take a generic
    /// `F: Fn(u32) -> u32` so each caller's closure is checked.
    pub wasm_lint::UNKNOWN_EFFECT,
    Allow,
    "a checked function reaches a call whose effects cannot be known",
    report_in_external_macro: true
}

/// Reports the first unknown call `def_id` reaches, or its first trait call left generic.
pub fn check(analysis: &Analysis<'_>, def_id: LocalDefId, out: &mut Vec<Report>) {
    let tcx = analysis.tcx;
    let Some(summary) = analysis.summary(def_id) else { return };
    let (reach, chain) = match (summary.unknown, summary.deferred.first()) {
        (Some(reach), _) => (reach, analysis.unknown_chain(def_id)),
        (None, Some(&(method, _, reach))) => {
            let mut chain = vec![fn_name(tcx, def_id.to_def_id())];
            analysis.follow(reach, None, &mut chain, 0);
            if let Some(last) = chain.last_mut() {
                *last = describe_unknown(tcx, Unknown::Generic(method));
            }
            (reach, chain)
        }
        (None, None) => return,
    };
    let name = fn_name(tcx, def_id.to_def_id());
    let what = chain.last().cloned().unwrap_or_default();
    let site = analysis.report_site(def_id, reach, None);
    let message = format!("the effects of `{name}` cannot be fully known");
    out.push(
        Report::new(UNKNOWN_EFFECT, site.lint_root, site.span, message)
            .label(site.span, format!("reaches {what}"))
            .note(format!("chain: {}", chain.join(" -> ")))
            .help("declare the effects of the callee with `#[wasm::effect(..)]` (on the trait method for `dyn` and generic calls), or call a known function"),
    );
}
