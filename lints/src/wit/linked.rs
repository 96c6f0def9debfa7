//! A dependency's exports in the crate's world: what the crate's JS module would export from the
//! crates it links. The `#[wasm::export]` macro leaves its `#[wasm_lint::export]` mark exactly
//! where the item is exported by every module that links the crate (`#[wasm::export(always)]`,
//! or every export of a crate declaring `crate-type = ["cdylib", "rlib"]`; wasm-macros'
//! export_scope.rs), and marks are encoded in crate metadata, so the dependency's marked
//! functions and `impl` members are read here from the crates this one links.
//!
//! The component's glue calls them from this crate (`::dep::path::f`): each item, and each type
//! of a dependency the world holds, needs a public path from here, which rustc's own
//! `visible_parent_map` (what its diagnostics print paths by) gives; one without is an error.

use rustc_hir::def::DefKind;
use rustc_hir::def_id::{CRATE_DEF_INDEX, CrateNum, DefId, DefIndex};
use rustc_middle::ty::TyCtxt;
use rustc_session::config::ExternLocation;
use rustc_session::utils::CanonicalizedPath;
use rustc_span::{Span, Symbol, kw};

use super::map::{ErrorAt, NoWit, Role};

/// The marked functions and associated functions of the crates this one links, with their
/// marks as `mark` reads them (`None`: not marked), split into exports (`Ok`) and imports
/// (`Err`), in crate and definition order.
pub fn dependency_items<E, I>(tcx: TyCtxt<'_>, mark: impl Fn(DefId) -> Option<Result<E, I>>) -> (Vec<(DefId, E)>, Vec<(DefId, I)>) {
    let (mut exports, mut imports) = (Vec::new(), Vec::new());
    for &cnum in tcx.used_crates(()) {
        // Proc macros (and what is loaded for its macros only) are not linked.
        if tcx.crate_dep_kind(cnum).macros_only() {
            continue;
        }
        // The standard library's crates come prebuilt, not through the driver: they hold no marks
        // (skipping them saves most of the walk).
        if tcx.used_crate_source(cnum).paths().any(|p| p.starts_with(tcx.sess.opts.sysroot.path())) {
            continue;
        }
        for index in 0..tcx.num_extern_def_ids(cnum) {
            let did = DefId { krate: cnum, index: DefIndex::from_usize(index) };
            if matches!(tcx.def_kind(did), DefKind::Fn | DefKind::AssocFn) {
                match mark(did) {
                    Some(Ok(export)) => exports.push((did, export)),
                    Some(Err(import)) => imports.push((did, import)),
                    None => {}
                }
            }
        }
    }
    (exports, imports)
}

/// The path this crate names a dependency's item by (`::dep::a::F`, following re-exports), if it
/// has a public one: rustc's visible parents, up to the root of a crate this one depends on
/// directly (a crate only linked through another is reached through its re-exports).
pub fn public_path(tcx: TyCtxt<'_>, did: DefId) -> Option<String> {
    let parents = tcx.visible_parent_map(());
    let mut segments: Vec<Symbol> = Vec::new();
    let mut at = did;
    // A path is at most as long as the crate is deep; the bound only guards against a cycle.
    for _ in 0..64 {
        if at.index == CRATE_DEF_INDEX && tcx.extern_crate(at.krate).is_some_and(|e| e.is_direct()) {
            segments.push(extern_name(tcx, at.krate));
            let path: Vec<String> = segments.iter().rev().map(|s| s.to_string()).collect();
            return Some(format!("::{}", path.join("::")));
        }
        let parent = *parents.get(&at)?;
        let name = tcx.module_children(parent).iter().find(|c| c.res.opt_def_id() == Some(at)).map(|c| c.ident.name)?;
        if name == kw::Underscore {
            return None;
        }
        segments.push(name);
        at = parent;
    }
    None
}

