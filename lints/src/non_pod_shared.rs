use rustc_data_structures::fx::{FxHashMap, FxHashSet};
use rustc_errors::{Diag, DiagDecorator};
use rustc_hir::def_id::DefId;
use rustc_hir::{HirId, Item, ItemKind};
use rustc_lint::{LateContext, LateLintPass, LintContext};
use rustc_middle::mir::{Body, TerminatorKind};
use rustc_middle::traits::ImplSource;
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{self, GenericArgsRef, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_span::Span;

use crate::utils::mir::{callee, lint_root};
use crate::utils::paths::{wasm_crates, wasm_traits};
use crate::layout::plain_data::{Help, PodCheck, Problem};
use crate::utils::pointer_origin::{Pointee, PointerOrigins};

rustc_session::declare_tool_lint! {
    /// ### What it does
    /// Checks that what is shared as `wasm::Pod` really is plain data, against the layout rustc
    /// computed:
    ///
    /// - every manual `unsafe impl Pod for T` in the crate: `T` must be a `#[repr(C)]` or
    ///   `#[repr(transparent)]` struct with no padding anywhere (between fields, at the end, or
    ///   inside fields) and fields that are all `Pod` (no `bool`, `char`, references, raw or
    ///   function pointers, enums, interior mutability);
    /// - `wasm::SharedSlice`'s constructors, `SharedSlice::from_raw_parts` above all: the pointer
    ///   they get is followed back through casts, `cast()`, `as usize` round trips and
    ///   `transmute` to the data it first pointed to, which must be `Pod`;
    /// - every use of a type as `Pod` (`SharedSlice<T>`, `wasm::pod::as_bytes`, any `T: Pod`
    ///   bound) where its impl is a manual one from another crate, or a generic one: there the
    ///   concrete type is checked byte by byte, since dependencies are not linted.
    ///
    /// `#[derive(wasm::Pod)]` impls are not rechecked: the derive proves the same rules at
    /// compile time.
    ///
    /// ### Why is this bad?
    /// `Pod` promises that a value is nothing but its bytes. Shared memory is read by other
    /// threads, other wasm instances and the host: padding bytes are uninitialized (reading them
    /// is undefined behaviour and leaks old memory contents), a pointer is meaningless on the other
    /// side, and bytes written by the other side can make a `bool`, `char` or enum invalid.
    /// `wasm::pod::as_bytes`, `SharedSlice::as_bytes` and `SharedSlice::atomic` are safe only
    /// because of that promise.
    ///
    /// ### Known problems
    /// For a generic impl (`unsafe impl<T: Pod> Pod for Pair<T>`) the layout depends on the
    /// parameters, so the lint checks the representation and that every field is `Pod` under the
    /// impl's bounds, then tries the parameters with `u8`, `u16`, `u32`, `u64`, `u128` and
    /// `[u8; 3]` (const parameters with 0 to 8) and reports padding it finds. Passing that is
    /// not a proof: the concrete types are checked again where the crate uses them. A pointer
    /// whose history leaves the function (a parameter, a call to a non-std function) is not
    /// followed.
    ///
    /// ### Example
    /// ```rust,ignore
    /// #[repr(C)]
    /// #[derive(Clone, Copy)]
    /// struct Packet { tag: u8, len: u32 }   // 3 padding bytes before `len`
    /// unsafe impl wasm::Pod for Packet {}
    /// ```
    /// Use instead:
    /// ```rust,ignore
    /// #[repr(C)]
    /// #[derive(Clone, Copy, wasm::Pod)]
    /// struct Packet { tag: u8, _pad: [u8; 3], len: u32 }
    /// ```
    pub wasm_lint::NON_POD_SHARED,
    Deny,
    "non-plain data is shared as `wasm::Pod`",
    report_in_external_macro: true
}

rustc_session::declare_lint_pass!(NonPodShared => [NON_POD_SHARED]);

impl<'tcx> LateLintPass<'tcx> for NonPodShared {
    fn check_item(&mut self, cx: &LateContext<'tcx>, item: &'tcx Item<'tcx>) {
        let ItemKind::Impl(imp) = item.kind else {
            return;
        };
        if imp.of_trait.is_none() {
            return;
        }
        let tcx = cx.tcx;
        let impl_id = item.owner_id.to_def_id();
        let traits = wasm_traits(tcx, "Pod");
        if !traits.contains(&tcx.impl_trait_id(impl_id)) || is_derived(tcx, impl_id) {
            return;
        }
        let check = PodCheck {
            tcx,
            typing_env: TypingEnv::non_body_analysis(tcx, impl_id),
            traits,
            trust_impls: true,
        };
        let self_ty = tcx
            .type_of(impl_id)
            .instantiate_identity()
            .skip_normalization();
        let problems = check.impl_problems(impl_id, self_ty);
        if problems.is_empty() {
            return;
        }
        let type_span = match self_ty.kind() {
            ty::Adt(adt, _) => Some(tcx.def_span(adt.did())),
            _ => None,
        };
        let message = headline(self_ty, "implements `wasm::Pod` but", &problems);
        let header = tcx.def_span(impl_id);
        cx.emit_span_lint(
            NON_POD_SHARED,
            header,
            DiagDecorator(|diag| {
                diag.primary_message(message);
                label_problems(diag, tcx, &problems, Some(type_span.unwrap_or(header)));
                for help in helps(
                    &problems,
                    self_ty.ty_adt_def().is_some_and(|adt| adt.is_struct()),
                ) {
                    diag.help(help);
                }
            }),
        );
    }
}

/// Impls written by `#[derive(wasm::Pod)]`, which proved the rules at compile time. A
/// hand-written `#[automatically_derived]` does not count: it does not come from a derive.
fn is_derived(tcx: TyCtxt<'_>, impl_id: DefId) -> bool {
    tcx.is_automatically_derived(impl_id) && tcx.def_span(impl_id).in_derive_expansion()
}

/// "`Packet` {verb} is not plain data: {the first problem} (and 2 more problems)".
fn headline(ty: Ty<'_>, verb: &str, problems: &[Problem]) -> String {
    let more = match problems.len() {
        0 | 1 => String::new(),
        2 => " (and 1 more problem)".into(),
        n => format!(" (and {} more problems)", n - 1),
    };
    let first = problems.first().map_or("", |p| p.summary.as_str());
    with_forced_trimmed_paths!(format!("`{ty}` {verb} is not plain data: {first}{more}"))
}

/// A label for each problem at its field, or at `fallback` for problems of the type itself.
fn label_problems(
    diag: &mut Diag<'_, ()>,
    tcx: TyCtxt<'_>,
    problems: &[Problem],
    fallback: Option<Span>,
) {
    for problem in problems {
        if let Some(span) = problem.at.map(|def| tcx.def_span(def)).or(fallback) {
            diag.span_label(span, problem.label.clone());
        }
    }
}

/// One `help:` per kind of problem, then the derive for a struct (which it could have proved).
fn helps(problems: &[Problem], derivable: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    for problem in problems {
        let text = match problem.help {
            Help::Repr => {
                "add `#[repr(C)]` (or `#[repr(transparent)]` for a wrapper of one field), so the layout is the declared one"
            }
            Help::Padding => {
                "make the padding explicit, e.g. `_pad: [u8; N]` fields, or reorder the fields (largest alignment first)"
            }
            Help::GenericPadding => {
                "padding that depends on the parameters cannot be ruled out: implement `Pod` for concrete types, give every field the same element type, or use `#[repr(transparent)]`"
            }
            Help::Enum => {
                "store the discriminant in an integer field (e.g. `mode: u32`) and convert it when reading"
            }
            Help::Field => {
                "every field must be `Pod`: integers, floats, arrays of `Pod`, or types that `#[derive(wasm::Pod)]`"
            }
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    if derivable {
        out.push("`#[derive(wasm::Pod)]` checks all of this at compile time; prefer it to a manual `unsafe impl`");
    }
    out
}

/// MIR checks: what reaches a `SharedSlice` constructor, and the concrete types used as `Pod`
/// whose impls this crate's impl check never saw.
pub fn check_body<'tcx>(tcx: TyCtxt<'tcx>, body: &Body<'tcx>) {
    let traits = wasm_traits(tcx, "Pod");
    if traits.is_empty() {
        return;
    }
    let typing_env = body.typing_env(tcx);
    let check = PodCheck {
        tcx,
        typing_env,
        traits,
        trust_impls: false,
    };
    let mut origins = None;
    let mut reported: FxHashSet<Ty<'tcx>> = FxHashSet::default();
    let mut pod_bounds: FxHashMap<DefId, bool> = FxHashMap::default();
    for block in body.basic_blocks.iter() {
        if block.is_cleanup {
            continue;
        }
        let term = block.terminator();
        let TerminatorKind::Call {
            func,
            args,
            fn_span,
            ..
        } = &term.kind
        else {
            continue;
        };
        let Some(callee) = callee(tcx, typing_env, func) else {
            continue;
        };
        // The impl method when resolved (its impl's bounds apply), else the named function.
        let (def_id, call_args) = match callee.instance {
            Some(instance) if matches!(instance.def, ty::InstanceKind::Item(_)) => {
                (instance.def_id(), instance.args)
            }
            _ => (callee.def_id, callee.args),
        };
        if call_args.len() != tcx.generics_of(def_id).count() {
            continue;
        }
        let root = lint_root(tcx, body, term.source_info.scope);
        if is_shared_slice_constructor(tcx, def_id) {
            let origins = origins.get_or_insert_with(|| PointerOrigins::new(tcx, body));
            // The memory comes in as a raw pointer or a slice reference; other arguments are lengths.
            let memory = args.iter().filter(|arg| {
                let ty = arg.node.ty(body, tcx);
                ty.is_raw_ptr()
                    || ty
                        .builtin_deref(true)
                        .is_some_and(|t| t.is_slice() || t.is_array())
            });
            for arg in memory {
                if let Some((pointee, made)) = first_non_pod(&check, origins.pointees(&arg.node)) {
                    report_pointer(&check, root, *fn_span, def_id, pointee, made);
                    break;
                }
            }
        }
        let has_bound = *pod_bounds
            .entry(def_id)
            .or_insert_with(|| has_pod_bound(&check, def_id));
        if has_bound {
            for ty in pod_types(&check, def_id, call_args) {
                if reported.insert(ty) {
                    check_use(&check, root, *fn_span, ty);
                }
            }
        }
    }
}

/// An associated function of `wasm::SharedSlice` (inherent or trait impl) without `self` that
/// returns one: `from_raw_parts`, `new`, `From::from`. (`reborrow` and the like share nothing new.)
fn is_shared_slice_constructor(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    let Some(impl_id) = tcx.impl_of_assoc(def_id) else {
        return false;
    };
    if tcx.associated_item(def_id).is_method() {
        return false;
    }
    let is_shared_slice = |ty: Ty<'_>| {
        matches!(ty.kind(), ty::Adt(adt, _)
            if tcx.item_name(adt.did()).as_str() == "SharedSlice"
                && wasm_crates(tcx).any(|c| c == adt.did().krate))
    };
    let self_ty = tcx
        .type_of(impl_id)
        .instantiate_identity()
        .skip_normalization();
    let output = tcx
        .fn_sig(def_id)
        .instantiate_identity()
        .skip_binder()
        .output();
    is_shared_slice(self_ty) && is_shared_slice(output)
}

/// The pointee nearest to where the pointer was first made that is not `Pod`, with that span.
fn first_non_pod<'tcx>(
    check: &PodCheck<'tcx>,
    pointees: Vec<Pointee<'tcx>>,
) -> Option<(Ty<'tcx>, Span)> {
    pointees.into_iter().rev().find_map(|p| {
        let mut ty = p.ty;
        if ty.has_opaque_types() {
            return None;
        }
        while let ty::Array(elem, _) | ty::Slice(elem) = *ty.kind() {
            ty = elem;
        }
        let untyped = match *ty.kind() {
            ty::Foreign(_) | ty::Str => true,
            ty::Tuple(tys) => tys.is_empty(),
            ty::Adt(adt, _) => check.tcx.item_name(adt.did()).as_str() == "c_void",
            _ => false,
        };
        (!untyped && !check.implements_pod(ty)).then_some((ty, p.span))
    })
}

