//! Rust type -> WIT type, with the reason a type has none. Named types (records, enums,
//! variants, flags, resources) are collected as they are met, from this crate or a dependency
//! (their marks are in its metadata).

use rustc_data_structures::fx::{FxIndexMap, FxIndexSet};
use rustc_hir::LangItem;
use rustc_hir::def::{CtorKind, DefKind};
use rustc_hir::def_id::{DefId, LocalDefId};
use rustc_middle::ty::{self, Ty, TyCtxt};
use rustc_span::{Span, Symbol, sym};

use super::model::{Case, Field, TypeDef, TypeDefKind, WitType, kebab};
use crate::utils::paths::wasm_crates;

/// `Option<&T>` / `Option<&mut T>`: the reference type, `T` and its mutability.
pub fn option_of_ref<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>) -> Option<(Ty<'tcx>, Ty<'tcx>, ty::Mutability)> {
    let ty::Adt(adt, args) = ty.kind() else { return None };
    if !tcx.is_diagnostic_item(sym::Option, adt.did()) {
        return None;
    }
    let reference = args.type_at(0);
    match reference.kind() {
        ty::Ref(_, inner, mutbl) => Some((reference, *inner, *mutbl)),
        _ => None,
    }
}

/// What a dependency's item is to the crate's world.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Export,
    Import,
}

/// Where an error is reported: at an item of the crate (the lint takes its level from it), or
/// at the crate root for a dependency's export or import.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ErrorAt {
    Item(LocalDefId),
    Dependency(Role),
}

/// Why a Rust type cannot cross a component boundary.
#[derive(Clone, Debug)]
pub struct NoWit {
    pub span: Span,
    /// The sentence naming the type and why (`ExternRef` is a JS host reference, ...).
    pub message: String,
    pub help: String,
    /// The type was already reported where it is defined: the user of it fails silently.
    pub reported: bool,
}

/// Where a type sits: references are only meaningful on a parameter itself.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pos {
    Param,
    Result,
    /// Inside another type (a field, a list element, an option payload, ...).
    Nested,
}

/// `wasm` library types that exist for the JS host only, with what a component uses instead.
const JS_ONLY: &[(&str, &str)] = &[
    ("ExternRef", "a component has no JS values: pass the data itself (a record, a string), or an imported WIT `resource` for a host object"),
    ("FuncRef", "a component cannot call back into a JS function: export a function the host calls, or import one"),
    ("Handle", "a raw host handle has meaning only in the JS table: use an imported WIT `resource` (its handles are linear too)"),
    ("SharedSlice", "components share no memory with their host: take a `Vec<T>` (WIT `list<T>`) and return the result"),
    ("AtomicSlice", "components share no memory with their host: take a `Vec<T>` (WIT `list<T>`) and return the result"),
    ("Closure", "a component cannot hold a JS closure: export a function the host calls"),
];

/// The marks of the exported types seen so far, and the types themselves.
pub struct TypeMapper<'tcx> {
    pub tcx: TyCtxt<'tcx>,
    /// Named types in the order met (a type before the types that use it is not guaranteed).
    pub types: FxIndexMap<DefId, TypeDef>,
    /// Types with an exported `impl` (resources), filled before any mapping.
    pub resources: FxIndexSet<DefId>,
    /// Types being defined, to refuse recursion (WIT types cannot contain themselves).
    in_progress: FxIndexSet<DefId>,
    /// Exported types with no WIT form, reported once.
    failed: FxIndexSet<DefId>,
}

impl<'tcx> TypeMapper<'tcx> {
    pub fn new(tcx: TyCtxt<'tcx>, resources: FxIndexSet<DefId>) -> Self {
        TypeMapper { tcx, types: FxIndexMap::default(), resources, in_progress: FxIndexSet::default(), failed: FxIndexSet::default() }
    }

