//! The crate's WIT package as a wit-parser `Resolve`, printed by wit-component's `WitPrinter`.
//!
//! Shape: `package <namespace>:<crate>@<version>` with an interface `api` holding the exported
//! types, resources and functions, and one world named after the crate that exports `api` and
//! imports one interface per `#[wasm::import(module = "..")]` module, named after it. The
//! types an import passes are defined in an interface `types` the world imports (before the
//! import interfaces), which `api` and the import interfaces `use`: an imported interface
//! cannot use an exported one, and the host must see the same type both ways. The
//! exports sit in an interface rather than directly in the world because exported resources
//! (and records their methods use) can only live in an interface, and so the canonical-ABI
//! export names (`ns:pkg/api#f`) never collide with the same function's JS export (`f`).

use std::collections::{HashMap, HashSet};

use wasm_lints::wit::model::{self, CrateWit, FunctionKind, TypeDefKind, WitType};
use wit_parser::{
    Case, Docs, Enum, EnumCase, Field, Flag, Flags, Function, Handle, Interface, InterfaceId, IndexMap, Package,
    PackageId, PackageName, Param, Record, Resolve, Result_, Span, Stability, Tuple, Type, TypeDef, TypeId,
    TypeOwner, Variant, World, WorldItem, WorldKey,
};

/// The interface all exports live in.
pub const EXPORTS_INTERFACE: &str = "api";
/// The interface of the types imports pass: a resource-free interface the world imports, which
/// `api` and the import interfaces `use` (an imported interface cannot use an exported one).
pub const TYPES_INTERFACE: &str = "types";
/// The package namespace (cargo-component's default too).
pub const NAMESPACE: &str = "component";

/// The named types an import reaches (its signatures' types, and the types theirs hold), in
/// definition order: they are defined in [`TYPES_INTERFACE`]; every other type in `api`.
pub fn import_types(wit: &CrateWit) -> Vec<String> {
    let mut reached = HashSet::new();
    let mut todo: Vec<String> = Vec::new();
    for f in wit.imports.iter().flat_map(|i| &i.functions) {
        for t in f.params.iter().map(|p| &p.ty).chain(&f.result) {
            named_in(t, &mut todo);
        }
    }
    while let Some(n) = todo.pop() {
        if reached.insert(n.clone())
            && let Some(def) = wit.types.iter().find(|d| d.name == n)
        {
            for t in def.kind.held_types() {
                named_in(t, &mut todo);
            }
        }
    }
    wit.types.iter().filter(|d| reached.contains(&d.name)).map(|d| d.name.clone()).collect()
}

/// The names of the named types (and resources) `t` spells, not looking into their definitions.
fn named_in(t: &WitType, out: &mut Vec<String>) {
    match t {
        WitType::Named(n) | WitType::Own(n) | WitType::Borrow(n) => out.push(n.clone()),
        t => t.parts().into_iter().for_each(|t| named_in(t, out)),
    }
}

/// The shared types the functions (and, for `api`, the types) of an interface spell, in the
/// order of `shared`: what it `use`s from [`TYPES_INTERFACE`].
fn uses<'a>(shared: &[String], types: impl Iterator<Item = &'a WitType>) -> Vec<String> {
    let mut spelled = Vec::new();
    types.for_each(|t| named_in(t, &mut spelled));
    shared.iter().filter(|n| spelled.contains(n)).cloned().collect()
}

fn signature_types(f: &model::Function) -> impl Iterator<Item = &WitType> {
    f.params.iter().map(|p| &p.ty).chain(&f.result)
}

