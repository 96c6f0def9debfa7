//! Finding items by path: the `wasm` crate's marker traits and well-known std functions.

use rustc_hir::def::DefKind;
use rustc_hir::def_id::{CrateNum, DefId, LOCAL_CRATE};
use rustc_middle::ty::{self, TyCtxt};
use rustc_span::{Symbol, sym};

/// The name of the library crate users depend on.
pub const WASM_CRATE: &str = "wasm";

/// Crates named `wasm` in this compilation (the local crate included, when it is `wasm` itself).
/// More than one is possible when two versions are linked.
pub fn wasm_crates(tcx: TyCtxt<'_>) -> impl Iterator<Item = CrateNum> + '_ {
    let wasm = Symbol::intern(WASM_CRATE);
    std::iter::once(LOCAL_CRATE)
        .chain(tcx.crates(()).iter().copied())
        .filter(move |&cnum| tcx.crate_name(cnum) == wasm)
}

/// Traits named `name` defined in any `wasm` crate, e.g. `wasm_traits(tcx, "Linear")`.
pub fn wasm_traits(tcx: TyCtxt<'_>, name: &str) -> Vec<DefId> {
    let name = Symbol::intern(name);
    wasm_crates(tcx)
        .flat_map(|cnum| tcx.traits(cnum).iter().copied())
        .filter(|&def_id| tcx.item_name(def_id) == name)
        .collect()
}

/// Whether `krate` is one of the standard library's crates (core, alloc, std).
pub fn is_std_crate(tcx: TyCtxt<'_>, krate: CrateNum) -> bool {
    let name = tcx.crate_name(krate);
    name == sym::core || name == sym::alloc || name == sym::std
}

/// Whether `def_id` is a std/core/alloc item whose path ends with `suffix`. Inherent impls count
/// as their self type's name, so `Option::take` is `["Option", "take"]` and `mem::forget` is
/// `["mem", "forget"]`.
pub fn is_std_item(tcx: TyCtxt<'_>, def_id: DefId, suffix: &[&str]) -> bool {
    if !is_std_crate(tcx, def_id.krate) {
        return false;
    }
    // The last segment first: it rules out nearly every call without building the path.
    if !matches!(tcx.def_kind(def_id), DefKind::Impl { .. })
        && suffix.last().is_some_and(|last| tcx.opt_item_name(def_id).is_none_or(|n| n.as_str() != *last))
    {
        return false;
    }
    let segments = named_path(tcx, def_id);
    segments.len() >= suffix.len()
        && segments[segments.len() - suffix.len()..].iter().zip(suffix).all(|(a, b)| a.as_str() == *b)
}

/// The item's path with inherent impls replaced by their self type's name (crate root excluded).
fn named_path(tcx: TyCtxt<'_>, def_id: DefId) -> Vec<Symbol> {
    let mut out = Vec::new();
    let mut current = Some(def_id);
    while let Some(id) = current {
        if id.is_crate_root() {
            break;
        }
        match tcx.def_kind(id) {
            DefKind::Impl { of_trait: false } => {
                if let ty::Adt(adt, _) = tcx.type_of(id).instantiate_identity().skip_normalization().kind() {
                    out.push(tcx.item_name(adt.did()));
                }
            }
            _ => out.extend(tcx.opt_item_name(id)),
        }
        current = tcx.opt_parent(id);
    }
    out.reverse();
    out
}

/// Items named `name` at the root of any `wasm` crate (re-exports included), e.g. `ExternRef`.
pub fn wasm_root_items(tcx: TyCtxt<'_>, name: &str) -> Vec<DefId> {
    let name = Symbol::intern(name);
    wasm_crates(tcx)
        .flat_map(|cnum| match cnum.as_def_id().as_local() {
            Some(local) => tcx.module_children_local(local),
            None => tcx.module_children(cnum.as_def_id()),
        })
        .filter(|child| child.ident.name == name)
        .filter_map(|child| child.res.opt_def_id())
        .collect()
}
