//! Collects a crate's component boundary from the marks its macros leave:
//! `#[wasm_lint::export]` on functions, types and the associated functions of exported `impl`
//! blocks (with `constructor`, `getter`, `setter` roles), `#[wasm_lint::import(module = "..")]`
//! on `#[wasm::import]` wrappers; in this crate and in the crates it links (linked.rs,
//! imports.rs).

use std::sync::{Arc, Mutex, PoisonError};

use rustc_ast::MetaItemInner;
use rustc_data_structures::fx::{FxHashMap, FxIndexSet};
use rustc_hir::def::DefKind;
use rustc_hir::def_id::{DefId, LOCAL_CRATE, StableCrateId};
use rustc_middle::ty::{self, TyCtxt};
use rustc_span::{Span, Symbol};

use super::imports::{self, ImportMark};
use super::linked;
use super::map::{ErrorAt, NoWit, Pos, Role, TypeMapper, docs, option_of_ref, rust_path, type_mark};
use super::model::{CrateWit, Function, FunctionKind, Param, TypeDef, TypeDefKind, WitType, kebab, kebab_given};

/// The crate's boundary and what has no WIT form, each with the exported function it was
/// met in (where the lint takes its level from).
pub struct Collected {
    pub wit: CrateWit,
    pub errors: Vec<(ErrorAt, NoWit)>,
}

/// A function's `export` mark, parsed once: `role` (a word: `start`, `constructor`, `getter`,
/// `setter`) and `name = ".."` (the name given to `#[wasm::export]`, `getter = ..` or
/// `setter = ..`) with where the user wrote it.
#[derive(Clone, Copy)]
struct ExportMark {
    role: Option<Symbol>,
    given: Option<(Symbol, Span)>,
}

impl ExportMark {
    fn read(tcx: TyCtxt<'_>, did: DefId) -> Option<ExportMark> {
        let path = [Symbol::intern("wasm_lint"), Symbol::intern("export")];
        let items: Vec<MetaItemInner> = tcx.get_attrs_by_path(did, &path).next()?.meta_item_list().map(Vec::from_iter).unwrap_or_default();
        let role = items.iter().find(|i| i.is_word()).and_then(MetaItemInner::name);
        let given = items.iter().find(|i| i.name().is_some_and(|n| n.as_str() == "name")).and_then(MetaItemInner::meta_item).and_then(|item| {
            Some((item.value_str()?, item.name_value_literal_span().unwrap_or(item.span)))
        });
        Some(ExportMark { role, given })
    }

    /// `#[wasm::export(start)]`: run by the JS runtime; a world has no start function.
    fn is_start(&self) -> bool {
        self.role.is_some_and(|r| r.as_str() == "start")
    }
}

/// The ADT an inherent associated function belongs to.
fn self_adt(tcx: TyCtxt<'_>, did: DefId) -> Option<DefId> {
    let impl_did = tcx.opt_parent(did)?;
    if !matches!(tcx.def_kind(impl_did), DefKind::Impl { of_trait: false }) {
        return None;
    }
    match tcx.type_of(impl_did).instantiate_identity().skip_normalization().kind() {
        ty::Adt(adt, _) => Some(adt.did()),
        _ => None,
    }
}

/// The crate's boundary, collected once per crate: the `invalid_component_abi` lint and the
/// driver's WIT writer (wit_emit.rs) both read it in the same compilation, and the walk over
/// the dependencies' definitions (linked.rs) is its largest part. A driver process compiles one
/// crate; the key keeps another crate's result from ever being read.
pub fn collected(tcx: TyCtxt<'_>) -> Arc<Collected> {
    static ONE_PER_CRATE: Mutex<Option<(StableCrateId, Arc<Collected>)>> = Mutex::new(None);
    let key = tcx.stable_crate_id(LOCAL_CRATE);
    let mut cached = ONE_PER_CRATE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((at, collected)) = &*cached
        && *at == key
    {
        return Arc::clone(collected);
    }
    let collected = Arc::new(collect(tcx));
    *cached = Some((key, Arc::clone(&collected)));
    collected
}