/// Builds the package; `shared` is [`import_types`]'s, `name` and `version` are the Cargo
/// package's.
pub fn resolve(wit: &CrateWit, shared: &[String], name: &str, version: &str) -> Result<(Resolve, PackageId), String> {
    let mut resolve = Resolve::default();
    let package = PackageName {
        namespace: NAMESPACE.into(),
        name: model::kebab(name),
        version: Some(semver::Version::parse(version).map_err(|e| format!("the package version `{version}` is not semver: {e}"))?),
    };
    let pkg = resolve.packages.alloc(Package {
        name: package,
        docs: docs(&wit.docs),
        interfaces: IndexMap::default(),
        worlds: IndexMap::default(),
    });
    let types_iface = (!shared.is_empty()).then(|| {
        let id = new_interface(&mut resolve, Some(TYPES_INTERFACE.into()), pkg, Docs::default());
        resolve.packages[pkg].interfaces.insert(TYPES_INTERFACE.into(), id);
        id
    });
    let api = new_interface(&mut resolve, Some(EXPORTS_INTERFACE.into()), pkg, Docs::default());
    resolve.packages[pkg].interfaces.insert(EXPORTS_INTERFACE.into(), api);

    let mut b = Builder { resolve: &mut resolve, named: HashMap::new(), scope: HashMap::new(), anon: HashMap::new() };
    // Named types: allocate every id first, so definitions may refer to each other in any order;
    // the shared ones first, so `api`'s `use` of them comes before its own types.
    let (in_types, in_api): (Vec<_>, Vec<_>) = wit.types.iter().partition(|t| shared.contains(&t.name));
    for t in &in_types {
        b.declare(t, types_iface.expect("shared types have their interface"));
    }
    let held = wit.types.iter().filter(|t| !shared.contains(&t.name)).flat_map(|t| t.kind.held_types());
    let api_uses = uses(shared, wit.exports.iter().flat_map(signature_types).chain(held));
    b.use_types(api, &api_uses);
    for t in &in_api {
        b.declare(t, api);
    }
    for t in &in_types {
        b.define(t);
    }
    b.scope = api_uses.iter().map(|n| (n.clone(), b.resolve.interfaces[api].types[n])).collect();
    for t in &in_api {
        b.define(t);
    }
    for f in &wit.exports {
        let func = b.function(f)?;
        b.resolve.interfaces[api].functions.insert(func.name.clone(), func);
    }
    let world_name = model::kebab(name);
    let world = b.resolve.worlds.alloc(World {
        name: world_name.clone(),
        imports: IndexMap::default(),
        exports: IndexMap::default(),
        package: Some(pkg),
        docs: Docs::default(),
        stability: Stability::Unknown,
        includes: Vec::new(),
        span: Span::default(),
    });
    if let Some(id) = types_iface {
        b.resolve.worlds[world].imports.insert(WorldKey::Interface(id), world_interface(id));
    }
    for import in &wit.imports {
        let name = model::kebab(&import.module);
        let iface = new_interface(b.resolve, Some(name.clone()), pkg, Docs::default());
        let used = uses(shared, import.functions.iter().flat_map(signature_types));
        b.use_types(iface, &used);
        b.scope = used.iter().map(|n| (n.clone(), b.resolve.interfaces[iface].types[n])).collect();
        for f in &import.functions {
            let func = b.function(f)?;
            b.resolve.interfaces[iface].functions.insert(func.name.clone(), func);
        }
        if b.resolve.packages[pkg].interfaces.insert(name.clone(), iface).is_some() {
            return Err(format!("the import module `{}` is named like the package's interface `{name}` (of its exports, or of the types its imports pass); rename the module", import.module));
        }
        b.resolve.worlds[world].imports.insert(WorldKey::Interface(iface), world_interface(iface));
    }
    b.resolve.worlds[world].exports.insert(WorldKey::Interface(api), world_interface(api));
    resolve.packages[pkg].worlds.insert(world_name, world);
    Ok((resolve, pkg))
}

/// The package printed as WIT text.
pub fn print(resolve: &Resolve, pkg: PackageId) -> Result<String, String> {
    let mut printer = wit_component::WitPrinter::default();
    printer.print(resolve, pkg, &[]).map_err(|e| format!("cannot print the WIT package: {e:#}"))?;
    Ok(printer.output.to_string())
}

fn new_interface(resolve: &mut Resolve, name: Option<String>, pkg: PackageId, docs: Docs) -> InterfaceId {
    resolve.interfaces.alloc(Interface {
        name,
        types: IndexMap::default(),
        functions: IndexMap::default(),
        docs,
        stability: Stability::Unknown,
        package: Some(pkg),
        span: Span::default(),
        clone_of: None,
    })
}

fn world_interface(id: InterfaceId) -> WorldItem {
    WorldItem::Interface { id, stability: Stability::Unknown, external_id: None, docs: Docs::default(), span: Span::default() }
}

fn docs(text: &Option<String>) -> Docs {
    Docs { contents: text.clone() }
}

struct Builder<'a> {
    resolve: &'a mut Resolve,
    /// Named types by WIT name, as defined (in `api` or `types`).
    named: HashMap<String, TypeId>,
    /// The `use`d names of the interface being built, which its functions and types refer to.
    scope: HashMap<String, TypeId>,
    /// Anonymous types (lists, options, handles, ...) by their kind, each defined once.
    anon: HashMap<wit_parser::TypeDefKind, TypeId>,
}