    /// The WIT type of `ty` at `pos`, and whether the Rust side takes it by reference. `span`
    /// is where an error points.
    pub fn map(&mut self, ty: Ty<'tcx>, pos: Pos, span: Span) -> Result<(WitType, bool), NoWit> {
        if let ty::Ref(_, inner, mutbl) = ty.kind() {
            return self.map_ref(ty, *inner, *mutbl, pos, span).map(|t| (t, true));
        }
        // `Option<&T>` parameter: WIT `option<T>` (`option<borrow<R>>` for a resource), lent
        // by the glue like a `&T` one.
        if pos == Pos::Param
            && let Some((reference, inner, mutbl)) = option_of_ref(self.tcx, ty)
        {
            return self.map_ref(reference, inner, mutbl, pos, span).map(|t| (WitType::Option(Box::new(t)), true));
        }
        self.map_owned(ty, pos, span).map(|t| (t, false))
    }

    fn map_ref(&mut self, ty: Ty<'tcx>, inner: Ty<'tcx>, mutbl: ty::Mutability, pos: Pos, span: Span) -> Result<WitType, NoWit> {
        let tcx = self.tcx;
        if let ty::Adt(adt, _) = inner.kind()
            && self.resources.contains(&adt.did())
            && pos == Pos::Param
        {
            // A method may change the resource behind its handle: `&mut` borrows as well.
            return Ok(WitType::Borrow(kebab(tcx.item_name(adt.did()).as_str())));
        }
        if pos == Pos::Result {
            return Err(self.no_wit(span, ty, "is a borrowed result, which outlives nothing on the host side", format!("return an owned value (`{}`)", owned_spelling(tcx, inner))));
        }
        if pos == Pos::Nested {
            return Err(self.no_wit(span, ty, "is a reference inside a value; WIT values are copied whole", format!("hold an owned value (`{}`)", owned_spelling(tcx, inner))));
        }
        if mutbl == ty::Mutability::Mut {
            return Err(self.no_wit(span, ty, "is an in-out parameter; WIT parameters are copied in and never written back", "take the value and return the new one".into()));
        }
        match inner.kind() {
            ty::Str => Ok(WitType::String),
            ty::Slice(elem) => Ok(WitType::List(Box::new(self.map_owned(*elem, Pos::Nested, span)?))),
            _ => self.map_owned(inner, Pos::Nested, span),
        }
    }

    fn map_owned(&mut self, ty: Ty<'tcx>, pos: Pos, span: Span) -> Result<WitType, NoWit> {
        Ok(match ty.kind() {
            ty::Bool => WitType::Bool,
            ty::Char => WitType::Char,
            ty::Int(ty::IntTy::I8) => WitType::S8,
            ty::Int(ty::IntTy::I16) => WitType::S16,
            ty::Int(ty::IntTy::I32) => WitType::S32,
            ty::Int(ty::IntTy::Isize) => WitType::Isize,
            ty::Int(ty::IntTy::I64) => WitType::S64,
            ty::Uint(ty::UintTy::U8) => WitType::U8,
            ty::Uint(ty::UintTy::U16) => WitType::U16,
            ty::Uint(ty::UintTy::U32) => WitType::U32,
            ty::Uint(ty::UintTy::Usize) => WitType::Usize,
            ty::Uint(ty::UintTy::U64) => WitType::U64,
            ty::Float(ty::FloatTy::F32) => WitType::F32,
            ty::Float(ty::FloatTy::F64) => WitType::F64,
            ty::Int(ty::IntTy::I128) | ty::Uint(ty::UintTy::U128) => {
                return Err(self.no_wit(span, ty, "is a 128-bit integer, which WIT has not", "split it: `(u64, u64)` (WIT `tuple<u64, u64>`)".into()));
            }
            ty::Tuple(elems) if elems.is_empty() => {
                return Err(self.no_wit(span, ty, "is the unit type, which WIT spells only as a missing result", "leave the parameter out, or use `Option`/`Result` payloads".into()));
            }
            ty::Tuple(elems) => {
                WitType::Tuple(elems.iter().map(|e| self.map_owned(e, Pos::Nested, span)).collect::<Result<_, _>>()?)
            }
            ty::Ref(_, inner, mutbl) => return self.map_ref(ty, *inner, *mutbl, pos, span),
            ty::Array(elem, _) => {
                let elem = self.map_owned(*elem, Pos::Nested, span)?;
                return Err(self.no_wit(span, ty, "is a fixed-size array, which WIT has not", format!("use a `Vec` (WIT `list<{}>`)", spell(&elem))));
            }
            ty::Adt(adt, args) => return self.map_adt(ty, adt.did(), args, span),
            ty::RawPtr(..) => return Err(self.no_wit(span, ty, "is a raw pointer; a component's memory is its own", "pass the data (`Vec<u8>`, WIT `list<u8>`)".into())),
            ty::FnPtr(..) | ty::FnDef(..) | ty::Closure(..) => {
                return Err(self.no_wit(span, ty, "is a function value, which WIT has not", "export a `#[wasm::export] impl` type (a WIT `resource`) with a method".into()));
            }
            ty::Dynamic(..) => return Err(self.no_wit(span, ty, "is a trait object", "export a concrete type with an exported `impl` (a WIT `resource`)".into())),
            _ => return Err(self.no_wit(span, ty, "has no WIT form", "use integers, floats, `bool`, `char`, `String`, `Vec`, `Option`, `Result`, tuples or exported types".into())),
        })
    }