fn report_pointer<'tcx>(
    check: &PodCheck<'tcx>,
    root: HirId,
    span: Span,
    callee: DefId,
    pointee: Ty<'tcx>,
    made: Span,
) {
    let tcx = check.tcx;
    let why = if pointee.has_param() {
        Vec::new()
    } else {
        check
            .plain_data_problems(pointee)
            .into_iter()
            .take(3)
            .map(|p| p.summary)
            .collect()
    };
    let name = format!("SharedSlice::{}", tcx.item_name(callee));
    let message = with_forced_trimmed_paths!(format!(
        "`{pointee}` data is shared through `{name}`, but `{pointee}` is not `wasm::Pod`"
    ));
    emit_at(
        tcx,
        root,
        span,
        message,
        "shared here as plain bytes",
        |diag| {
            with_forced_trimmed_paths!(
                diag.span_label(made, format!("a pointer to `{pointee}` is made here"))
            );
            if !why.is_empty() {
                with_forced_trimmed_paths!(
                    diag.note(format!("`{pointee}` is not plain data: {}", why.join("; ")))
                );
            }
            diag.help("share only `Pod` data: derive `wasm::Pod` for the type if it is plain data, or copy its `Pod` parts into a buffer of their own");
        },
    );
}

/// Whether `def_id` (or its impl) has a `_: Pod` where-clause at all.
fn has_pod_bound(check: &PodCheck<'_>, def_id: DefId) -> bool {
    check
        .tcx
        .predicates_of(def_id)
        .instantiate_identity(check.tcx)
        .predicates
        .iter()
        .any(|clause| {
            clause
                .skip_normalization()
                .as_trait_clause()
                .is_some_and(|t| check.traits.contains(&t.def_id()))
        })
}

