//! Effect sources known without annotations: the standard library and host imports (functions
//! in `extern` blocks, and wasm-bindgen's stand-ins for them off wasm32). wasm-bindgen, js-sys
//! and web-sys are inferred from their bodies like any crate: their imports are the sources. The table is documented in docs/effects.md; keep
//! the two in step.

use rustc_hir::def::DefKind;
use rustc_hir::def_id::DefId;
use rustc_middle::ty::print::with_no_trimmed_paths;
use rustc_middle::ty::{self, GenericArgsRef, Ty, TyCtxt};
use rustc_span::Symbol;

use crate::effects::vocabulary::{Effect, EffectSet, fn_name, type_name};

/// What a known source does: its effects and the name it gets at the end of a chain.
#[derive(Clone, Debug)]
pub struct Source {
    pub effects: EffectSet,
    pub name: String,
}

/// A host import: a function in an `extern` block (its module says which host answers it), or
/// the stand-in wasm-bindgen compiles for one of its imports off wasm32, which counts as that
/// import so that every target gives the same answer.
pub fn foreign_import(tcx: TyCtxt<'_>, def_id: DefId) -> Option<Source> {
    if tcx.def_kind(def_id) != DefKind::Fn {
        return None;
    }
    if !tcx.is_foreign_item(def_id) {
        return bindgen_stand_in(tcx, def_id);
    }
    let module = tcx.opt_parent(def_id).and_then(|foreign_mod| {
        tcx.native_libraries(def_id.krate)
            .iter()
            .find(|lib| lib.foreign_module == Some(foreign_mod))
            .and_then(|lib| lib.wasm_import_module())
    });
    // The name the host sees: `#[link_name]` if given (as `#[wasm::import]` does).
    let item = tcx.codegen_fn_attrs(def_id).symbol_name.unwrap_or_else(|| tcx.item_name(def_id));
    let effect = match module.as_ref().map(Symbol::as_str) {
        // Descriptors only the wasm-bindgen CLI runs, at build time; removed from the module.
        Some("__wbindgen_placeholder__") if is_bindgen_describe(item.as_str()) => return Some(Source {
            effects: EffectSet::NONE,
            name: format!("__wbindgen_placeholder__::{item} (import)"),
        }),
        // Intrinsics the wasm-bindgen CLI replaces with table instructions or constants.
        Some("__wbindgen_externref_xform__") => return Some(Source {
            effects: EffectSet::NONE,
            name: format!("__wbindgen_externref_xform__::{item} (import)"),
        }),
        // wasm-bindgen's glue, and `wasmrust.mjs` (the JS reference table behind `ExternRef`).
        Some("__wbindgen_placeholder__" | "wbg" | "__wasmrust") => Effect::JS_CALL,
        Some(m) if m.starts_with("./snippets/") || m.ends_with(".js") || m.ends_with(".mjs") => Effect::JS_CALL,
        Some(m) if m.starts_with("wasi") || m.contains(':') || m == "$root" => Effect::HOST_CALL,
        _ => Effect::IMPORT,
    };
    let name = match module {
        Some(m) => format!("{m}::{item} (import)"),
        None => format!("{item} (import)"),
    };
    Some(Source { effects: EffectSet::of(effect), name })
}

/// wasm-bindgen compiles each import (`__wbg_*` for `#[wasm_bindgen] extern` blocks,
/// `__wbindgen_*` for its intrinsics) into an `extern` block on wasm32 and, elsewhere, into a
/// function of the same name that panics. The stand-in is the import, named as on wasm32.
fn bindgen_stand_in(tcx: TyCtxt<'_>, def_id: DefId) -> Option<Source> {
    let name = tcx.item_name(def_id);
    let name = name.as_str();
    if !(name.starts_with("__wbg_") || name.starts_with("__wbindgen_")) || is_generated_bindgen_item(name) {
        return None;
    }
    let xform = name.starts_with("__wbindgen_externref_");
    let module = if xform { "__wbindgen_externref_xform__" } else { "__wbindgen_placeholder__" };
    // Descriptors run only at build time; the externref intrinsics become table instructions.
    let effects = match is_bindgen_describe(name) || xform {
        true => EffectSet::NONE,
        false => EffectSet::of(Effect::JS_CALL),
    };
    Some(Source { effects, name: format!("{module}::{name} (import)") })
}

/// wasm-bindgen's descriptor intrinsics (`__wbindgen_describe`, `__wbindgen_describe_cast`...).
fn is_bindgen_describe(name: &str) -> bool {
    name.starts_with("__wbindgen_describe")
}

/// Items `#[wasm_bindgen]` generates beside the user's code: the raw export wrapper
/// (`__wasm_bindgen_generated_*`) and the descriptor functions the CLI runs
/// (`__wbindgen_describe_*`, one per export or import). They are not the user's body: a
/// declaration copied onto them does not apply, and the export is the user's function.
pub fn is_generated_bindgen_item(name: &str) -> bool {
    name.starts_with("__wasm_bindgen_generated_") || name.starts_with("__wbindgen_describe_")
}

