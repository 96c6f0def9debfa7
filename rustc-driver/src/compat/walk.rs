//! The structural walk behind `compat`: world items matched by canonicalized name, interfaces
//! checked in the direction of their use, shared types compared for equality.

use std::collections::{HashMap, HashSet};

use wit_parser::{Function, FunctionKind, Handle, Resolve, Span, Type, TypeDefKind, TypeId, TypeOwner, WorldItem, WorldKey};

use super::{Incompatibility, Side, location};

/// Who provides an item. OLD's users may use every item OLD exports, so NEW must export it
/// too; NEW may only use what OLD's hosts provide, so each NEW import must be one of OLD's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Export,
    Import,
}

/// A difference between two types, with the spans that show it best.
struct TypeDiff {
    what: String,
    old: Span,
    new: Span,
}

struct Walk<'a> {
    old: &'a Side,
    new: &'a Side,
    found: Vec<Incompatibility>,
    /// Type differences reported, by their source spans: a changed type is reported once, at
    /// its first use (its definition in an interface comes before the functions using it).
    reported: HashSet<(Span, Span)>,
}

/// Every incompatibility between OLD's world `o` and NEW's world `n`.
pub(super) fn world(old: &Side, new: &Side, o: wit_parser::WorldId, n: wit_parser::WorldId) -> Vec<Incompatibility> {
    let mut walk = Walk { old, new, found: Vec::new(), reported: HashSet::new() };
    let (ow, nw) = (&old.resolve.worlds[o], &new.resolve.worlds[n]);
    let world = format!("world `{}`", ow.name);
    let new_exports = by_canonical_name(&new.resolve, &nw.exports);
    for (key, item) in &ow.exports {
        let what = format!("{world} export `{}`", old.resolve.name_world_key(key));
        match new_exports.get(&old.resolve.name_canonicalized_world_key(key)) {
            Some(new_item) => walk.item(Direction::Export, &what, item, new_item),
            None => walk.push("export-removed", &what, "is not exported by NEW".into(), item_span(item), nw.span),
        }
    }
    let old_imports = by_canonical_name(&old.resolve, &ow.imports);
    for (key, item) in &nw.imports {
        let what = format!("{world} import `{}`", new.resolve.name_world_key(key));
        match old_imports.get(&new.resolve.name_canonicalized_world_key(key)) {
            Some(old_item) => walk.item(Direction::Import, &what, old_item, item),
            None => walk.push(
                "import-added",
                &what,
                "is imported by NEW but not by OLD (OLD's hosts need not provide it)".into(),
                ow.span,
                item_span(item),
            ),
        }
    }
    walk.found
}

/// World items by canonicalized name: `x:y/z@1.2.0` is `x:y/z@1`, `@0.2.6` is `@0.2`.
fn by_canonical_name<'r>(
    resolve: &Resolve,
    items: impl IntoIterator<Item = (&'r WorldKey, &'r WorldItem)>,
) -> HashMap<String, &'r WorldItem> {
    items.into_iter().map(|(key, item)| (resolve.name_canonicalized_world_key(key), item)).collect()
}

fn item_span(item: &WorldItem) -> Span {
    match item {
        WorldItem::Interface { span, .. } | WorldItem::Type { span, .. } => *span,
        WorldItem::Function(f) => f.span,
    }
}

fn item_kind(item: &WorldItem) -> &'static str {
    match item {
        WorldItem::Interface { .. } => "an interface",
        WorldItem::Function(_) => "a function",
        WorldItem::Type { .. } => "a type",
    }
}