fn collect(tcx: TyCtxt<'_>) -> Collected {
    let items = tcx.hir_crate_items(());
    let mut exported_fns = Vec::new();
    let mut imported_fns = Vec::new();
    let mut marked_types = Vec::new();
    let mut resources = FxIndexSet::default();
    for def_id in items.definitions() {
        match tcx.def_kind(def_id) {
            DefKind::Fn | DefKind::AssocFn => {
                let mark = ExportMark::read(tcx, def_id.to_def_id());
                if mark.is_some_and(|m| m.is_start()) {
                } else if let Some(mark) = mark {
                    if tcx.def_kind(def_id) == DefKind::AssocFn
                        && let Some(adt) = self_adt(tcx, def_id.to_def_id())
                    {
                        resources.insert(adt);
                    }
                    exported_fns.push((def_id, mark));
                } else if let Some(mark) = ImportMark::read(tcx, def_id.to_def_id()) {
                    imported_fns.push((mark.module, def_id));
                }
            }
            DefKind::Struct | DefKind::Enum | DefKind::Union if type_mark(tcx, def_id.to_def_id()).is_some() => {
                marked_types.push(def_id);
            }
            _ => {}
        }
    }
    // The dependencies' exports this crate's module exports too (linked.rs), and their imports
    // (a JS-bound one has no component form, and stays the JS host's).
    let (linked_fns, linked_imports) = linked::dependency_items(tcx, |did| match ExportMark::read(tcx, did) {
        Some(mark) => (!mark.is_start()).then_some(Ok(mark)),
        None => ImportMark::read(tcx, did).and_then(|m| Some(Err((m.module?, m.symbol?)))),
    });
    resources.extend(linked_fns.iter().filter_map(|&(did, _)| self_adt(tcx, did)));
    let mut mapper = TypeMapper::new(tcx, resources.clone());
    let mut errors = Vec::new();
    // Resources first, in definition order, so a record met later can hold their handles.
    let resource_defs: Vec<TypeDef> = resources
        .iter()
        .map(|&did| TypeDef {
            name: kebab(tcx.item_name(did).as_str()),
            rust_path: rust_path(tcx, did),
            docs: docs(tcx, did),
            kind: TypeDefKind::Resource,
        })
        .collect();
    // Exported types are part of the world even when no function uses them yet.
    for def_id in marked_types {
        if resources.contains(&def_id.to_def_id()) {
            continue;
        }
        let ty = tcx.type_of(def_id).instantiate_identity().skip_normalization();
        if let Err(e) = mapper.map(ty, Pos::Nested, tcx.def_span(def_id)) {
            errors.push((ErrorAt::Item(def_id), e));
        }
    }
    let mut exports = Vec::new();
    for (def_id, mark) in exported_fns {
        match function(&mut mapper, def_id.to_def_id(), Some(mark)) {
            Ok(f) => exports.push((def_id.to_def_id(), mark, f)),
            Err(e) => errors.extend(e.into_iter().map(|e| (ErrorAt::Item(def_id), e))),
        }
    }
    // A dependency's: its errors take their level from the crate root.
    for (did, mark) in linked_fns {
        let unreachable = linked::unreachable_function(tcx, did, self_adt(tcx, did));
        match function(&mut mapper, did, Some(mark)) {
            Ok(f) if unreachable.is_none() => exports.push((did, mark, f)),
            Ok(_) => {}
            Err(e) => errors.extend(e.into_iter().map(|e| linked::in_dependency(tcx, did, Role::Export, e))),
        }
        errors.extend(unreachable.map(|e| (ErrorAt::Dependency(Role::Export), e)));
    }
    let mut imports = Vec::new();
    for (module, def_id) in imported_fns {
        let Some(module) = module else {
            let span = tcx.def_ident_span(def_id).unwrap_or_else(|| tcx.def_span(def_id));
            let message = format!("`{}` is bound to a JS function, which only the JS host has; a component host (wasmtime) has no JS", tcx.item_name(def_id.to_def_id()));
            errors.push((ErrorAt::Item(def_id), NoWit { span, message, help: "import it from a host module instead: `#[wasm::import(module = \"host\")]` becomes a WIT import".into(), reported: false }));
            continue;
        };
        let f = match function(&mut mapper, def_id.to_def_id(), None) {
            Ok(f) => f,
            Err(e) => {
                errors.extend(e.into_iter().map(|e| (ErrorAt::Item(def_id), e)));
                continue;
            }
        };
        errors.extend(imports::add(tcx, &mut imports, module, def_id.to_def_id(), f, None).err());
    }
    for (did, (module, symbol)) in linked_imports {
        match function(&mut mapper, did, None) {
            Ok(f) => errors.extend(imports::add(tcx, &mut imports, module, did, f, Some(symbol)).err()),
            Err(e) => errors.extend(e.into_iter().map(|e| linked::in_dependency(tcx, did, Role::Import, e))),
        }
    }
    // A dependency's resources are checked with their functions.
    let foreign_types = mapper.types.keys().filter(|did| !did.is_local());
    errors.extend(foreign_types.filter_map(|&did| linked::unreachable_type(tcx, did)).map(|e| (ErrorAt::Dependency(Role::Export), e)));
    let mut types: Vec<(DefId, TypeDef)> = resources.iter().copied().zip(resource_defs).collect();
    types.extend(mapper.types);
    let (types, exports) = distinct_names(tcx, types, exports, &mut errors);
    let crate_docs = docs(tcx, rustc_hir::def_id::CRATE_DEF_ID.to_def_id());
    Collected { wit: CrateWit { docs: crate_docs, types, exports, imports }, errors }
}

