//! Whether a type is plain data — the rules of `wasm::Pod` — judged against the layout rustc
//! computed: the representation, every field's type, and padding at any depth.
//!
//! Two ways to ask. [`PodCheck::impl_problems`] judges a manual `impl Pod for T` the way the
//! derive would: each field must implement `Pod` (other impls are trusted; they are checked
//! where they are written), and the whole layout must be padding-free. With `trust_impls` off,
//! [`PodCheck::plain_data_problems`] judges a concrete type byte by byte, trusting nothing, for
//! types whose impls nobody checked. Answers are phrased for diagnostics ([`Problem`]).

use rustc_hir::def_id::DefId;
use rustc_infer::infer::TyCtxtInferExt;
use rustc_infer::traits::{Obligation, ObligationCause};
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{self, Ty, TyCtxt, TypeVisitableExt, TypingEnv};
use rustc_trait_selection::infer::InferCtxtExt;
use rustc_trait_selection::traits::query::evaluate_obligation::InferCtxtExt as _;

use crate::layout::padding::{self, Gap, Step, first_field_def, path_string};
use crate::utils::paths::is_std_crate;

/// What makes a type not plain data, and where.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The field definition it is about (`None`: the type itself).
    pub at: Option<DefId>,
    /// For the primary message: "3 padding bytes before field `len` (bytes 1..4)".
    pub summary: String,
    /// For the label at `at`.
    pub label: String,
    pub help: Help,
}

/// Which advice fits a problem (the lint turns each into one `help:` line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Help {
    Repr,
    Padding,
    GenericPadding,
    Field,
    Enum,
}

/// Answers "is this plain data" in one typing environment.
pub struct PodCheck<'tcx> {
    pub tcx: TyCtxt<'tcx>,
    pub typing_env: TypingEnv<'tcx>,
    /// The `wasm::Pod` traits (one per linked `wasm` crate).
    pub traits: Vec<DefId>,
    /// Whether a nested type with a `Pod` impl counts as plain data without a look inside
    /// (checking one impl trusts the others, which are checked where they are written). Types
    /// from impls nobody checked (at use sites) are looked into byte by byte.
    pub trust_impls: bool,
}

/// Nesting walked at most when looking for what is not plain data.
const MAX_DEPTH: usize = 16;
/// Problems collected at most for one type.
const MAX_PROBLEMS: usize = 8;

impl<'tcx> PodCheck<'tcx> {
    pub fn implements_pod(&self, ty: Ty<'tcx>) -> bool {
        if ty.has_escaping_bound_vars() {
            return false;
        }
        let ty = self.tcx.erase_and_anonymize_regions(ty);
        let (infcx, param_env) = self.tcx.infer_ctxt().build_with_typing_env(self.typing_env);
        self.traits.iter().any(|&tr| {
            infcx
                .type_implements_trait(tr, [ty], param_env)
                .must_apply_modulo_regions()
        })
    }