impl Walk<'_> {
    fn push(&mut self, code: &'static str, item: &str, message: String, old: Span, new: Span) {
        self.found.push(Incompatibility {
            code,
            item: item.to_string(),
            message,
            old: location(self.old, old),
            new: location(self.new, new),
        });
    }

    fn item(&mut self, direction: Direction, what: &str, old: &WorldItem, new: &WorldItem) {
        match (old, new) {
            (WorldItem::Interface { id: o, .. }, WorldItem::Interface { id: n, .. }) => {
                self.interface(direction, what, *o, *n)
            }
            (WorldItem::Function(f), WorldItem::Function(g)) => self.function(what, f, g),
            (WorldItem::Type { id: o, span: so }, WorldItem::Type { id: n, span: sn }) => {
                self.types(what, "", Type::Id(*o), Type::Id(*n), *so, *sn)
            }
            _ => self.push(
                "kind-changed",
                what,
                format!("is {} in OLD and {} in NEW", item_kind(old), item_kind(new)),
                item_span(old),
                item_span(new),
            ),
        }
    }

    fn interface(&mut self, direction: Direction, what: &str, o: wit_parser::InterfaceId, n: wit_parser::InterfaceId) {
        let (oi, ni) = (&self.old.resolve.interfaces[o], &self.new.resolve.interfaces[n]);
        for (name, &ot) in &oi.types {
            let (old_span, ty) = (self.old.resolve.types[ot].span, format!("type `{name}`"));
            match ni.types.get(name) {
                Some(&nt) => self.types(what, &ty, Type::Id(ot), Type::Id(nt), old_span, self.new.resolve.types[nt].span),
                None if direction == Direction::Export => {
                    self.push("type-removed", what, format!("{ty} is not in NEW"), old_span, ni.span)
                }
                None => {}
            }
        }
        if direction == Direction::Import {
            for (name, &nt) in ni.types.iter().filter(|(name, _)| !oi.types.contains_key(*name)) {
                let message = format!("type `{name}` is imported by NEW but not by OLD");
                self.push("import-added", what, message, oi.span, self.new.resolve.types[nt].span);
            }
        }
        for (name, f) in &oi.functions {
            match ni.functions.get(name) {
                Some(g) => self.function(&format!("{what} function `{name}`"), f, g),
                None if direction == Direction::Export => {
                    self.push("export-removed", what, format!("function `{name}` is not in NEW"), f.span, ni.span)
                }
                None => {}
            }
        }
        if direction == Direction::Import {
            for (name, g) in ni.functions.iter().filter(|(name, _)| !oi.functions.contains_key(*name)) {
                let message = format!("function `{name}` is imported by NEW but not by OLD (OLD's hosts need not provide it)");
                self.push("import-added", what, message, oi.span, g.span);
            }
        }
    }

    /// Function types are equal: same kind, parameter names and types in order, same result.
    fn function(&mut self, what: &str, f: &Function, g: &Function) {
        if kind_name(&f.kind) != kind_name(&g.kind) {
            let message = format!("is `{}` in OLD and `{}` in NEW", kind_name(&f.kind), kind_name(&g.kind));
            return self.push("function-kind", what, message, f.span, g.span);
        }
        if f.params.len() != g.params.len() {
            let message = format!("takes {} parameters in OLD and {} in NEW", f.params.len(), g.params.len());
            return self.push("param-count", what, message, f.span, g.span);
        }
        for (p, q) in f.params.iter().zip(&g.params) {
            if p.name != q.name {
                let message = format!("parameter `{}` is named `{}` in NEW (names are part of a function type)", p.name, q.name);
                self.push("param-renamed", what, message, p.span, q.span);
            }
            self.types(what, &format!("parameter `{}`", p.name), p.ty, q.ty, p.span, q.span);
        }
        match (f.result, g.result) {
            (None, None) => {}
            (Some(a), Some(b)) => self.types(what, "result", a, b, f.span, g.span),
            (a, b) => {
                let show = |side: &Side, t: Option<Type>| t.map_or("nothing".into(), |t| format!("`{}`", show(&side.resolve, t)));
                let message = format!("result: {} in OLD, {} in NEW", show(self.old, a), show(self.new, b));
                self.push("type-changed", what, message, f.span, g.span);
            }
        }
    }

    /// Reports `a` (OLD) and `b` (NEW) unless equal; `part` names what has the type.
    fn types(&mut self, what: &str, part: &str, a: Type, b: Type, sa: Span, sb: Span) {
        if let Some(diff) = self.diff(a, b, sa, sb) {
            let known = diff.old.is_known() && diff.new.is_known();
            if known && !self.reported.insert((diff.old, diff.new)) {
                return;
            }
            let message = if part.is_empty() { diff.what } else { format!("{part}: {}", diff.what) };
            self.push("type-changed", what, message, diff.old, diff.new);
        }
    }

    fn diff(&self, a: Type, b: Type, sa: Span, sb: Span) -> Option<TypeDiff> {
        let (a, b) = (unalias(&self.old.resolve, a), unalias(&self.new.resolve, b));
        match (a, b) {
            (Type::Id(x), Type::Id(y)) => self.diff_defs(x, y, sa, sb),
            (Type::Id(_), _) | (_, Type::Id(_)) => Some(self.mismatch(a, b, sa, sb)),
            _ if a == b => None,
            _ => Some(self.mismatch(a, b, sa, sb)),
        }
    }

    fn mismatch(&self, a: Type, b: Type, sa: Span, sb: Span) -> TypeDiff {
        let what = format!("`{}` in OLD, `{}` in NEW", show(&self.old.resolve, a), show(&self.new.resolve, b));
        TypeDiff { what, old: sa, new: sb }
    }

    fn diff_defs(&self, x: TypeId, y: TypeId, sa: Span, sb: Span) -> Option<TypeDiff> {
        let (dx, dy) = (&self.old.resolve.types[x], &self.new.resolve.types[y]);
        let sa = if dx.span.is_known() { dx.span } else { sa };
        let sb = if dy.span.is_known() { dy.span } else { sb };
        let name = dx.name.as_deref().map_or_else(|| dx.kind.as_str().to_string(), |n| format!("{} `{n}`", dx.kind.as_str()));
        // Lists of named members compare by position: the name, then the payload.
        let members = |kind: &str, old: Vec<(&str, Option<Type>, Span)>, new: Vec<(&str, Option<Type>, Span)>| {
            for i in 0..old.len().max(new.len()) {
                match (old.get(i), new.get(i)) {
                    (Some(o), Some(n)) if o.0 != n.0 => {
                        return Some(TypeDiff { what: format!("{name}: {kind} `{}` is `{}` in NEW", o.0, n.0), old: o.2, new: n.2 });
                    }
                    (Some(o), Some(n)) => match (o.1, n.1) {
                        (None, None) => {}
                        (Some(a), Some(b)) => {
                            if let Some(d) = self.diff(a, b, o.2, n.2) {
                                return Some(TypeDiff { what: format!("{name}: {kind} `{}`: {}", o.0, d.what), ..d });
                            }
                        }
                        _ => return Some(TypeDiff { what: format!("{name}: {kind} `{}` payload differs", o.0), old: o.2, new: n.2 }),
                    },
                    (None, Some(n)) => return Some(TypeDiff { what: format!("{name} gains {kind} `{}`", n.0), old: sa, new: n.2 }),
                    (Some(o), None) => return Some(TypeDiff { what: format!("{name} loses {kind} `{}`", o.0), old: o.2, new: sb }),
                    (None, None) => unreachable!(),
                }
            }
            None
        };
        let types = |old: &[Type], new: &[Type]| {
            if old.len() != new.len() {
                return Some(TypeDiff { what: format!("{name}: {} types in OLD, {} in NEW", old.len(), new.len()), old: sa, new: sb });
            }
            old.iter().zip(new).find_map(|(a, b)| self.diff(*a, *b, sa, sb))
        };
        let optional = |a: Option<Type>, b: Option<Type>| match (a, b) {
            (None, None) => None,
            (Some(a), Some(b)) => self.diff(a, b, sa, sb),
            _ => Some(TypeDiff { what: format!("{name} differs"), old: sa, new: sb }),
        };
        match (&dx.kind, &dy.kind) {
            (TypeDefKind::Record(r), TypeDefKind::Record(s)) => members(
                "field",
                r.fields.iter().map(|f| (f.name.as_str(), Some(f.ty), f.span)).collect(),
                s.fields.iter().map(|f| (f.name.as_str(), Some(f.ty), f.span)).collect(),
            ),
            (TypeDefKind::Variant(v), TypeDefKind::Variant(w)) => members(
                "case",
                v.cases.iter().map(|c| (c.name.as_str(), c.ty, c.span)).collect(),
                w.cases.iter().map(|c| (c.name.as_str(), c.ty, c.span)).collect(),
            ),
            (TypeDefKind::Enum(e), TypeDefKind::Enum(f)) => members(
                "case",
                e.cases.iter().map(|c| (c.name.as_str(), None, c.span)).collect(),
                f.cases.iter().map(|c| (c.name.as_str(), None, c.span)).collect(),
            ),
            (TypeDefKind::Flags(e), TypeDefKind::Flags(f)) => members(
                "flag",
                e.flags.iter().map(|c| (c.name.as_str(), None, c.span)).collect(),
                f.flags.iter().map(|c| (c.name.as_str(), None, c.span)).collect(),
            ),
            (TypeDefKind::Tuple(t), TypeDefKind::Tuple(u)) => types(&t.types, &u.types),
            (TypeDefKind::Option(a), TypeDefKind::Option(b)) | (TypeDefKind::List(a), TypeDefKind::List(b)) => {
                self.diff(*a, *b, sa, sb)
            }
            (TypeDefKind::FixedLengthList(a, n), TypeDefKind::FixedLengthList(b, m)) if n == m => self.diff(*a, *b, sa, sb),
            (TypeDefKind::Map(k, v), TypeDefKind::Map(l, w)) => types(&[*k, *v], &[*l, *w]),
            (TypeDefKind::Result(r), TypeDefKind::Result(s)) => optional(r.ok, s.ok).or_else(|| optional(r.err, s.err)),
            (TypeDefKind::Future(a), TypeDefKind::Future(b)) | (TypeDefKind::Stream(a), TypeDefKind::Stream(b)) => {
                optional(*a, *b)
            }
            (TypeDefKind::Handle(Handle::Own(r)), TypeDefKind::Handle(Handle::Own(s)))
            | (TypeDefKind::Handle(Handle::Borrow(r)), TypeDefKind::Handle(Handle::Borrow(s))) => {
                self.resources_differ(*r, *s).then(|| self.mismatch(Type::Id(x), Type::Id(y), sa, sb))
            }
            (TypeDefKind::Resource, TypeDefKind::Resource) => {
                self.resources_differ(x, y).then(|| self.mismatch(Type::Id(x), Type::Id(y), sa, sb))
            }
            _ => Some(self.mismatch(Type::Id(x), Type::Id(y), sa, sb)),
        }
    }

    /// Resources are nominal: equal when they have the same name in the same (canonicalized)
    /// interface.
    fn resources_differ(&self, r: TypeId, s: TypeId) -> bool {
        resource_identity(&self.old.resolve, r) != resource_identity(&self.new.resolve, s)
    }
}