/// `&mut T` or `Option<&mut T>`: a parameter lent for change (a resource the method may change).
fn is_mut_ref<'tcx>(tcx: TyCtxt<'tcx>, ty: ty::Ty<'tcx>) -> bool {
    match ty.kind() {
        ty::Ref(_, _, m) => m.is_mut(),
        _ => option_of_ref(tcx, ty).is_some_and(|(_, _, m)| m.is_mut()),
    }
}

/// Why an import (not `export`) cannot pass a value of `ty` (WIT `wit`): it holds a handle of a resource the
/// guest exports. The host owns such a handle's table entry only while the guest's export
/// lends it, so an import has no way to receive one (nor to make one the guest would own).
fn import_resource<'tcx>(mapper: &TypeMapper<'tcx>, export: bool, wit: &WitType, ty: ty::Ty<'tcx>, span: rustc_span::Span) -> Option<NoWit> {
    let resource = if export { None } else { mapper.resource_in(wit) }?;
    let shown = rustc_middle::ty::print::with_forced_trimmed_paths!(ty.to_string());
    Some(NoWit {
        span,
        message: format!("`{shown}` holds a handle of `{resource}`, a resource this crate exports; an imported function cannot take or return the guest's own resources"),
        help: "pass the data the host needs (a record, an id) and keep the resource in the guest".into(),
        reported: false,
    })
}