    /// The problems of a manual `impl Pod for self_ty`: its fields must implement `Pod`, its
    /// layout must be C-like and padding-free.
    pub fn impl_problems(&self, impl_id: DefId, self_ty: Ty<'tcx>) -> Vec<Problem> {
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
            out.push(Problem {
                at: None,
                summary: format!("it {what}"),
                label,
                help: Help::Repr,
            });
        }
        let mut bad_fields = Vec::new();
        for field in adt.all_fields() {
            let Ok(field_ty) =
                tcx.try_normalize_erasing_regions(self.typing_env, field.ty(tcx, args))
            else {
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
                Some(f) if f.path.len() == 1 => (
                    format!("field `{name}` {}", f.what),
                    format!("`{name}` {}", f.what)
                ),
                Some(f) => {
                    let inner = format!("`{}` {}", path_string(&f.path), f.what);
                    (
                        format!(
                            "field `{name}` has type `{field_ty}`, which is not `wasm::Pod`: {inner}"
                        ),
                        format!("`{field_ty}` is not `wasm::Pod`: {inner}"),
                    )
                }
                None if matches!(field_ty.kind(), ty::Param(_)) => (
                    format!(
                        "field `{name}` has type `{field_ty}`, but the impl does not require `{field_ty}: wasm::Pod`"
                    ),
                    format!("the impl does not require `{field_ty}: wasm::Pod`"),
                ),
                None => (
                    format!(
                        "field `{name}` has type `{field_ty}`, which does not implement `wasm::Pod`"
                    ),
                    format!("`{field_ty}` does not implement `wasm::Pod`"),
                ),
            });
            out.push(Problem {
                at: Some(field.did),
                summary,
                label,
                help: Help::Field,
            });
        }
        if adt.is_union() {
            out.extend(
                self.short_union_fields(self_ty)
                    .into_iter()
                    .map(|(step, what)| {
                        let name = path_string(&[step]);
                        let (summary, label) =
                            (format!("field `{name}` {what}"), format!("`{name}` {what}"));
                        Problem {
                            at: first_field_def(&[step]),
                            summary,
                            label,
                            help: Help::Padding,
                        }
                    }),
            );
            return out;
        }
        match padding::padding(tcx, self.typing_env, self_ty) {
            Some(gaps) => out.extend(
                gaps.iter()
                    .filter(|gap| {
                        !first_field_def(&gap.owner).is_some_and(|f| bad_fields.contains(&f))
                    })
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
    pub fn plain_data_problems(&self, ty: Ty<'tcx>) -> Vec<Problem> {
        let mut out: Vec<Problem> = self
            .findings(ty, Vec::new())
            .into_iter()
            .map(|f| {
                let name = path_string(&f.path);
                let (summary, label) = if f.path.is_empty() {
                    (
                        format!("it {}", f.what),
                        with_forced_trimmed_paths!(format!("`{ty}` {}", f.what)),
                    )
                } else {
                    let text = format!("`{name}` {}", f.what);
                    (text.clone(), text)
                };
                Problem {
                    at: first_field_def(&f.path),
                    summary,
                    label,
                    help: f.help,
                }
            })
            .collect();
        if let Some(gaps) = padding::padding(self.tcx, self.typing_env, ty) {
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
        let ty = tcx
            .try_normalize_erasing_regions(self.typing_env, ty::Unnormalized::new_wip(ty))
            .unwrap_or(ty);
        if self.trust_impls && depth > 0 && self.implements_pod(ty) {
            return;
        }
        let found = |path: &[Step], what: String, help| Finding {
            path: path.to_vec(),
            what,
            help,
        };
        match *ty.kind() {
            ty::Int(_) | ty::Uint(_) | ty::Float(_) => {}
            ty::Array(elem, _) => {
                path.push(Step::Elem(0));
                self.walk(elem, path, out, depth + 1);
                path.pop();
            }
            ty::Tuple(tys) if tys.is_empty() => {}
            ty::Adt(adt, _) if adt.is_phantom_data() => {}
            ty::Adt(adt, _) if adt.is_unsafe_cell() => {
                out.push(found(path, not_pod_reason(tcx, ty), Help::Field))
            }
            ty::Adt(adt, args) if adt.is_struct() || adt.is_union() => {
                if let Some(what) = self.repr_problem(ty) {
                    let what = if path.is_empty() {
                        what
                    } else {
                        with_forced_trimmed_paths!(format!("is `{ty}`, which {what}"))
                    };
                    out.push(found(path, what, Help::Repr));
                }
                // Library types are judged whole: their private fields are not the user's to fix.
                if is_std_crate(tcx, adt.did().krate)
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
                        Finding {
                            path: at,
                            what,
                            help: Help::Padding,
                        }
                    }));
                }
                // Validity rules no field shows (`NonZero`, `rustc_layout_scalar_valid_range`).
                if out.len() == before
                    && padding::layout_of(tcx, self.typing_env, ty)
                        .is_some_and(|l| l.largest_niche.is_some())
                {
                    let what = with_forced_trimmed_paths!(format!(
                        "is `{ty}`, which has invalid bit patterns (a niche)"
                    ));
                    out.push(found(path, what, Help::Field));
                }
            }
            ty::Adt(adt, _) if adt.is_enum() => {
                out.push(found(path, not_pod_reason(tcx, ty), Help::Enum))
            }
            _ => out.push(found(path, not_pod_reason(tcx, ty), Help::Field)),
        }
    }

    /// A struct or union must have a C-like layout unless it has no bytes at all. The answer
    /// completes "`T` ..." or "it ...".
    fn repr_problem(&self, ty: Ty<'tcx>) -> Option<String> {
        let ty::Adt(adt, _) = ty.kind() else {
            return None;
        };
        let repr = adt.repr();
        if repr.c() || repr.transparent() || adt.all_fields().next().is_none() {
            return None;
        }
        if padding::layout_of(self.tcx, self.typing_env, ty).is_some_and(|l| l.size.bytes() == 0) {
            return None;
        }
        Some(if repr.packed() {
            "has `#[repr(packed)]` without `C`: rustc may still reorder its fields".to_string()
        } else {
            "has Rust's default layout (no `#[repr(C)]`): rustc may reorder and pad its fields"
                .to_string()
        })
    }

    /// Why a std type is not plain data, if it is not: a niche (`NonZero`), a union
    /// (`MaybeUninit`), interior mutability.
    fn std_type_problem(&self, ty: Ty<'tcx>) -> Option<String> {
        let ty::Adt(adt, _) = ty.kind() else {
            return None;
        };
        let layout = padding::layout_of(self.tcx, self.typing_env, ty)?;
        with_forced_trimmed_paths!(if adt.is_union() {
            Some(format!(
                "is `{ty}`, a union whose bytes may be uninitialized"
            ))
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
        let ty::Adt(adt, args) = *ty.kind() else {
            return Vec::new();
        };
        let Some(size) = padding::layout_of(self.tcx, self.typing_env, ty).map(|l| l.size.bytes())
        else {
            return Vec::new();
        };
        adt.all_fields()
            .filter_map(|field| {
                let field_ty = field.ty(self.tcx, args).skip_normalization();
                let field_size = padding::layout_of(self.tcx, self.typing_env, field_ty)?.size.bytes();
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
        let types = [
            tcx.types.u8,
            tcx.types.u16,
            tcx.types.u32,
            tcx.types.u64,
            tcx.types.u128,
            u8s(3),
        ];
        let mut choices: Vec<Vec<ty::GenericArg<'tcx>>> = Vec::new();
        for param in &generics.own_params {
            choices.push(match param.kind {
                ty::GenericParamDefKind::Lifetime => vec![tcx.lifetimes.re_erased.into()],
                ty::GenericParamDefKind::Type { .. } => types.iter().map(|&t| t.into()).collect(),
                ty::GenericParamDefKind::Const { .. } => {
                    let param_ty = tcx
                        .type_of(param.def_id)
                        .instantiate_identity()
                        .skip_normalization();
                    if param_ty != tcx.types.usize {
                        return None;
                    }
                    (0..=8)
                        .map(|n| ty::Const::from_target_usize(tcx, n).into())
                        .collect()
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
            let holds = tcx
                .predicates_of(impl_id)
                .instantiate(tcx, args)
                .predicates
                .into_iter()
                .all(|clause| {
                    let clause = clause.skip_normalization();
                    let obligation =
                        Obligation::new(tcx, ObligationCause::dummy(), param_env, clause);
                    infcx.predicate_must_hold_modulo_regions(&obligation)
                });
            if !holds {
                continue;
            }
            let instance = ty::EarlyBinder::bind(self_ty)
                .instantiate(tcx, args)
                .skip_normalization();
            let Some(gaps) = padding::padding(tcx, env, instance) else {
                continue;
            };
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

/// Why a type that is not a struct, array or number is not plain data.
fn not_pod_reason<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>) -> String {
    with_forced_trimmed_paths!(match *ty.kind() {
        ty::Bool => "is a `bool`: only the bytes 0 and 1 are valid `bool` values".to_string(),
        ty::Char => "is a `char`: most 32-bit values are not valid `char`s".to_string(),
        ty::Ref(..) => format!(
            "is a reference (`{ty}`): an address means nothing to another instance or the host, and not every value is a valid reference"
        ),
        ty::RawPtr(..) => format!(
            "is a raw pointer (`{ty}`): an address means nothing to another instance or the host"
        ),
        ty::FnPtr(..) | ty::FnDef(..) =>
            "is a function pointer: an address means nothing to another instance or the host"
                .to_string(),
        ty::Adt(adt, _) if adt.is_enum() =>
            format!("is an enum (`{ty}`): only its declared discriminants are valid values"),
        ty::Adt(adt, _)
            if adt.is_unsafe_cell()
                || !ty.is_freeze(tcx, TypingEnv::fully_monomorphized()) && !ty.has_param() =>
        {
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
    let n = gap.bytes();
    let bytes = if n == 1 {
        "1 padding byte".to_string()
    } else {
        format!("{n} padding bytes")
    };
    let range = format!("bytes {}..{}", gap.start, gap.end);
    let each = if gap.repeat > 1 {
        format!(", in each of {} elements", gap.repeat)
    } else {
        String::new()
    };
    let place = match (gap.owner.is_empty(), gap.next, gap.prev) {
        (true, Some(_), _) => format!("before field `{}`", gap.next_path()),
        (true, None, Some(_)) => format!("at the end, after field `{}`", gap.prev_path()),
        (true, None, None) => "with no field to cover them".to_string(),
        (false, Some(_), _) => format!(
            "inside field `{}`, before `{}`",
            path_string(&gap.owner[..1]),
            gap.next_path()
        ),
        (false, None, _) => with_forced_trimmed_paths!(format!(
            "inside field `{}`, at the end of `{}` (`{}`), after `{}`",
            path_string(&gap.owner[..1]),
            gap.next_path(),
            gap.owner_ty,
            gap.prev_path()
        )),
    };
    let at = if gap.owner.is_empty() {
        gap.next.and_then(|s| first_field_def(&[s]))
    } else {
        first_field_def(&gap.owner)
    };
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
        out = out
            .iter()
            .flat_map(|prefix| {
                list.iter().map(move |&x| {
                    let mut next = prefix.clone();
                    next.push(x);
                    next
                })
            })
            .take(limit)
            .collect();
    }
    out
}