/// The name this crate knows a direct dependency by: its `--extern` name, which is not its crate
/// name when Cargo.toml renames it (`geo = { package = "geometry", .. }`).
fn extern_name(tcx: TyCtxt<'_>, cnum: CrateNum) -> Symbol {
    let source = tcx.used_crate_source(cnum);
    let is_source = |p: &CanonicalizedPath| source.paths().any(|f| f == p.canonicalized() || f == p.original());
    let renamed = tcx.sess.opts.externs.iter().find(|(_, entry)| match &entry.location {
        ExternLocation::ExactPaths(paths) => paths.iter().any(is_source),
        ExternLocation::FoundInLibrarySearchDirectories => false,
    });
    renamed.map_or_else(|| tcx.crate_name(cnum), |(name, _)| Symbol::intern(name))
}

/// Why the glue cannot name the dependency's exported function `did` (of the resource `owner`,
/// for an `impl` member), if it cannot.
pub fn unreachable_function(tcx: TyCtxt<'_>, did: DefId, owner: Option<DefId>) -> Option<NoWit> {
    let public = tcx.visibility(did).is_public();
    let reachable = match owner {
        Some(adt) => public && public_path(tcx, adt).is_some(),
        None => public && public_path(tcx, did).is_some(),
    };
    (!reachable).then(|| {
        let krate = tcx.crate_name(did.krate);
        let what = if public { "has no public path from this crate" } else { "is not `pub`" };
        no_path(tcx, did, format!("`{}`, an export of the dependency `{krate}`, {what}; the component's glue calls it from this crate", tcx.def_path_str(did)), krate)
    })
}

/// Why the glue cannot name or build the dependency's type `did` (a record, enum, variant, flags
/// or resource of the world), if it cannot: it has no public path, or a field is not `pub`.
pub fn unreachable_type(tcx: TyCtxt<'_>, did: DefId) -> Option<NoWit> {
    let krate = tcx.crate_name(did.krate);
    let shown = tcx.def_path_str(did);
    if public_path(tcx, did).is_none() {
        return Some(no_path(tcx, did, format!("`{shown}`, a type of the dependency `{krate}` in this crate's world, has no public path from this crate; the component's glue names it"), krate));
    }
    let adt = tcx.adt_def(did);
    let private = adt.is_struct().then(|| adt.non_enum_variant().fields.iter().find(|f| !f.vis.is_public())).flatten()?;
    Some(NoWit {
        span: span_of(tcx, did),
        message: format!("`{shown}`, a record of the dependency `{krate}` in this crate's world, has a field that is not `pub` (`{}`); the component's glue builds and takes apart its values", private.name),
        help: format!("make every field of `{shown}` `pub` in `{krate}`"),
        reported: false,
    })
}

/// An error of the signature of the dependency's export or import `did`, naming it (the span
/// points into the dependency), reported at the crate root.
pub fn in_dependency(tcx: TyCtxt<'_>, did: DefId, role: Role, mut e: NoWit) -> (ErrorAt, NoWit) {
    let what = match role {
        Role::Export => "an export",
        Role::Import => "an import",
    };
    e.message = format!("{} (in `{}`, {what} of the dependency `{}`)", e.message, tcx.def_path_str(did), tcx.crate_name(did.krate));
    (ErrorAt::Dependency(role), e)
}

fn no_path(tcx: TyCtxt<'_>, did: DefId, message: String, krate: Symbol) -> NoWit {
    let direct = tcx.extern_crate(did.krate).is_some_and(|e| e.is_direct());
    let help = if direct {
        format!("make it `pub` in a public module of `{krate}`, or re-export it there (`pub use`)")
    } else {
        format!("`{krate}` is linked through another crate: depend on `{krate}` directly, or re-export the item from the crate this one depends on")
    };
    NoWit { span: span_of(tcx, did), message, help, reported: false }
}

fn span_of(tcx: TyCtxt<'_>, did: DefId) -> Span {
    tcx.def_ident_span(did).unwrap_or_else(|| tcx.def_span(did))
}
