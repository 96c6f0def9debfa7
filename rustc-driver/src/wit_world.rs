//! The crate's WIT package as a wit-parser `Resolve`, printed by wit-component's `WitPrinter`.
//!
//! Shape: `package <namespace>:<crate>@<version>` with an interface `api` holding the exported
//! types, resources and functions, and one world named after the crate that exports `api` and
//! imports one interface per `#[wasm::import(module = "..")]` module, named after it. The
//! exports sit in an interface rather than directly in the world because exported resources
//! (and records their methods use) can only live in an interface, and so the canonical-ABI
//! export names (`ns:pkg/api#f`) never collide with the same function's JS export (`f`).

use std::collections::HashMap;

use wasm_lints::wit::model::{self, CrateWit, FunctionKind, TypeDefKind, WitType};
use wit_parser::{
    Case, Docs, Enum, EnumCase, Field, Flag, Flags, Function, Handle, Interface, InterfaceId, IndexMap, Package,
    PackageId, PackageName, Param, Record, Resolve, Result_, Span, Stability, Tuple, Type, TypeDef, TypeId,
    TypeOwner, Variant, World, WorldItem, WorldKey,
};

/// The interface all exports live in.
pub const EXPORTS_INTERFACE: &str = "api";
/// The package namespace (cargo-component's default too).
pub const NAMESPACE: &str = "component";

/// Builds the package; `name` and `version` are the Cargo package's.
pub fn resolve(wit: &CrateWit, name: &str, version: &str) -> Result<(Resolve, PackageId), String> {
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
    let api = new_interface(&mut resolve, Some(EXPORTS_INTERFACE.into()), pkg, Docs::default());
    resolve.packages[pkg].interfaces.insert(EXPORTS_INTERFACE.into(), api);

    let mut b = Builder { resolve: &mut resolve, named: HashMap::new(), anon: HashMap::new() };
    // Named types: allocate every id first, so definitions may refer to each other in any order.
    for t in &wit.types {
        let id = b.resolve.types.alloc(TypeDef {
            name: Some(t.name.clone()),
            kind: wit_parser::TypeDefKind::Unknown,
            owner: TypeOwner::Interface(api),
            docs: docs(&t.docs),
            stability: Stability::Unknown,
            span: Span::default(),
            external_id: None,
        });
        b.named.insert(t.name.clone(), id);
        b.resolve.interfaces[api].types.insert(t.name.clone(), id);
    }
    for t in &wit.types {
        let kind = match &t.kind {
            TypeDefKind::Record(fields) => wit_parser::TypeDefKind::Record(Record {
                fields: fields.iter().map(|f| Field { name: f.name.clone(), ty: b.ty(&f.ty), docs: docs(&f.docs), span: Span::default() }).collect(),
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
                    .map(|c| Case { name: c.name.clone(), ty: c.ty.as_ref().map(|t| b.ty(t)), docs: docs(&c.docs), span: Span::default() })
                    .collect(),
            }),
            TypeDefKind::Resource => wit_parser::TypeDefKind::Resource,
        };
        let id = b.named[&t.name];
        b.resolve.types[id].kind = kind;
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
    for import in &wit.imports {
        let name = model::kebab(&import.module);
        let iface = new_interface(b.resolve, Some(name.clone()), pkg, Docs::default());
        for f in &import.functions {
            let func = b.function(f)?;
            b.resolve.interfaces[iface].functions.insert(func.name.clone(), func);
        }
        if b.resolve.packages[pkg].interfaces.insert(name.clone(), iface).is_some() {
            return Err(format!("the import module `{}` is named like the exports interface `{EXPORTS_INTERFACE}`; rename the module", import.module));
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
    named: HashMap<String, TypeId>,
    /// Anonymous types (lists, options, handles, ...) by their kind, each defined once.
    anon: HashMap<wit_parser::TypeDefKind, TypeId>,
}

impl Builder<'_> {
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
            WitType::Named(n) => return Type::Id(self.named[n]),
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
        let id = self.resolve.types.alloc(TypeDef {
            name: None,
            kind: kind.clone(),
            owner: TypeOwner::None,
            docs: Docs::default(),
            stability: Stability::Unknown,
            span: Span::default(),
            external_id: None,
        });
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