impl Builder<'_> {
    /// Allocates the id of named type `t` in `iface`; its kind comes in `define`.
    fn declare(&mut self, t: &model::TypeDef, iface: InterfaceId) {
        let id = self.alloc(Some(t.name.clone()), wit_parser::TypeDefKind::Unknown, TypeOwner::Interface(iface), docs(&t.docs));
        self.named.insert(t.name.clone(), id);
        self.resolve.interfaces[iface].types.insert(t.name.clone(), id);
    }

    /// `use types.{names}` in `iface`: an alias of each, owned by `iface`.
    fn use_types(&mut self, iface: InterfaceId, names: &[String]) {
        for n in names {
            let alias = self.alloc(Some(n.clone()), wit_parser::TypeDefKind::Type(Type::Id(self.named[n])), TypeOwner::Interface(iface), Docs::default());
            self.resolve.interfaces[iface].types.insert(n.clone(), alias);
        }
    }

    fn alloc(&mut self, name: Option<String>, kind: wit_parser::TypeDefKind, owner: TypeOwner, docs: Docs) -> TypeId {
        self.resolve.types.alloc(TypeDef { name, kind, owner, docs, stability: Stability::Unknown, span: Span::default(), external_id: None })
    }

    /// Sets the kind of named type `t`, its fields' types seen from the current scope.
    fn define(&mut self, t: &model::TypeDef) {
        let kind = match &t.kind {
            TypeDefKind::Record(fields) => wit_parser::TypeDefKind::Record(Record {
                fields: fields.iter().map(|f| Field { name: f.name.clone(), ty: self.ty(&f.ty), docs: docs(&f.docs), span: Span::default() }).collect(),
            }),
            TypeDefKind::Flags(fields) => wit_parser::TypeDefKind::Flags(Flags {
                flags: fields.iter().map(|f| Flag { name: f.name.clone(), docs: docs(&f.docs), span: Span::default() }).collect(),
            }),
            TypeDefKind::Enum(cases) => wit_parser::TypeDefKind::Enum(Enum {
                cases: cases.iter().map(|c| EnumCase { name: c.name.clone(), docs: docs(&c.docs), span: Span::default() }).collect(),
            }),
            TypeDefKind::Variant(cases) => wit_parser::TypeDefKind::Variant(Variant {
                cases: cases
                    .iter()
                    .map(|c| Case { name: c.name.clone(), ty: c.ty.as_ref().map(|t| self.ty(t)), docs: docs(&c.docs), span: Span::default() })
                    .collect(),
            }),
            TypeDefKind::Resource => wit_parser::TypeDefKind::Resource,
        };
        let id = self.named[&t.name];
        self.resolve.types[id].kind = kind;
    }

    fn ty(&mut self, t: &WitType) -> Type {
        let kind = match t {
            WitType::Bool => return Type::Bool,
            WitType::U8 => return Type::U8,
            WitType::U16 => return Type::U16,
            WitType::U32 | WitType::Usize => return Type::U32,
            WitType::U64 => return Type::U64,
            WitType::S8 => return Type::S8,
            WitType::S16 => return Type::S16,
            WitType::S32 | WitType::Isize => return Type::S32,
            WitType::S64 => return Type::S64,
            WitType::F32 => return Type::F32,
            WitType::F64 => return Type::F64,
            WitType::Char => return Type::Char,
            WitType::String => return Type::String,
            WitType::Named(n) => return Type::Id(*self.scope.get(n).unwrap_or(&self.named[n])),
            WitType::List(t) => wit_parser::TypeDefKind::List(self.ty(t)),
            WitType::Option(t) => wit_parser::TypeDefKind::Option(self.ty(t)),
            WitType::Result { ok, err } => wit_parser::TypeDefKind::Result(Result_ {
                ok: ok.as_deref().map(|t| self.ty(t)),
                err: err.as_deref().map(|t| self.ty(t)),
            }),
            WitType::Tuple(ts) => wit_parser::TypeDefKind::Tuple(Tuple { types: ts.iter().map(|t| self.ty(t)).collect() }),
            WitType::Own(n) => wit_parser::TypeDefKind::Handle(Handle::Own(self.named[n])),
            WitType::Borrow(n) => wit_parser::TypeDefKind::Handle(Handle::Borrow(self.named[n])),
        };
        if let Some(id) = self.anon.get(&kind) {
            return Type::Id(*id);
        }
        let id = self.alloc(None, kind.clone(), TypeOwner::None, Docs::default());
        self.anon.insert(kind, id);
        Type::Id(id)
    }

    fn function(&mut self, f: &model::Function) -> Result<Function, String> {
        let resource = |name: &str| self.named.get(name).copied();
        let (name, kind) = match &f.kind {
            FunctionKind::Free => (f.name.clone(), wit_parser::FunctionKind::Freestanding),
            FunctionKind::Constructor(r) => (format!("[constructor]{r}"), wit_parser::FunctionKind::Constructor(resource(r).expect("resource defined"))),
            FunctionKind::Method(r) => (format!("[method]{r}.{}", f.name), wit_parser::FunctionKind::Method(resource(r).expect("resource defined"))),
            FunctionKind::Static(r) => (format!("[static]{r}.{}", f.name), wit_parser::FunctionKind::Static(resource(r).expect("resource defined"))),
        };
        let mut params = Vec::new();
        if let FunctionKind::Method(r) = &f.kind {
            // WIT methods take their receiver as a first `self: borrow<r>` parameter.
            let this = self.ty(&WitType::Borrow(r.clone()));
            params.push(Param { name: "self".into(), ty: this, span: Span::default() });
        }
        for p in &f.params {
            if params.iter().any(|q: &Param| q.name == p.name) {
                return Err(format!("two parameters of `{}` are both `{}` in WIT", f.rust_path, p.name));
            }
            let ty = self.ty(&p.ty);
            params.push(Param { name: p.name.clone(), ty, span: Span::default() });
        }
        let result = match (&f.kind, &f.result) {
            // `Self`: the implicit `own<r>`; a fallible constructor's `result<own<r>, e>` as it is.
            (FunctionKind::Constructor(r), None) => Some(self.ty(&WitType::Own(r.clone()))),
            (_, result) => result.as_ref().map(|t| self.ty(t)),
        };
        Ok(Function { name, kind, params, result, docs: docs(&f.docs), stability: Stability::Unknown, span: Span::default(), external_id: None })
    }
}

