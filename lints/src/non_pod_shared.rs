use rustc_data_structures::fx::{FxHashMap, FxHashSet};
use rustc_errors::DiagDecorator;
use rustc_hir::def_id::DefId;
use rustc_hir::{Item, ItemKind};
use rustc_infer::infer::TyCtxtInferExt;
use rustc_infer::traits::{Obligation, ObligationCause};
use rustc_lint::{LateContext, LateLintPass, LintContext};
use rustc_middle::mir::{Body, TerminatorKind};
use rustc_middle::traits::ImplSource;
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{self, GenericArgsRef, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_span::Span;
use rustc_trait_selection::infer::InferCtxtExt;
use rustc_trait_selection::traits::query::evaluate_obligation::InferCtxtExt as _;

use crate::utils::layout::{self, Gap, Step, first_field_def, path_string};
use crate::utils::mir::{callee, lint_root};
use crate::utils::paths::{wasm_crates, wasm_traits};
use crate::utils::pointer_origin::PointerOrigins;

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
        let ItemKind::Impl(imp) = item.kind else { return };
        if imp.of_trait.is_none() {
            return;
        }
        let tcx = cx.tcx;
        let impl_id = item.owner_id.to_def_id();
        let traits = wasm_traits(tcx, "Pod");
        if !traits.contains(&tcx.impl_trait_id(impl_id)) || is_derived(tcx, impl_id) {
            return;
        }
        let check = PodCheck { tcx, typing_env: TypingEnv::non_body_analysis(tcx, impl_id), traits, trust_impls: true };
        let self_ty = tcx.type_of(impl_id).instantiate_identity().skip_normalization();
        let problems = check.impl_problems(impl_id, self_ty);
        let Some(first) = problems.first() else { return };
        let type_span = match self_ty.kind() {
            ty::Adt(adt, _) => Some(tcx.def_span(adt.did())),
            _ => None,
        };
        let message = with_forced_trimmed_paths!(format!(
            "`{self_ty}` implements `wasm::Pod` but is not plain data: {}{}",
            first.summary,
            more(problems.len())
        ));
        let header = tcx.def_span(impl_id);
        cx.emit_span_lint(
            NON_POD_SHARED,
            header,
            DiagDecorator(|diag| {
                diag.primary_message(message);
                for problem in &problems {
                    let span = problem.at.map(|def| tcx.def_span(def)).or(type_span).unwrap_or(header);
                    diag.span_label(span, problem.label.clone());
                }
                for help in helps(&problems) {
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

fn more(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        2 => " (and 1 more problem)".into(),
        n => format!(" (and {} more problems)", n - 1),
    }
}

/// What makes a type not plain data, and where.
#[derive(Clone, Debug)]
struct Problem {
    /// The field definition it is about (`None`: the type itself).
    at: Option<DefId>,
    /// For the primary message: "3 padding bytes before field `len` (bytes 1..4)".
    summary: String,
    /// For the label at `at`.
    label: String,
    help: Help,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Help {
    Repr,
    Padding,
    GenericPadding,
    Field,
    Enum,
}

fn helps(problems: &[Problem]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for problem in problems {
        let text = match problem.help {
            Help::Repr => "add `#[repr(C)]` (or `#[repr(transparent)]` for a wrapper of one field), so the layout is the declared one",
            Help::Padding => "make the padding explicit, e.g. `_pad: [u8; N]` fields, or reorder the fields (largest alignment first)",
            Help::GenericPadding => "padding that depends on the parameters cannot be ruled out: implement `Pod` for concrete types, give every field the same element type, or use `#[repr(transparent)]`",
            Help::Enum => "store the discriminant in an integer field (e.g. `mode: u32`) and convert it when reading",
            Help::Field => "every field must be `Pod`: integers, floats, arrays of `Pod`, or types that `#[derive(wasm::Pod)]`",
        };
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out.push("`#[derive(wasm::Pod)]` checks all of this at compile time; prefer it to a manual `unsafe impl`");
    out
}

/// Answers "is this plain data" in one typing environment.
struct PodCheck<'tcx> {
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    traits: Vec<DefId>,
    /// Whether a nested type with a `Pod` impl counts as plain data without a look inside
    /// (checking one impl trusts the others, which are checked where they are written). Types
    /// from impls nobody checked (at use sites) are looked into byte by byte.
    trust_impls: bool,
}

/// Nesting walked at most when looking for what is not plain data.
const MAX_DEPTH: usize = 16;
/// Problems collected at most for one type.
const MAX_PROBLEMS: usize = 8;

impl<'tcx> PodCheck<'tcx> {
    fn implements_pod(&self, ty: Ty<'tcx>) -> bool {
        if ty.has_escaping_bound_vars() {
            return false;
        }
        let ty = self.tcx.erase_and_anonymize_regions(ty);
        let (infcx, param_env) = self.tcx.infer_ctxt().build_with_typing_env(self.typing_env);
        self.traits.iter().any(|&tr| infcx.type_implements_trait(tr, [ty], param_env).must_apply_modulo_regions())
    }

    /// The problems of a manual `impl Pod for self_ty`: its fields must implement `Pod`, its
    /// layout must be C-like and padding-free.
    fn impl_problems(&self, impl_id: DefId, self_ty: Ty<'tcx>) -> Vec<Problem> {
        let tcx = self.tcx;
        let ty::Adt(adt, args) = *self_ty.kind() else {
            return self.plain_data_problems(self_ty); // `&'static Local` and the like
        };
        if adt.is_enum() {
            return self.plain_data_problems(self_ty);
        }
        let mut out = Vec::new();
        if let Some(what) = self.repr_problem(self_ty) {
            let label = with_forced_trimmed_paths!(format!("`{self_ty}` {what}"));
            out.push(Problem { at: None, summary: format!("it {what}"), label, help: Help::Repr });
        }
        let mut bad_fields = Vec::new();
        for field in adt.all_fields() {
            let Ok(field_ty) = tcx.try_normalize_erasing_regions(self.typing_env, field.ty(tcx, args)) else {
                continue;
            };
            if self.implements_pod(field_ty) {
                continue;
            }
            let findings = self.findings(field_ty, vec![Step::Field(field.name, field.did)]);
            if !findings.is_empty() {
                bad_fields.push(field.did); // its own problems say more than the padding in it
            }
            let name = field.name;
            let (summary, label) = with_forced_trimmed_paths!(match findings.first() {
                Some(f) if f.path.len() == 1 => (format!("field `{name}` {}", f.what), format!("`{name}` {}", f.what)),
                Some(f) => {
                    let inner = format!("`{}` {}", path_string(&f.path), f.what);
                    (
                        format!("field `{name}` has type `{field_ty}`, which is not `wasm::Pod`: {inner}"),
                        format!("`{field_ty}` is not `wasm::Pod`: {inner}"),
                    )
                }
                None if matches!(field_ty.kind(), ty::Param(_)) => (
                    format!("field `{name}` has type `{field_ty}`, but the impl does not require `{field_ty}: wasm::Pod`"),
                    format!("the impl does not require `{field_ty}: wasm::Pod`"),
                ),
                None => (
                    format!("field `{name}` has type `{field_ty}`, which does not implement `wasm::Pod`"),
                    format!("`{field_ty}` does not implement `wasm::Pod`"),
                ),
            });
            out.push(Problem { at: Some(field.did), summary, label, help: Help::Field });
        }
        if adt.is_union() {
            out.extend(self.short_union_fields(self_ty).into_iter().map(|(step, what)| {
                let name = path_string(&[step]);
                let (summary, label) = (format!("field `{name}` {what}"), format!("`{name}` {what}"));
                Problem { at: first_field_def(&[step]), summary, label, help: Help::Padding }
            }));
            return out;
        }
        match layout::padding(tcx, self.typing_env, self_ty) {
            Some(gaps) => out.extend(
                gaps.iter()
                    .filter(|gap| !first_field_def(&gap.owner).is_some_and(|f| bad_fields.contains(&f)))
                    .map(|gap| padding_problem(gap, None)),
            ),
            None if !adt.repr().transparent() => out.extend(self.probe_generic(impl_id, self_ty)),
            None => {}
        }
        out.truncate(MAX_PROBLEMS);
        out
    }

    /// Everything that keeps a concrete `ty` from being plain bytes, judged by structure and
    /// layout alone (no trust in `Pod` impls).
    fn plain_data_problems(&self, ty: Ty<'tcx>) -> Vec<Problem> {
        let mut out: Vec<Problem> = self
            .findings(ty, Vec::new())
            .into_iter()
            .map(|f| {
                let name = path_string(&f.path);
                let (summary, label) = if f.path.is_empty() {
                    (format!("it {}", f.what), with_forced_trimmed_paths!(format!("`{ty}` {}", f.what)))
                } else {
                    let text = format!("`{name}` {}", f.what);
                    (text.clone(), text)
                };
                Problem { at: first_field_def(&f.path), summary, label, help: f.help }
            })
            .collect();
        if let Some(gaps) = layout::padding(self.tcx, self.typing_env, ty) {
            out.extend(gaps.iter().map(|gap| padding_problem(gap, None)));
        }
        out.truncate(MAX_PROBLEMS);
        out
    }

    /// What in `ty` (found at `path`) is not plain data, outermost first.
    fn findings(&self, ty: Ty<'tcx>, mut path: Vec<Step>) -> Vec<Finding> {
        let mut out = Vec::new();
        self.walk(ty, &mut path, &mut out, 0);
        out
    }

    fn walk(&self, ty: Ty<'tcx>, path: &mut Vec<Step>, out: &mut Vec<Finding>, depth: usize) {
        if depth > MAX_DEPTH || out.len() >= MAX_PROBLEMS {
            return;
        }
        let tcx = self.tcx;
        let ty = tcx.try_normalize_erasing_regions(self.typing_env, ty::Unnormalized::new_wip(ty)).unwrap_or(ty);
        if self.trust_impls && depth > 0 && self.implements_pod(ty) {
            return;
        }
        let found = |path: &[Step], what: String, help| Finding { path: path.to_vec(), what, help };
        match *ty.kind() {
            ty::Int(_) | ty::Uint(_) | ty::Float(_) => {}
            ty::Array(elem, _) => {
                path.push(Step::Elem(0));
                self.walk(elem, path, out, depth + 1);
                path.pop();
            }
            ty::Tuple(tys) if tys.is_empty() => {}
            ty::Adt(adt, _) if adt.is_phantom_data() => {}
            ty::Adt(adt, _) if adt.is_unsafe_cell() => out.push(found(path, not_pod_reason(tcx, ty), Help::Field)),
            ty::Adt(adt, args) if adt.is_struct() || adt.is_union() => {
                if let Some(what) = self.repr_problem(ty) {
                    let what = if path.is_empty() { what } else { with_forced_trimmed_paths!(format!("is `{ty}`, which {what}")) };
                    out.push(found(path, what, Help::Repr));
                }
                // Library types are judged whole: their private fields are not the user's to fix.
                if is_std(tcx, adt.did())
                    && let Some(what) = self.std_type_problem(ty)
                {
                    return out.push(found(path, what, Help::Field));
                }
                let before = out.len();
                for field in adt.all_fields() {
                    let field_ty = field.ty(tcx, args).skip_normalization();
                    path.push(Step::Field(field.name, field.did));
                    self.walk(field_ty, path, out, depth + 1);
                    path.pop();
                }
                if adt.is_union() {
                    out.extend(self.short_union_fields(ty).into_iter().map(|(step, what)| {
                        let mut at = path.clone();
                        at.push(step);
                        Finding { path: at, what, help: Help::Padding }
                    }));
                }
                // Validity rules no field shows (`NonZero`, `rustc_layout_scalar_valid_range`).
                if out.len() == before
                    && layout::layout_of(tcx, self.typing_env, ty).is_some_and(|l| l.largest_niche.is_some())
                {
                    let what = with_forced_trimmed_paths!(format!("is `{ty}`, which has invalid bit patterns (a niche)"));
                    out.push(found(path, what, Help::Field));
                }
            }
            ty::Adt(adt, _) if adt.is_enum() => out.push(found(path, not_pod_reason(tcx, ty), Help::Enum)),
            _ => out.push(found(path, not_pod_reason(tcx, ty), Help::Field)),
        }
    }

    /// A struct or union must have a C-like layout unless it has no bytes at all. The answer
    /// completes "`T` ..." or "it ...".
    fn repr_problem(&self, ty: Ty<'tcx>) -> Option<String> {
        let ty::Adt(adt, _) = ty.kind() else { return None };
        let repr = adt.repr();
        if repr.c() || repr.transparent() || adt.all_fields().next().is_none() {
            return None;
        }
        if layout::layout_of(self.tcx, self.typing_env, ty).is_some_and(|l| l.size.bytes() == 0) {
            return None;
        }
        Some(if repr.packed() {
            "has `#[repr(packed)]` without `C`: rustc may still reorder its fields".to_string()
        } else {
            "has Rust's default layout (no `#[repr(C)]`): rustc may reorder and pad its fields".to_string()
        })
    }

    /// Why a std type is not plain data, if it is not: a niche (`NonZero`), a union
    /// (`MaybeUninit`), interior mutability.
    fn std_type_problem(&self, ty: Ty<'tcx>) -> Option<String> {
        let ty::Adt(adt, _) = ty.kind() else { return None };
        let layout = layout::layout_of(self.tcx, self.typing_env, ty)?;
        with_forced_trimmed_paths!(if adt.is_union() {
            Some(format!("is `{ty}`, a union whose bytes may be uninitialized"))
        } else if layout.largest_niche.is_some() {
            Some(format!("is `{ty}`, which has invalid bit patterns"))
        } else if !ty.is_freeze(self.tcx, self.typing_env) {
            Some(format!("is `{ty}`, which has interior mutability"))
        } else {
            None
        })
    }

    /// Fields of a union smaller than the union: the bytes past them are uninitialized when
    /// they are the field written.
    fn short_union_fields(&self, ty: Ty<'tcx>) -> Vec<(Step, String)> {
        let ty::Adt(adt, args) = *ty.kind() else { return Vec::new() };
        let Some(size) = layout::layout_of(self.tcx, self.typing_env, ty).map(|l| l.size.bytes()) else {
            return Vec::new();
        };
        adt.all_fields()
            .filter_map(|field| {
                let field_ty = field.ty(self.tcx, args).skip_normalization();
                let field_size = layout::layout_of(self.tcx, self.typing_env, field_ty)?.size.bytes();
                (field_size < size).then(|| {
                    let what = format!(
                        "covers only {field_size} of the union's {size} bytes: when it is the field written, bytes {field_size}..{size} are uninitialized"
                    );
                    (Step::Field(field.name, field.did), what)
                })
            })
            .collect()
    }

    /// For a generic impl whose layout is unknown: try the parameters with small `Pod` types
    /// that satisfy the impl's bounds, and report the first instance with padding.
    fn probe_generic(&self, impl_id: DefId, self_ty: Ty<'tcx>) -> Option<Problem> {
        let tcx = self.tcx;
        let generics = tcx.generics_of(impl_id);
        let u8s = |n| Ty::new_array(tcx, tcx.types.u8, n);
        let types = [tcx.types.u8, tcx.types.u16, tcx.types.u32, tcx.types.u64, tcx.types.u128, u8s(3)];
        let mut choices: Vec<Vec<ty::GenericArg<'tcx>>> = Vec::new();
        for param in &generics.own_params {
            choices.push(match param.kind {
                ty::GenericParamDefKind::Lifetime => vec![tcx.lifetimes.re_erased.into()],
                ty::GenericParamDefKind::Type { .. } => types.iter().map(|&t| t.into()).collect(),
                ty::GenericParamDefKind::Const { .. } => {
                    let param_ty = tcx.type_of(param.def_id).instantiate_identity().skip_normalization();
                    if param_ty != tcx.types.usize {
                        return None;
                    }
                    (0..=8).map(|n| ty::Const::from_target_usize(tcx, n).into()).collect()
                }
            });
        }
        if generics.parent.is_some() {
            return None;
        }
        let env = TypingEnv::fully_monomorphized();
        let (infcx, param_env) = tcx.infer_ctxt().build_with_typing_env(env);
        for args in product(&choices, 256) {
            let args = tcx.mk_args(&args);
            let holds = tcx.predicates_of(impl_id).instantiate(tcx, args).predicates.into_iter().all(|clause| {
                let clause = clause.skip_normalization();
                let obligation = Obligation::new(tcx, ObligationCause::dummy(), param_env, clause);
                infcx.predicate_must_hold_modulo_regions(&obligation)
            });
            if !holds {
                continue;
            }
            let instance = ty::EarlyBinder::bind(self_ty).instantiate(tcx, args).skip_normalization();
            let Some(gaps) = layout::padding(tcx, env, instance) else { continue };
            if let Some(gap) = gaps.first() {
                let params = generics
                    .own_params
                    .iter()
                    .zip(args.iter())
                    .filter(|(p, _)| !matches!(p.kind, ty::GenericParamDefKind::Lifetime))
                    .map(|(p, a)| format!("{} = {a}", p.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                let instance = with_forced_trimmed_paths!(instance.to_string());
                return Some(padding_problem(gap, Some((params, instance))));
            }
        }
        None
    }
}

/// Something in a type that is not plain data: where (a path from the type) and what.
struct Finding {
    path: Vec<Step>,
    /// A noun phrase: "a `bool`: only the bytes 0 and 1 are valid `bool` values".
    what: String,
    help: Help,
}

fn is_std(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    matches!(tcx.crate_name(def_id.krate).as_str(), "core" | "alloc" | "std")
}

/// Why a type that is not a struct, array or number is not plain data.
fn not_pod_reason<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>) -> String {
    with_forced_trimmed_paths!(match *ty.kind() {
        ty::Bool => "is a `bool`: only the bytes 0 and 1 are valid `bool` values".to_string(),
        ty::Char => "is a `char`: most 32-bit values are not valid `char`s".to_string(),
        ty::Ref(..) => format!("is a reference (`{ty}`): an address means nothing to another instance or the host, and not every value is a valid reference"),
        ty::RawPtr(..) => format!("is a raw pointer (`{ty}`): an address means nothing to another instance or the host"),
        ty::FnPtr(..) | ty::FnDef(..) => "is a function pointer: an address means nothing to another instance or the host".to_string(),
        ty::Adt(adt, _) if adt.is_enum() => format!("is an enum (`{ty}`): only its declared discriminants are valid values"),
        ty::Adt(adt, _) if adt.is_unsafe_cell() || !ty.is_freeze(tcx, TypingEnv::fully_monomorphized()) && !ty.has_param() => {
            format!("is `{ty}`, which has interior mutability")
        }
        ty::Tuple(_) => format!("is a tuple (`{ty}`), which has Rust's default layout"),
        ty::Param(_) => format!("is the type parameter `{ty}`, not bounded by `wasm::Pod`"),
        ty::Never => "is `!`, which has no values".to_string(),
        ty::Pat(..) => format!("is `{ty}`, which has invalid bit patterns"),
        ty::Str | ty::Slice(_) | ty::Dynamic(..) => format!("is the unsized type `{ty}`"),
        _ => format!("is `{ty}`, which is not `wasm::Pod`"),
    })
}

/// A padding gap as a problem; `instance` names the parameters that produced it (generic impls).
fn padding_problem(gap: &Gap<'_>, instance: Option<(String, String)>) -> Problem {
    let n = gap.len();
    let bytes = if n == 1 { "1 padding byte".to_string() } else { format!("{n} padding bytes") };
    let range = format!("bytes {}..{}", gap.start, gap.end);
    let each = if gap.repeat > 1 { format!(", in each of {} elements", gap.repeat) } else { String::new() };
    let place = match (gap.owner.is_empty(), gap.next, gap.prev) {
        (true, Some(_), _) => format!("before field `{}`", gap.next_path()),
        (true, None, Some(_)) => format!("at the end, after field `{}`", gap.prev_path()),
        (true, None, None) => "with no field to cover them".to_string(),
        (false, Some(_), _) => format!("inside field `{}`, before `{}`", path_string(&gap.owner[..1]), gap.next_path()),
        (false, None, _) => with_forced_trimmed_paths!(format!(
            "inside field `{}`, at the end of `{}` (`{}`), after `{}`",
            path_string(&gap.owner[..1]),
            gap.next_path(),
            gap.owner_ty,
            gap.prev_path()
        )),
    };
    let at = if gap.owner.is_empty() { gap.next.and_then(|s| first_field_def(&[s])) } else { first_field_def(&gap.owner) };
    match instance {
        None => Problem {
            at,
            summary: format!("{bytes} {place} ({range}{each})"),
            label: format!("{bytes} {place} ({range}{each})"),
            help: Help::Padding,
        },
        Some((params, instance)) => Problem {
            at,
            summary: format!("with `{params}`, `{instance}` has {bytes} {place} ({range}{each})"),
            label: format!("with `{params}`: {bytes} {place} ({range}{each})"),
            help: Help::GenericPadding,
        },
    }
}

/// The first `limit` combinations of one choice per list (lists must be non-empty).
fn product<T: Copy>(lists: &[Vec<T>], limit: usize) -> Vec<Vec<T>> {
    let mut out: Vec<Vec<T>> = vec![Vec::new()];
    for list in lists {
        out = out.iter().flat_map(|prefix| list.iter().map(move |&x| {
            let mut next = prefix.clone();
            next.push(x);
            next
        })).take(limit).collect();
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
    let check = PodCheck { tcx, typing_env, traits, trust_impls: false };
    let mut origins = None;
    let mut reported: FxHashSet<Ty<'tcx>> = FxHashSet::default();
    let mut pod_bounds: FxHashMap<DefId, bool> = FxHashMap::default();
    for block in body.basic_blocks.iter() {
        if block.is_cleanup {
            continue;
        }
        let term = block.terminator();
        let TerminatorKind::Call { func, args, fn_span, .. } = &term.kind else { continue };
        let Some(callee) = callee(tcx, typing_env, func) else { continue };
        // The impl method when resolved (its impl's bounds apply), else the named function.
        let (def_id, call_args) = match callee.instance {
            Some(instance) if matches!(instance.def, ty::InstanceKind::Item(_)) => (instance.def_id(), instance.args),
            _ => (callee.def_id, callee.args),
        };
        if call_args.len() != tcx.generics_of(def_id).count() {
            continue;
        }
        let root = lint_root(tcx, body, term.source_info.scope);
        if is_shared_slice_constructor(tcx, def_id) {
            let origins = origins.get_or_insert_with(|| PointerOrigins::new(tcx, body));
            for arg in args.iter() {
                if let Some((pointee, made)) = first_non_pod(&check, origins.pointees(&arg.node)) {
                    report_pointer(&check, root, *fn_span, def_id, pointee, made);
                    break;
                }
            }
        }
        let has_bound = *pod_bounds.entry(def_id).or_insert_with(|| has_pod_bound(&check, def_id));
        if has_bound {
            for ty in pod_types(&check, def_id, call_args) {
                if reported.insert(ty) {
                    check_use(&check, root, *fn_span, ty);
                }
            }
        }
    }
}

/// An associated function of `wasm::SharedSlice` (inherent or trait impl) that returns one.
fn is_shared_slice_constructor(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    let Some(impl_id) = tcx.impl_of_assoc(def_id) else { return false };
    let is_shared_slice = |ty: Ty<'_>| {
        matches!(ty.kind(), ty::Adt(adt, _)
            if tcx.item_name(adt.did()).as_str() == "SharedSlice"
                && wasm_crates(tcx).any(|c| c == adt.did().krate))
    };
    let self_ty = tcx.type_of(impl_id).instantiate_identity().skip_normalization();
    let output = tcx.fn_sig(def_id).instantiate_identity().skip_binder().output();
    is_shared_slice(self_ty) && is_shared_slice(output)
}

/// The pointee nearest to where the pointer was first made that is not `Pod`, with that span.
fn first_non_pod<'tcx>(check: &PodCheck<'tcx>, pointees: Vec<crate::utils::pointer_origin::Pointee<'tcx>>) -> Option<(Ty<'tcx>, Span)> {
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

fn report_pointer<'tcx>(check: &PodCheck<'tcx>, root: rustc_hir::HirId, span: Span, callee: DefId, pointee: Ty<'tcx>, made: Span) {
    let tcx = check.tcx;
    let why = if pointee.has_param() {
        Vec::new()
    } else {
        check.plain_data_problems(pointee).into_iter().take(3).map(|p| p.summary).collect()
    };
    let name = format!("SharedSlice::{}", tcx.item_name(callee));
    let message = with_forced_trimmed_paths!(format!(
        "`{pointee}` data is shared through `{name}`, but `{pointee}` is not `wasm::Pod`"
    ));
    tcx.emit_node_span_lint(
        NON_POD_SHARED,
        root,
        span,
        DiagDecorator(|diag| {
            diag.primary_message(message);
            diag.span_label(span, "shared here as plain bytes");
            with_forced_trimmed_paths!(diag.span_label(made, format!("a pointer to `{pointee}` is made here")));
            if !why.is_empty() {
                with_forced_trimmed_paths!(diag.note(format!("`{pointee}` is not plain data: {}", why.join("; "))));
            }
            diag.help("share only `Pod` data: derive `wasm::Pod` for the type if it is plain data, or copy its `Pod` parts into a buffer of their own");
        }),
    );
}

/// Whether `def_id` (or its impl) has a `_: Pod` where-clause at all.
fn has_pod_bound(check: &PodCheck<'_>, def_id: DefId) -> bool {
    check.tcx.predicates_of(def_id).instantiate_identity(check.tcx).predicates.iter().any(|clause| {
        clause.skip_normalization().as_trait_clause().is_some_and(|t| check.traits.contains(&t.def_id()))
    })
}

/// The concrete types a call requires to be `Pod`.
fn pod_types<'tcx>(check: &PodCheck<'tcx>, def_id: DefId, args: GenericArgsRef<'tcx>) -> Vec<Ty<'tcx>> {
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
            let ty = tcx.try_normalize_erasing_regions(check.typing_env, ty::Unnormalized::new_wip(ty)).ok()?;
            // Concrete types only; opaque types are left alone (revealing them here could cycle).
            (!ty.has_param() && !ty.has_infer() && !ty.has_aliases()).then_some(ty)
        })
        .collect()
}

/// A concrete type used as `Pod`: check it byte by byte when its impl is one the impl check did
/// not see (another crate's) or could not fully judge (a generic one).
fn check_use<'tcx>(check: &PodCheck<'tcx>, root: rustc_hir::HirId, span: Span, ty: Ty<'tcx>) {
    let tcx = check.tcx;
    let env = TypingEnv::fully_monomorphized();
    let Some(&trait_id) = check.traits.first() else { return };
    let trait_ref = ty::TraitRef::new(tcx, trait_id, [ty]);
    let Ok(ImplSource::UserDefined(source)) = tcx.codegen_select_candidate(env.as_query_input(trait_ref)) else {
        return;
    };
    let impl_id = source.impl_def_id;
    let generic = !tcx.generics_of(impl_id).is_empty();
    if (impl_id.is_local() && !generic) || is_derived(tcx, impl_id) {
        return;
    }
    let concrete = PodCheck { tcx, typing_env: env, traits: check.traits.clone(), trust_impls: false };
    let problems = concrete.plain_data_problems(ty);
    let Some(first) = problems.first() else { return };
    let krate = tcx.crate_name(impl_id.krate);
    let message = with_forced_trimmed_paths!(format!(
        "`{ty}` is used as `wasm::Pod` here, but it is not plain data: {}{}",
        first.summary,
        more(problems.len())
    ));
    let impl_span = tcx.def_span(impl_id);
    tcx.emit_node_span_lint(
        NON_POD_SHARED,
        root,
        span,
        DiagDecorator(|diag| {
            diag.primary_message(message);
            diag.span_label(span, "used as `Pod` here");
            for problem in &problems {
                if let Some(at) = problem.at {
                    diag.span_label(tcx.def_span(at), problem.label.clone());
                }
            }
            let whose = if impl_id.is_local() { "this crate's".to_string() } else { format!("crate `{krate}`'s") };
            diag.span_label(impl_span, format!("{whose} `Pod` impl, which does not hold for `{}`", with_forced_trimmed_paths!(ty.to_string())));
            diag.help("only plain data may be shared: fix or remove that `unsafe impl Pod`, or share a `#[derive(wasm::Pod)]` type instead");
        }),
    );
}