    fn map_adt(&mut self, ty: Ty<'tcx>, did: DefId, args: ty::GenericArgsRef<'tcx>, span: Span) -> Result<WitType, NoWit> {
        let tcx = self.tcx;
        if tcx.is_lang_item(did, LangItem::String) {
            return Ok(WitType::String);
        }
        if tcx.is_lang_item(did, LangItem::OwnedBox) {
            return self.map_owned(args.type_at(0), Pos::Nested, span);
        }
        if tcx.is_diagnostic_item(sym::Vec, did) {
            return Ok(WitType::List(Box::new(self.map_owned(args.type_at(0), Pos::Nested, span)?)));
        }
        if tcx.is_diagnostic_item(sym::Option, did) {
            return Ok(WitType::Option(Box::new(self.map_owned(args.type_at(0), Pos::Nested, span)?)));
        }
        if tcx.is_diagnostic_item(sym::Result, did) {
            let mut side = |t: Ty<'tcx>| -> Result<Option<Box<WitType>>, NoWit> {
                if t.is_unit() { Ok(None) } else { Ok(Some(Box::new(self.map_owned(t, Pos::Nested, span)?))) }
            };
            let ok = side(args.type_at(0))?;
            let err = side(args.type_at(1))?;
            return Ok(WitType::Result { ok, err });
        }
        let name = tcx.item_name(did);
        if wasm_crates(tcx).any(|c| c == did.krate)
            && let Some((_, instead)) = JS_ONLY.iter().find(|(n, _)| *n == name.as_str())
        {
            return Err(self.no_wit(span, ty, "is a JS-only type: the JS host has it, a component host (wasmtime) has not", (*instead).into()));
        }
        if self.resources.contains(&did) {
            return Ok(WitType::Own(kebab(name.as_str())));
        }
        let Some(flags) = type_mark(tcx, did) else {
            return Err(self.no_wit(span, ty, "is not an exported type", format!("add `#[wasm::export]` to `{name}` (a struct with named fields is a WIT `record`, an enum a WIT `enum` or `variant`)")));
        };
        if !args.is_empty() {
            return Err(self.no_wit(span, ty, "is generic; a WIT type has one definition", "export a concrete type".into()));
        }
        if self.failed.contains(&did) {
            let mut e = self.no_wit(span, ty, "has no WIT form (reported at its definition)", String::new());
            e.reported = true;
            return Err(e);
        }
        if !self.types.contains_key(&did) {
            if !self.in_progress.insert(did) {
                return Err(self.no_wit(span, ty, "contains itself; WIT types cannot be recursive", "store the children in a `Vec` of indices, or make it a resource".into()));
            }
            let def = self.define(did, flags, span);
            self.in_progress.swap_remove(&did);
            if def.is_err() {
                self.failed.insert(did);
            }
            self.types.insert(did, def?);
        }
        Ok(WitType::Named(kebab(name.as_str())))
    }

    /// The definition of a marked struct or enum.
    fn define(&mut self, did: DefId, flags: bool, span: Span) -> Result<TypeDef, NoWit> {
        let tcx = self.tcx;
        let adt = tcx.adt_def(did);
        let ty = tcx.type_of(did).instantiate_identity().skip_normalization();
        let field_span = |f: &ty::FieldDef| if f.did.is_local() { tcx.def_span(f.did) } else { span };
        let kind = if adt.is_struct() {
            let variant = adt.non_enum_variant();
            if variant.ctor_kind().is_some() && !variant.fields.is_empty() {
                return Err(self.no_wit(span, ty, "is a tuple struct; a WIT record has named fields", "name its fields".into()));
            }
            let mut fields = Vec::new();
            for f in &variant.fields {
                let fty = tcx.type_of(f.did).instantiate_identity().skip_normalization();
                let wit = if flags {
                    if !fty.is_bool() {
                        return Err(self.no_wit(field_span(f), fty, "is a field of a flags type; flags are `bool`s", "make every field `bool`".into()));
                    }
                    WitType::Bool
                } else {
                    self.map_owned(fty, Pos::Nested, field_span(f))?
                };
                fields.push(Field { name: kebab(f.name.as_str()), rust_name: f.name.to_string(), ty: wit, docs: docs(tcx, f.did) });
            }
            if flags { TypeDefKind::Flags(fields) } else { TypeDefKind::Record(fields) }
        } else if adt.is_enum() {
            if adt.variants().is_empty() {
                return Err(self.no_wit(span, ty, "has no cases; a WIT enum or variant needs one", "add a case".into()));
            }
            let mut cases = Vec::new();
            let mut payloads = false;
            for v in adt.variants() {
                let payload = match (v.ctor_kind(), v.fields.len()) {
                    (Some(CtorKind::Const), _) => None,
                    (Some(CtorKind::Fn), 1) => {
                        let f = &v.fields[rustc_abi::FieldIdx::from_u32(0)];
                        Some(self.map_owned(tcx.type_of(f.did).instantiate_identity().skip_normalization(), Pos::Nested, field_span(f))?)
                    }
                    _ => {
                        let at = if v.def_id.is_local() { tcx.def_span(v.def_id) } else { span };
                        return Err(self.no_wit(at, ty, "has a case with named or several fields; a WIT variant case holds one value", format!("give `{}` one field: a tuple or an exported struct", v.name)));
                    }
                };
                payloads |= payload.is_some();
                cases.push(Case { name: kebab(v.name.as_str()), rust_name: v.name.to_string(), ty: payload, docs: docs(tcx, v.def_id) });
            }
            if payloads { TypeDefKind::Variant(cases) } else { TypeDefKind::Enum(cases) }
        } else {
            return Err(self.no_wit(span, ty, "is a union, which WIT has not", "use an enum (a WIT `variant`)".into()));
        };
        Ok(TypeDef { name: kebab(tcx.item_name(did).as_str()), rust_path: rust_path(tcx, did), docs: docs(tcx, did), kind })
    }

    /// The exported resource a value of WIT type `t` holds a handle of, if any (through the
    /// fields and cases of the named types it reaches): an import cannot take or give one.
    pub fn resource_in(&self, t: &WitType) -> Option<String> {
        match t {
            WitType::Own(r) | WitType::Borrow(r) => Some(r.clone()),
            WitType::Named(n) => {
                let def = self.types.values().find(|d| &d.name == n)?;
                match &def.kind {
                    TypeDefKind::Resource => Some(n.clone()),
                    kind => kind.held_types().into_iter().find_map(|t| self.resource_in(t)),
                }
            }
            t => t.parts().into_iter().find_map(|t| self.resource_in(t)),
        }
    }

    fn no_wit(&self, span: Span, ty: Ty<'tcx>, why: &str, help: String) -> NoWit {
        let shown = rustc_middle::ty::print::with_forced_trimmed_paths!(ty.to_string());
        NoWit { span, message: format!("`{shown}` {why}"), help, reported: false }
    }
}

