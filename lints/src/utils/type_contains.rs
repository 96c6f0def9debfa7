//! "Does a value of this type own an X?" — a cached walk over what a type owns, for any marker X
//! (`wasm::Linear` types for the linear lints, `wasm::ExternRef` for `externref_escape`).

use std::cell::RefCell;

use rustc_data_structures::fx::FxHashMap;
use rustc_middle::ty::{self, Ty, TyCtxt, TypingEnv};

use crate::utils::paths::is_std_crate;

/// Deepest type nesting walked; deeper types are assumed to hold nothing (never an ICE or a hang).
const MAX_DEPTH: usize = 64;

/// The X of a walk: the types the walk stops at and reports.
pub trait Marker<'tcx> {
    /// Whether `ty` itself is an X.
    fn is_marked(&self, ty: Ty<'tcx>) -> bool;
}

/// Answers "is this type an X / does it own one" for one body, with a cache.
pub struct TypeContains<'tcx, M> {
    tcx: TyCtxt<'tcx>,
    typing_env: TypingEnv<'tcx>,
    marker: M,
    /// Whether what a `ManuallyDrop<T>` (and so a `MaybeUninit<T>`) holds counts.
    through_manually_drop: bool,
    cache: RefCell<FxHashMap<Ty<'tcx>, bool>>,
}

impl<'tcx, M: Marker<'tcx>> TypeContains<'tcx, M> {
    pub fn new(tcx: TyCtxt<'tcx>, typing_env: TypingEnv<'tcx>, marker: M, through_manually_drop: bool) -> Self {
        TypeContains { tcx, typing_env, marker, through_manually_drop, cache: RefCell::default() }
    }

    pub fn marker(&self) -> &M {
        &self.marker
    }

    /// The typing environment the answers are computed in (the body's where-clauses).
    pub fn typing_env(&self) -> TypingEnv<'tcx> {
        self.typing_env
    }

    /// A field's type for the given generic arguments, normalized where possible.
    pub fn field_ty(&self, field: &ty::FieldDef, args: ty::GenericArgsRef<'tcx>) -> Ty<'tcx> {
        let unnormalized = field.ty(self.tcx, args);
        self.tcx
            .try_normalize_erasing_regions(self.typing_env, unnormalized)
            .unwrap_or_else(|_| unnormalized.skip_normalization())
    }

    /// Whether a value of `ty` owns an X: it is one, or holds one by value (fields, variants,
    /// tuples, arrays, `Box`, closure captures, and `PhantomData<T>`, which by Rust's convention
    /// means "owns a `T`", so `Vec<T>` and `HashMap<K, V>` count). References, raw pointers,
    /// trait objects and opaque types hold nothing we can see.
    pub fn contains(&self, ty: Ty<'tcx>) -> bool {
        if let Some(&known) = self.cache.borrow().get(&ty) {
            return known;
        }
        let mut stack = Vec::new();
        let (result, _) = self.walk(ty, &mut stack);
        self.cache.borrow_mut().insert(ty, result);
        result
    }

    /// The Xs inside `ty` (itself if it is one), outermost first, without duplicates.
    pub fn components(&self, ty: Ty<'tcx>) -> Vec<Ty<'tcx>> {
        let mut out = Vec::new();
        self.collect_components(ty, &mut out, 0);
        out
    }

    fn collect_components(&self, ty: Ty<'tcx>, out: &mut Vec<Ty<'tcx>>, depth: usize) {
        if depth > MAX_DEPTH || !self.contains(ty) {
            return;
        }
        if self.marker.is_marked(ty) {
            if !out.contains(&ty) {
                out.push(ty);
            }
            return;
        }
        for part in self.parts(ty) {
            self.collect_components(part, out, depth + 1);
        }
    }

    /// Returns (contains, hit_cycle). Results that depended on a type still being walked (a
    /// recursive type) are not cached as `false`, since the cycle's answer was provisional.
    fn walk(&self, ty: Ty<'tcx>, stack: &mut Vec<Ty<'tcx>>) -> (bool, bool) {
        if let Some(&known) = self.cache.borrow().get(&ty) {
            return (known, false);
        }
        if stack.contains(&ty) || stack.len() > MAX_DEPTH {
            return (false, true);
        }
        if self.marker.is_marked(ty) {
            self.cache.borrow_mut().insert(ty, true);
            return (true, false);
        }
        stack.push(ty);
        let mut hit_cycle = false;
        let mut found = false;
        // A std type can only hold an X through its type arguments, so when none holds one its
        // fields need no walk (`String`, `Vec<u8>` and `HashMap<K, V>` are deep). When one does,
        // the fields still decide: `slice::Iter<'_, X>` only borrows its X.
        let parts = if let Some(args) = self.std_adt_args(ty) {
            let mut any = false;
            for arg in args.types() {
                let (c, cyc) = self.walk(arg, stack);
                hit_cycle |= cyc;
                any |= c;
            }
            if any { self.parts(ty) } else { Vec::new() }
        } else {
            self.parts(ty)
        };
        for part in parts {
            let (c, cyc) = self.walk(part, stack);
            hit_cycle |= cyc;
            if c {
                found = true;
                break;
            }
        }
        stack.pop();
        if found || !hit_cycle {
            self.cache.borrow_mut().insert(ty, found);
        }
        (found, hit_cycle && !found)
    }

    /// The generic arguments of an ADT of core, alloc or std other than those `parts` treats
    /// specially.
    fn std_adt_args(&self, ty: Ty<'tcx>) -> Option<ty::GenericArgsRef<'tcx>> {
        let ty::Adt(adt, args) = *ty.kind() else { return None };
        if adt.is_phantom_data() || adt.is_box() || adt.is_manually_drop() {
            return None;
        }
        is_std_crate(self.tcx, adt.did().krate).then_some(args)
    }

    /// The types a value of `ty` owns directly.
    fn parts(&self, ty: Ty<'tcx>) -> Vec<Ty<'tcx>> {
        let tcx = self.tcx;
        match *ty.kind() {
            ty::Adt(adt, args) if adt.is_phantom_data() || adt.is_box() => {
                args.types().take(1).collect()
            }
            // For the linear lints `ManuallyDrop<T>` is the explicit opt-out: what is in it was
            // forgotten on purpose (and `linear_forgotten` said so where it was made).
            ty::Adt(adt, _) if adt.is_manually_drop() && !self.through_manually_drop => Vec::new(),
            ty::Adt(adt, args) => adt.all_fields().map(|f| self.field_ty(f, args)).collect(),
            ty::Tuple(tys) => tys.to_vec(),
            ty::Array(elem, _) | ty::Slice(elem) => vec![elem],
            ty::Closure(_, args) => args.as_closure().upvar_tys().to_vec(),
            ty::CoroutineClosure(_, args) => args.as_coroutine_closure().upvar_tys().to_vec(),
            ty::Coroutine(_, args) => args.as_coroutine().upvar_tys().to_vec(),
            ty::Alias(..) => match tcx.try_normalize_erasing_regions(self.typing_env, ty::Unnormalized::new_wip(ty)) {
                Ok(normalized) if normalized != ty && !matches!(normalized.kind(), ty::Alias(..)) => {
                    vec![normalized]
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}