/// `(owner, name)` of a resource after following `use` aliases.
fn resource_identity(resolve: &Resolve, id: TypeId) -> (String, Option<String>) {
    let id = match unalias(resolve, Type::Id(id)) {
        Type::Id(id) => id,
        _ => id,
    };
    let def = &resolve.types[id];
    let owner = match def.owner {
        TypeOwner::Interface(i) => resolve.canonicalized_id_of(i).unwrap_or_default(),
        TypeOwner::World(w) => resolve.worlds[w].name.clone(),
        TypeOwner::None => String::new(),
    };
    (owner, def.name.clone())
}

/// Follows `type a = b` and `use` aliases, which name a type without making a new one.
fn unalias(resolve: &Resolve, mut ty: Type) -> Type {
    while let Type::Id(id) = ty {
        match resolve.types[id].kind {
            TypeDefKind::Type(inner) => ty = inner,
            _ => break,
        }
    }
    ty
}

fn kind_name(kind: &FunctionKind) -> &'static str {
    match kind {
        FunctionKind::Freestanding => "func",
        FunctionKind::AsyncFreestanding => "async func",
        FunctionKind::Method(_) => "method",
        FunctionKind::AsyncMethod(_) => "async method",
        FunctionKind::Static(_) => "static func",
        FunctionKind::AsyncStatic(_) => "async static func",
        FunctionKind::Constructor(_) => "constructor",
    }
}

