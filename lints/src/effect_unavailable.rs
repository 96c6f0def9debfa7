use rustc_hir::def_id::LocalDefId;

use crate::effects::vocabulary::{Declared, EffectSet, Profile, fn_name};
use crate::effects::infer::Analysis;
use crate::effects::report::{Report, render_chain};

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Under a host profile (`cargo wasm-lint --host wasi`, or `--cfg wasm_host="wasi"`), checks
    /// that no exported function — `#[no_mangle]` / `#[export_name]`, `#[wasm::export]`, or the
    /// public API of a `cdylib` — reaches an effect that host lacks (`js_call` on `wasi` and
    /// `wasmtime`, `io` on `browser`). The message shows the chain to the effect.
    ///
    /// ### Why is this bad?
    /// Under the profile, every function declared with a removed effect compiles to a trap, so
    /// its imports vanish from the module. An export that reaches one traps when the host calls
    /// it; without the declaration it would keep an import the host cannot provide, and the
    /// module would fail to instantiate.
    ///
    /// ### Example
    /// ```rust,ignore
    /// #[wasm::effect(js_call)]
    /// fn log(msg: &str) { console_log(msg) }
    ///
    /// #[no_mangle]
    /// pub extern "C" fn handle(x: u32) -> u32 {
    ///     log("handling"); // removed under `wasi`
    ///     x * 2
    /// }
    /// ```
    /// Use instead: keep host-specific calls out of exports built for that host, e.g. behind a
    /// function exported only for the browser.
    pub wasm_lint::EFFECT_UNAVAILABLE,
    Deny,
    "an exported function reaches an effect the selected host profile removes",
    report_in_external_macro: true
}

/// Reports the removed effects the export `def_id` reaches (its declaration if it has one).
pub fn check(
    analysis: &Analysis<'_>,
    def_id: LocalDefId,
    declared: Option<Declared>,
    profile: Profile,
    out: &mut Vec<Report>,
) {
    let tcx = analysis.tcx;
    let Some(summary) = analysis.summary(def_id) else { return };
    let effects = match declared {
        Some(d) => d.effects,
        None => summary.effects,
    };
    let name = fn_name(tcx, def_id.to_def_id());
    let host = profile.host;
    let fn_span = tcx.def_span(def_id);
    for effect in effects.iter().filter(|e| profile.removes.contains(*e)) {
        let message = format!("exported function `{name}` reaches `{effect}`, which the `{host}` host profile removes");
        let help = format!(
            "do not export it when building for `{host}` (e.g. `#[cfg(not(wasm_host = \"{host}\"))]`, with `wasm_host` in your `check-cfg`), or move the `{effect}` call out of what it reaches"
        );
        let (label_span, label, chain) = match (declared, summary.reach[effect.index()]) {
            (Some(d), _) => (d.span, format!("declared `{effect}` here: its body compiles to a trap"), None),
            (None, Some(reach)) => {
                let chain = analysis.chain(def_id, effect);
                let site = analysis.report_site(def_id, reach, Some(effect));
                let next = analysis.target_name(&site.reach, Some(effect));
                let next = next.trim_end_matches(" (declared)").trim_end_matches(" (import)").to_string();
                (site.span, format!("`{effect}` through `{next}`"), Some(render_chain(&chain, EffectSet::of(effect))))
            }
            (None, None) => continue,
        };
        let mut report = Report::new(EFFECT_UNAVAILABLE, tcx.local_def_id_to_hir_id(def_id), fn_span, message)
            .label(label_span, label);
        if let Some(chain) = chain {
            report = report.note(format!("effect chain: {chain}"));
        }
        out.push(
            report
                .note(format!(
                    "under `--cfg wasm_host=\"{host}\"` every function declared with `{effect}` compiles to a trap"
                ))
                .help(help),
        );
    }
}