/// The `#[wasm_lint::export]` mark on a type: `Some(true)` for `export(flags)`.
pub fn type_mark(tcx: TyCtxt<'_>, did: DefId) -> Option<bool> {
    if !matches!(tcx.def_kind(did), DefKind::Struct | DefKind::Enum | DefKind::Union) {
        return None;
    }
    let path = [Symbol::intern("wasm_lint"), Symbol::intern("export")];
    let attr = tcx.get_attrs_by_path(did, &path).next()?;
    let flags = attr.meta_item_list().unwrap_or_default().iter().any(|i| i.name().is_some_and(|n| n.as_str() == "flags"));
    Some(flags)
}

/// The `///` docs of an item, lines joined, without the one leading space each line has.
pub fn docs(tcx: TyCtxt<'_>, did: DefId) -> Option<String> {
    // `doc_str` reads both `///` comments and `#[doc = ".."]`, local or from metadata.
    #[allow(deprecated)]
    let attrs = tcx.get_all_attrs(did);
    let lines: Vec<String> = attrs
        .iter()
        .filter_map(|a| a.doc_str())
        .flat_map(|s| {
            // `split('\n')`, not `lines()`: an empty `///` line is a paragraph break.
            s.as_str().split('\n').map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end().to_string()).collect::<Vec<_>>()
        })
        .collect();
    let text = lines.join("\n").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The path the crate's root module reaches `did` by: `crate::a::B` for local items,
