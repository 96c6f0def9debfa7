//! Diagnostics of the effect lints as values: all are computed first and emitted together, so
//! that an analysis found stale while locating them (see `Analysis::is_stale`) can be redone
//! before anything reaches the user.

use rustc_errors::DiagDecorator;
use rustc_hir::HirId;
use rustc_hir::def_id::LocalDefId;
use rustc_lint::{Lint, LintId};
use rustc_middle::ty::TyCtxt;
use rustc_span::Span;

use super::vocabulary::EffectSet;

/// One diagnostic of an effect lint.
#[derive(Debug)]
pub struct Report {
    pub lint: &'static Lint,
    /// Where the lint level is read.
    pub lint_root: HirId,
    pub span: Span,
    pub message: String,
    /// Labels, notes and help, in the order they are shown.
    pub parts: Vec<Part>,
}

#[derive(Debug, PartialEq)]
pub enum Part {
    Label(Span, String),
    Note(String),
    Help(String),
}

impl PartialEq for Report {
    fn eq(&self, other: &Report) -> bool {
        std::ptr::eq(self.lint, other.lint)
            && (self.lint_root, self.span, &self.message, &self.parts)
                == (other.lint_root, other.span, &other.message, &other.parts)
    }
}

impl Report {
    pub fn new(lint: &'static Lint, lint_root: HirId, span: Span, message: String) -> Report {
        Report { lint, lint_root, span, message, parts: Vec::new() }
    }

    pub fn label(mut self, span: Span, label: impl Into<String>) -> Report {
        self.parts.push(Part::Label(span, label.into()));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Report {
        self.parts.push(Part::Note(note.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Report {
        self.parts.push(Part::Help(help.into()));
        self
    }

    pub fn emit(self, tcx: TyCtxt<'_>) {
        let Report { lint, lint_root, span, message, parts } = self;
        tcx.emit_node_span_lint(
            lint,
            lint_root,
            span,
            DiagDecorator(|diag| {
                diag.primary_message(message);
                for part in parts {
                    match part {
                        Part::Label(span, label) => {
                            diag.span_label(span, label);
                        }
                        Part::Note(note) => {
                            diag.note(note);
                        }
                        Part::Help(help) => {
                            diag.help(help);
                        }
                    }
                }
            }),
        );
    }
}

/// Whether `lint` can be emitted anywhere in the function `def_id` (its body and the closures
/// in it). When it is allowed on the function and no attribute inside changes its level, every
/// report would be dropped, so none is computed (nor are the sites it would point to).
pub fn may_emit(tcx: TyCtxt<'_>, lint: &'static Lint, def_id: LocalDefId) -> bool {
    let hir_id = tcx.local_def_id_to_hir_id(def_id);
    if !tcx.lint_level_spec_at_node(lint, hir_id).is_allow() {
        return true;
    }
    let id = LintId::of(lint);
    let specs = &tcx.shallow_lint_levels_on(hir_id.owner).specs;
    specs.iter().any(|(local_id, specs)| *local_id != hir_id.local_id && specs.contains_key(&id))
}

/// "`a`" or "`a` and `b`".
pub fn effect_list(effects: EffectSet) -> String {
    let names: Vec<String> = effects.names().iter().map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => names.join(""),
    }
}

/// `#[wasm::effect(a, b)]` or `#[wasm::pure]`.
pub fn attribute(effects: EffectSet) -> String {
    if effects.is_empty() { "#[wasm::pure]".into() } else { format!("#[wasm::effect({effects})]") }
}

/// `a -> b -> c: effect, effect`.
pub fn render_chain(chain: &[String], effects: EffectSet) -> String {
    format!("{}: {effects}", chain.join(" -> "))
}