/// One exported function (with its `export` mark) or imported one; every parameter's error,
/// not only the first.
fn function(mapper: &mut TypeMapper<'_>, did: DefId, mark: Option<ExportMark>) -> Result<Function, Vec<NoWit>> {
    let export = mark.is_some();
    let tcx = mapper.tcx;
    let name_span = tcx.def_ident_span(did).unwrap_or_else(|| tcx.def_span(did));
    let mut errors = Vec::new();
    if tcx.generics_of(did).requires_monomorphization(tcx) {
        errors.push(NoWit { span: name_span, message: format!("`{}` is generic; a WIT function has one signature", tcx.item_name(did)), help: "write one function per concrete type".into(), reported: false });
        return Err(errors);
    }
    let sig = tcx.fn_sig(did).instantiate_identity().skip_binder();
    // A dependency's function has no HIR here: its errors point at its name.
    let decl = did.as_local().and_then(|d| tcx.hir_fn_decl_by_hir_id(tcx.local_def_id_to_hir_id(d)));
    let idents = tcx.fn_arg_idents(did);
    let owner = if export && tcx.def_kind(did) == DefKind::AssocFn { self_adt(tcx, did) } else { None };
    let role = mark.and_then(|m| m.role);
    let assoc = tcx.opt_associated_item(did);
    let has_self = assoc.is_some_and(|a| a.is_method());
    let mut kind = match owner {
        None => FunctionKind::Free,
        Some(adt) => {
            let res = kebab(tcx.item_name(adt).as_str());
            if role.is_some_and(|r| r.as_str() == "constructor") {
                FunctionKind::Constructor(res)
            } else if has_self {
                FunctionKind::Method(res)
            } else {
                FunctionKind::Static(res)
            }
        }
    };
    let mut params = Vec::new();
    let mut mut_self = false;
    for (index, input) in sig.inputs().iter().enumerate() {
        let span = decl.and_then(|d| d.inputs.get(index)).map_or(name_span, |t| t.span);
        if index == 0 && has_self && matches!(kind, FunctionKind::Method(_)) {
            match input.kind() {
                ty::Ref(_, _, m) => {
                    mut_self = m.is_mut();
                    continue;
                }
                // `self` by value ends the resource: WIT spells it as a static taking `own`.
                _ => kind = FunctionKind::Static(kebab(tcx.item_name(owner.expect("a method has an owner")).as_str())),
            }
        }
        let name = match idents.get(index).copied().flatten() {
            Some(ident) if ident.name.as_str() == "self" => "this".to_string(),
            Some(ident) if ident.name.as_str() != "_" => kebab(ident.name.as_str()),
            _ => format!("arg{index}"),
        };
        match mapper.map(*input, Pos::Param, span) {
            Ok((ty, by_ref)) => match import_resource(mapper, export, &ty, *input, span) {
                Some(e) => errors.push(e),
                None => params.push(Param { name, ty, by_ref, by_mut: is_mut_ref(tcx, *input) }),
            },
            Err(e) => errors.push(e),
        }
    }
    let output = sig.output();
    let out_span = match decl.map(|d| d.output) {
        Some(rustc_hir::FnRetTy::Return(ty)) => ty.span,
        _ => name_span,
    };
    let result = if output.is_unit() || output.is_never() {
        None
    } else if let FunctionKind::Constructor(res) = &kind {
        // A constructor returns `Self`, which WIT leaves implicit, or `Result<Self, E>`, which
        // WIT writes out: `constructor(..) -> result<own<R>, E>`.
        match mapper.map(output, Pos::Result, out_span) {
            Ok((WitType::Own(r), _)) if &r == res => None,
            Ok((WitType::Result { ok: Some(ok), err }, _)) if matches!(&*ok, WitType::Own(r) if r == res) => Some(WitType::Result { ok: Some(ok), err }),
            Ok(_) => {
                errors.push(NoWit { span: out_span, message: "a constructor must return `Self` or `Result<Self, E>`".into(), help: "return `Self`, or `Result<Self, E>` for a constructor that fails".into(), reported: false });
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        }
    } else {
        match mapper.map(output, Pos::Result, out_span) {
            Ok((ty, _)) => match import_resource(mapper, export, &ty, output, out_span) {
                Some(e) => {
                    errors.push(e);
                    None
                }
                None => Some(ty),
            },
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    let name = match &kind {
        FunctionKind::Constructor(_) => String::new(),
        _ => function_name(tcx, did, mark).unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        }),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let rust_name = tcx.item_name(did);
    let rust_path = match owner {
        Some(adt) => format!("{}::{rust_name}", rust_path(tcx, adt)),
        None => rust_path(tcx, did),
    };
    Ok(Function { name, rust_path, docs: docs(tcx, did), params, result, kind, mut_self })
}

/// An exported function's WIT name: the name given to `#[wasm::export(name = "..")]` or to a
/// getter (a setter's `setter = "x"` is `set-x`, as `fn set_x` is), converted as Rust names are;
/// else its Rust name's.
fn function_name(tcx: TyCtxt<'_>, did: DefId, mark: Option<ExportMark>) -> Result<String, NoWit> {
    let Some((given, span)) = mark.and_then(|m| m.given) else { return Ok(kebab(tcx.item_name(did).as_str())) };
    let setter = mark.and_then(|m| m.role).is_some_and(|r| r.as_str() == "setter");
    match kebab_given(given.as_str()) {
        Ok(name) if setter => Ok(format!("set-{name}")),
        Ok(name) => Ok(name),
        Err(why) => Err(NoWit {
            span,
            message: format!("the name `{given}` given to it has no WIT form ({why}): the JS host takes it, a component host (wasmtime) does not"),
            help: "name it in words of ASCII letters and digits split by `_`, `-` or a capital, starting with a letter (`drawAll`, `draw_all` and `draw-all` are all WIT `draw-all`)".into(),
            reported: false,
        }),
    }
}

/// The types and exports whose WIT names are free where they are declared: in `api` a type or a
/// free function (of the crate or of a dependency it links), in its resource a method or static.
/// wit-parser's `Resolve` is a map by name, so a second item would replace the first: one named
/// like an earlier one (the crate's own come first) is an error, and left out.
fn distinct_names(
    tcx: TyCtxt<'_>,
    types: Vec<(DefId, TypeDef)>,
    exports: Vec<(DefId, ExportMark, Function)>,
    errors: &mut Vec<(ErrorAt, NoWit)>,
) -> (Vec<TypeDef>, Vec<Function>) {
    let mut taken: FxHashMap<(Option<String>, String), String> = FxHashMap::default();
    // `given`: where a function's name was given (a type has none).
    let mut clash = |did: DefId, given: Option<Span>, scope: Option<String>, name: &str, rust_path: &str| {
        let Some(first) = taken.get(&(scope.clone(), name.to_string())) else {
            taken.insert((scope, name.to_string()), rust_path.to_string());
            return false;
        };
        let span = given.unwrap_or_else(|| tcx.def_ident_span(did).unwrap_or_else(|| tcx.def_span(did)));
        let place = if scope.is_some() { "a resource" } else { "an interface" };
        let e = NoWit {
            span,
            message: format!("its WIT name `{name}` is taken by `{first}`: a component host (wasmtime) needs one name per item of {place}"),
            help: "rename one of them: `#[wasm::export(name = \"..\")]` names a function, `#[wasm(name = \"..\")]` a method or static, `#[wasm(getter = \"..\")]` / `setter` a property".into(),
            reported: false,
        };
        errors.push(match did.as_local() {
            Some(local) => (ErrorAt::Item(local), e),
            None => linked::in_dependency(tcx, did, Role::Export, e),
        });
        true
    };
    let types = types.into_iter().filter(|(did, t)| !clash(*did, None, None, &t.name, &t.rust_path)).map(|(_, t)| t).collect();
    let exports = exports
        .into_iter()
        .filter(|(did, mark, f)| {
            let given = mark.given.map(|(_, span)| span);
            match &f.kind {
                FunctionKind::Constructor(_) => true,
                FunctionKind::Free => !clash(*did, given, None, &f.name, &f.rust_path),
                FunctionKind::Method(r) | FunctionKind::Static(r) => !clash(*did, given, Some(r.clone()), &f.name, &f.rust_path),
            }
        })
        .map(|(_, _, f)| f)
        .collect();
    (types, exports)
}