/// The concrete types a call requires to be `Pod`.
fn pod_types<'tcx>(
    check: &PodCheck<'tcx>,
    def_id: DefId,
    args: GenericArgsRef<'tcx>,
) -> Vec<Ty<'tcx>> {
    let tcx = check.tcx;
    tcx.predicates_of(def_id)
        .instantiate(tcx, args)
        .predicates
        .into_iter()
        .filter_map(|clause| {
            let trait_clause = clause.skip_normalization().as_trait_clause()?;
            if !check.traits.contains(&trait_clause.def_id()) {
                return None;
            }
            let ty = trait_clause.self_ty().no_bound_vars()?;
            let ty = tcx
                .try_normalize_erasing_regions(check.typing_env, ty::Unnormalized::new_wip(ty))
                .ok()?;
            // Concrete types only; opaque types are left alone (revealing them here could cycle).
            (!ty.has_param() && !ty.has_infer() && !ty.has_aliases()).then_some(ty)
        })
        .collect()
}

/// A concrete type used as `Pod`: check it byte by byte when its impl is one the impl check did
/// not see (another crate's) or could not fully judge (a generic one).
fn check_use<'tcx>(check: &PodCheck<'tcx>, root: HirId, span: Span, ty: Ty<'tcx>) {
    let tcx = check.tcx;
    let env = TypingEnv::fully_monomorphized();
    let Some(&trait_id) = check.traits.first() else {
        return;
    };
    let trait_ref = ty::TraitRef::new(tcx, trait_id, [ty]);
    let Ok(ImplSource::UserDefined(source)) =
        tcx.codegen_select_candidate(env.as_query_input(trait_ref))
    else {
        return;
    };
    let impl_id = source.impl_def_id;
    let generic = !tcx.generics_of(impl_id).is_empty();
    if (impl_id.is_local() && !generic) || is_derived(tcx, impl_id) {
        return;
    }
    let concrete = PodCheck {
        tcx,
        typing_env: env,
        traits: check.traits.clone(),
        trust_impls: false,
    };
    let problems = concrete.plain_data_problems(ty);
    if problems.is_empty() {
        return;
    }
    let krate = tcx.crate_name(impl_id.krate);
    let message = headline(ty, "is used as `wasm::Pod` here, but it", &problems);
    let impl_span = tcx.def_span(impl_id);
    emit_at(tcx, root, span, message, "used as `Pod` here", |diag| {
        label_problems(diag, tcx, &problems, None);
        let whose = if impl_id.is_local() {
            "this crate's".to_string()
        } else {
            format!("crate `{krate}`'s")
        };
        diag.span_label(
            impl_span,
            format!(
                "{whose} `Pod` impl, which does not hold for `{}`",
                with_forced_trimmed_paths!(ty.to_string())
            ),
        );
        diag.help("only plain data may be shared: fix or remove that `unsafe impl Pod`, or share a `#[derive(wasm::Pod)]` type instead");
    });
}

/// Emits the lint at a call in MIR: `message`, `label` at `span`, then what `more` adds.
fn emit_at(
    tcx: TyCtxt<'_>,
    root: HirId,
    span: Span,
    message: String,
    label: &'static str,
    more: impl FnOnce(&mut Diag<'_, ()>),
) {
    tcx.emit_node_span_lint(
        NON_POD_SHARED,
        root,
        span,
        DiagDecorator(|diag| {
            diag.primary_message(message);
            diag.span_label(span, label);
            more(diag);
        }),
    );
}