#[cfg(test)]
mod tests {
    use wasm_lints::wit::model::{Field, Import, Param};

    use super::*;

    fn record(name: &str, fields: &[(&str, WitType)]) -> model::TypeDef {
        let fields = fields.iter().map(|(n, ty)| Field { name: (*n).into(), rust_name: (*n).into(), ty: ty.clone(), docs: None }).collect();
        model::TypeDef { name: name.into(), rust_path: format!("crate::{name}"), docs: None, kind: TypeDefKind::Record(fields) }
    }

    fn func(name: &str, param: WitType, result: Option<WitType>) -> model::Function {
        let params = vec![Param { name: "x".into(), ty: param, by_ref: false, by_mut: false }];
        model::Function { name: name.into(), rust_path: format!("crate::{name}"), docs: None, params, result, kind: FunctionKind::Free, mut_self: false }
    }

    /// `point` (held by `line`, which `draw` takes) and `line` go to `types`; `other`, which only
    /// an export uses, and the resource stay in `api`.
    fn crate_wit(import_param: WitType) -> CrateWit {
        let named = |n: &str| WitType::Named(n.into());
        CrateWit {
            docs: None,
            types: vec![
                model::TypeDef { name: "counter".into(), rust_path: "crate::Counter".into(), docs: None, kind: TypeDefKind::Resource },
                record("point", &[("x", WitType::F64)]),
                record("line", &[("from", named("point")), ("to", named("point"))]),
                record("other", &[("line", named("line")), ("counter", WitType::Own("counter".into()))]),
            ],
            exports: vec![func("keep", named("other"), Some(named("point")))],
            imports: vec![Import { module: "host".into(), functions: vec![func("draw", import_param, Some(WitType::U32))], linked: Vec::new() }],
        }
    }

    #[test]
    fn the_types_imports_pass_are_in_an_interface_both_sides_use() {
        let wit = crate_wit(WitType::List(Box::new(WitType::Named("line".into()))));
        assert_eq!(import_types(&wit), ["point", "line"]);
        let (resolve, pkg) = resolve(&wit, &import_types(&wit), "demo", "0.1.0").unwrap();
        let text = print(&resolve, pkg).unwrap();
        for needle in [
            "interface types {\n  record point {",
            "interface api {\n  use types.{point, line};\n\n  resource counter;",
            "record other {\n    line: line,\n    counter: counter,",
            "interface host {\n  use types.{line};\n\n  draw: func(x: list<line>) -> u32;",
            "world demo {\n  import types;\n  import host;\n\n  export api;\n}",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
        // What wit-parser reads back prints the same (the `use`s resolve to the same types).
        let mut again = Resolve::default();
        let pkg = again.push_str("demo.wit", &text).expect("the printed WIT parses");
        assert_eq!(print(&again, pkg).unwrap(), text);
    }

    #[test]
    fn without_exported_types_in_imports_there_is_no_types_interface() {
        let wit = crate_wit(WitType::List(Box::new(WitType::String)));
        assert!(import_types(&wit).is_empty());
        let (resolve, pkg) = resolve(&wit, &import_types(&wit), "demo", "0.1.0").unwrap();
        let text = print(&resolve, pkg).unwrap();
        assert!(!text.contains("types"), "{text}");
        assert!(text.contains("world demo {\n  import host;\n\n  export api;\n}"), "{text}");
    }
}