/// `::dep::a::B` for a dependency's: its public path, re-exports followed (its definition path
/// when it has none, which `linked.rs` reports).
pub fn rust_path(tcx: TyCtxt<'_>, did: DefId) -> String {
    if let Some(path) = (!did.is_local()).then(|| super::linked::public_path(tcx, did)).flatten() {
        return path;
    }
    let root = if did.is_local() { "crate".to_string() } else { format!("::{}", tcx.crate_name(did.krate)) };
    let mut segments = vec![root];
    for data in &tcx.def_path(did).data {
        match data.data.get_opt_name() {
            Some(name) => segments.push(name.to_string()),
            // An inherent impl: its methods are reached through the self type.
            None if matches!(data.data, rustc_hir::definitions::DefPathData::Impl) => {}
            None => {}
        }
    }
    segments.join("::")
}

fn owned_spelling<'tcx>(tcx: TyCtxt<'tcx>, ty: Ty<'tcx>) -> String {
    match ty.kind() {
        ty::Str => "String".into(),
        ty::Slice(e) => rustc_middle::ty::print::with_forced_trimmed_paths!(format!("Vec<{e}>")),
        _ => {
            let _ = tcx;
            rustc_middle::ty::print::with_forced_trimmed_paths!(ty.to_string())
        }
    }
}

/// A WIT type's spelling, for help messages.
pub fn spell(t: &WitType) -> String {
    if let Some((wit, _)) = t.scalar() {
        return wit.into();
    }
    match t {
        WitType::String => "string".into(),
        WitType::List(t) => format!("list<{}>", spell(t)),
        WitType::Option(t) => format!("option<{}>", spell(t)),
        WitType::Result { ok, err } => {
            let side = |t: &Option<Box<WitType>>| t.as_deref().map_or("_".to_string(), spell);
            format!("result<{}, {}>", side(ok), side(err))
        }
        WitType::Tuple(ts) => format!("tuple<{}>", ts.iter().map(spell).collect::<Vec<_>>().join(", ")),
        WitType::Named(n) | WitType::Own(n) => n.clone(),
        WitType::Borrow(n) => format!("borrow<{n}>"),
        _ => unreachable!("scalars are spelled above"),
    }
}