/// Effects of a std/core/alloc function, called with `args`. Everything not listed is pure.
pub fn std_source<'tcx>(tcx: TyCtxt<'tcx>, def_id: DefId, args: GenericArgsRef<'tcx>) -> Source {
    let modules = module_path(tcx, def_id);
    let name = tcx.opt_item_name(def_id).map(|n| n.to_string()).unwrap_or_default();
    let is_std = tcx.crate_name(def_id.krate).as_str() == "std";
    let self_ty = self_type(tcx, def_id, args);
    let type_name = self_ty.map(|t| type_name(tcx, t));
    let first = modules.first().map(String::as_str);
    let effects = match first {
        Some("sync") if modules.get(1).is_some_and(|m| m == "atomic") => atomic(&name, type_name.as_deref()),
        Some("fs") if is_std => fs(&name, type_name.as_deref()),
        Some("net") if is_std => EffectSet::of(Effect::IO),
        Some("process") if is_std => process(&name, type_name.as_deref()),
        Some("io") if is_std => match name.as_str() {
            "_print" | "_eprint" => EffectSet::of(Effect::IO),
            _ if self_ty.is_some_and(|t| is_os_type(tcx, t)) => EffectSet::of(Effect::IO),
            _ => EffectSet::NONE,
        },
        Some("env") if is_std && modules.len() == 1 && self_ty.is_none() => EffectSet::of(Effect::IO),
        Some("thread") if is_std => match name.as_str() {
            "spawn" | "spawn_scoped" | "spawn_unchecked" | "scope" => EffectSet::of(Effect::SPAWN),
            _ => EffectSet::NONE,
        },
        // A trait's default method run on an OS handle (`Write::write_all` on a `File`).
        _ if is_std && self_ty.is_some_and(|t| is_os_type(tcx, t)) => EffectSet::of(Effect::IO),
        _ => EffectSet::NONE,
    };
    let name = match (&type_name, name.as_str()) {
        (None, "_print") => "println!".to_string(),
        (None, "_eprint") => "eprintln!".to_string(),
        (Some(ty), _) => format!("{ty}::{name}"),
        // The public path (`std::thread::spawn`, not where it is defined).
        (None, _) if !effects.is_empty() => with_no_trimmed_paths!(tcx.def_path_str(def_id)),
        _ => fn_name(tcx, def_id),
    };
    Source { effects, name }
}

fn atomic(name: &str, ty: Option<&str>) -> EffectSet {
    if !ty.is_some_and(|t| t.starts_with("Atomic")) {
        return EffectSet::NONE; // `fence`, `compiler_fence`: ordering only, no access
    }
    let read = EffectSet::of(Effect::ATOMIC_READ);
    let write = EffectSet::of(Effect::ATOMIC_WRITE);
    match name {
        "load" => read,
        "store" => write,
        "swap" | "compare_exchange" | "compare_exchange_weak" | "compare_and_swap" | "fetch_update"
        | "update" | "try_update" => read.union(write),
        _ if name.starts_with("fetch_") => read.union(write),
        // `new`, `into_inner`, `get_mut`, `as_ptr`, `from_ptr`: no shared access.
        _ => EffectSet::NONE,
    }
}

fn fs(name: &str, ty: Option<&str>) -> EffectSet {
    let io = EffectSet::of(Effect::IO);
    match ty {
        // Values and builders: no access until `open` / `create`.
        Some("Metadata" | "FileType" | "Permissions" | "FileTimes") => EffectSet::NONE,
        Some("OpenOptions") => if name == "open" { io } else { EffectSet::NONE },
        Some("DirBuilder") => if name.starts_with("create") { io } else { EffectSet::NONE },
        _ => io,
    }
}

fn process(name: &str, ty: Option<&str>) -> EffectSet {
    let io = EffectSet::of(Effect::IO);
    match (ty, name) {
        (Some("Command"), "spawn" | "output" | "status") => io,
        (Some("Child" | "ChildStdin" | "ChildStdout" | "ChildStderr"), _) => io,
        (None, "exit") => io,
        _ => EffectSet::NONE,
    }
}

/// std types that stand for an operating-system resource.
fn is_os_type<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>) -> bool {
    let ty::Adt(adt, _) = ty.peel_refs().kind() else { return false };
    if tcx.crate_name(adt.did().krate).as_str() != "std" {
        return false;
    }
    let modules = module_path(tcx, adt.did());
    let name = tcx.item_name(adt.did());
    match modules.first().map(String::as_str) {
        Some("fs") => name.as_str() == "File",
        Some("net") => true,
        Some("process") => name.as_str().starts_with("Child"),
        Some("io") => matches!(
            name.as_str(),
            "Stdin" | "StdinLock" | "Stdout" | "StdoutLock" | "Stderr" | "StderrLock"
        ),
        _ => false,
    }
}

/// The type a method works on: its impl's self type, or `Self` of a trait method.
fn self_type<'tcx>(tcx: TyCtxt<'tcx>, def_id: DefId, args: GenericArgsRef<'tcx>) -> Option<Ty<'tcx>> {
    if tcx.def_kind(def_id) != DefKind::AssocFn {
        return None;
    }
    if let Some(impl_id) = tcx.impl_of_assoc(def_id) {
        let ty = tcx.type_of(impl_id).instantiate_identity().skip_normalization();
        return Some(ty.peel_refs());
    }
    tcx.trait_of_assoc(def_id)?;
    args.first()?.as_type().map(|t| t.peel_refs())
}

/// Names of the modules enclosing `def_id`, outermost first, crate root excluded
/// (`AtomicU32::store` gives `["sync", "atomic"]`).
pub fn module_path(tcx: TyCtxt<'_>, def_id: DefId) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = tcx.opt_parent(def_id);
    while let Some(id) = current {
        if id.is_crate_root() {
            break;
        }
        if tcx.def_kind(id) == DefKind::Mod {
            out.extend(tcx.opt_item_name(id).map(|n| n.to_string()));
        }
        current = tcx.opt_parent(id);
    }
    out.reverse();
    out
}