/// A type as WIT spells it, for messages.
fn show(resolve: &Resolve, ty: Type) -> String {
    let id = match ty {
        Type::Bool => return "bool".into(),
        Type::U8 => return "u8".into(),
        Type::U16 => return "u16".into(),
        Type::U32 => return "u32".into(),
        Type::U64 => return "u64".into(),
        Type::S8 => return "s8".into(),
        Type::S16 => return "s16".into(),
        Type::S32 => return "s32".into(),
        Type::S64 => return "s64".into(),
        Type::F32 => return "f32".into(),
        Type::F64 => return "f64".into(),
        Type::Char => return "char".into(),
        Type::String => return "string".into(),
        Type::ErrorContext => return "error-context".into(),
        Type::Id(id) => id,
    };
    let def = &resolve.types[id];
    if let Some(name) = &def.name {
        return name.clone();
    }
    let opt = |t: Option<Type>| t.map_or("_".to_string(), |t| show(resolve, t));
    match &def.kind {
        TypeDefKind::Option(t) => format!("option<{}>", show(resolve, *t)),
        TypeDefKind::List(t) => format!("list<{}>", show(resolve, *t)),
        TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", show(resolve, *t)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", show(resolve, *k), show(resolve, *v)),
        TypeDefKind::Result(r) => format!("result<{}, {}>", opt(r.ok), opt(r.err)),
        TypeDefKind::Tuple(t) => {
            format!("tuple<{}>", t.types.iter().map(|t| show(resolve, *t)).collect::<Vec<_>>().join(", "))
        }
        TypeDefKind::Handle(Handle::Own(r)) => format!("own<{}>", show(resolve, Type::Id(*r))),
        TypeDefKind::Handle(Handle::Borrow(r)) => format!("borrow<{}>", show(resolve, Type::Id(*r))),
        TypeDefKind::Future(t) => format!("future<{}>", opt(*t)),
        TypeDefKind::Stream(t) => format!("stream<{}>", opt(*t)),
        TypeDefKind::Type(t) => show(resolve, *t),
        other => other.as_str().to_string(),
    }
}
