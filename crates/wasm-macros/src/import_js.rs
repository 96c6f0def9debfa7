//! JS bindings of `#[wasm::import]` functions: `#[wasm(js = "Math.random")]`,
//! `#[wasm(method = "getContext")]`, `#[wasm(getter = "width")]`, `#[wasm(setter = "width")]`,
//! `#[wasm(constructor = "Uint8Array")]`. Such a function needs no host function in the
//! `imports` object: its raw import is `__wasmrust_js.<kind>:<target>#<fn>.<hash>`, which
//! `bind.mjs` turns into the JS operation at instantiation. The `#<fn>.<hash>` tail keeps two
//! declarations of the same target with different signatures apart (one wasm import each).

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, LitStr, Type};

use crate::abi::Ty;

/// The raw import module of bound functions (reserved: user modules cannot start `__wasmrust`).
pub const MODULE: &str = "__wasmrust_js";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A function at a `globalThis` path, called on the object holding it (static methods too).
    Js,
    /// A method of the first parameter.
    Method,
    /// A property of the first parameter, read.
    Getter,
    /// A property of the first parameter, written with the second.
    Setter,
    /// `new` on the class at a `globalThis` path.
    Constructor,
}

pub struct Binding {
    pub kind: Kind,
    pub target: LitStr,
}

const USAGE: &str = "usage: `#[wasm(js = \"Math.random\")]`, `#[wasm(method = \"getContext\")]`, `#[wasm(getter = \"width\")]`, `#[wasm(setter = \"width\")]` or `#[wasm(constructor = \"Uint8Array\")]`";

/// The binding among `attrs` (`#[wasm(...)]`, at most one), and the other attributes.
pub fn take(attrs: &[Attribute]) -> syn::Result<(Option<Binding>, Vec<&Attribute>)> {
    let mut binding: Option<Binding> = None;
    let mut rest = Vec::new();
    for a in attrs {
        if !a.path().is_ident("wasm") {
            rest.push(a);
            continue;
        }
        let list = a.meta.require_list().map_err(|e| syn::Error::new(e.span(), USAGE))?;
        let mut found = None;
        list.parse_nested_meta(|m| {
            let kind = match m.path.get_ident().map(|i| i.to_string()).as_deref() {
                Some("js") => Kind::Js,
                Some("method") => Kind::Method,
                Some("getter") => Kind::Getter,
                Some("setter") => Kind::Setter,
                Some("constructor") => Kind::Constructor,
                _ => return Err(m.error(format!("unknown binding; {USAGE}"))),
            };
            let target: LitStr = m.value()?.parse()?;
            check_target(kind, &target)?;
            if found.is_some() || binding.is_some() {
                return Err(m.error("a function has one binding"));
            }
            found = Some(Binding { kind, target });
            Ok(())
        })?;
        binding = Some(found.ok_or_else(|| syn::Error::new(a.span(), USAGE))?);
    }
    Ok((binding, rest))
}

/// An ASCII JS identifier (what the runtime parses back out of the import name).
fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn check_target(kind: Kind, target: &LitStr) -> syn::Result<()> {
    let value = target.value();
    let ok = match kind {
        Kind::Js | Kind::Constructor => value.split('.').all(is_ident),
        _ => is_ident(&value),
    };
    if ok {
        return Ok(());
    }
    let want = match kind {
        Kind::Js | Kind::Constructor => "a `globalThis` path of ASCII JS identifiers, like \"Math.random\"",
        _ => "a JS property name (an ASCII identifier), like \"getContext\"",
    };
    Err(syn::Error::new(target.span(), format!("expected {want}")))
}

/// Checks the signature fits the binding: `this` first for members, a setter's one value, ...
pub fn check_shape(b: &Binding, span: Span, params: &[(syn::Ident, Type, Ty)], ret: &Ty) -> syn::Result<()> {
    let member = matches!(b.kind, Kind::Method | Kind::Getter | Kind::Setter);
    if member && !params.first().is_some_and(|(_, _, t)| matches!(t, Ty::Ref { .. })) {
        return Err(syn::Error::new(span, "the first parameter of a method, getter or setter is the JS object (`this`): an `ExternRef<T>` or `&ExternRef<T>`"));
    }
    match b.kind {
        Kind::Getter if params.len() != 1 => Err(syn::Error::new(span, "a getter takes only the object")),
        Kind::Getter if matches!(ret, Ty::Unit) => Err(syn::Error::new(span, "a getter returns the property's value")),
        Kind::Setter if params.len() != 2 => Err(syn::Error::new(span, "a setter takes the object and the new value")),
        Kind::Setter if !matches!(ret, Ty::Unit) => Err(syn::Error::new(span, "a setter returns nothing")),
        _ => Ok(()),
    }
}

/// The raw import name: `<kind>:<target>#<fn>.<hash of the signature>`.
pub fn link_name(b: &Binding, func: &syn::Ident, signature: &str) -> String {
    let kind = match b.kind {
        Kind::Js => "js",
        Kind::Method => "method",
        Kind::Getter => "get",
        Kind::Setter => "set",
        Kind::Constructor => "new",
    };
    // FNV-1a: stable across compilers and runs (the name is in the module).
    let hash = signature.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("{kind}:{}#{func}.{hash:08x}", b.target.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(attr: &str) -> syn::Result<Option<Binding>> {
        let f: syn::ForeignItemFn = syn::parse_str(&format!("{attr} fn f();")).unwrap();
        take(&f.attrs).map(|(b, _)| b)
    }

    #[test]
    fn reads_each_kind_and_names_the_import() {
        for (attr, kind, prefix) in [
            ("#[wasm(js = \"Math.random\")]", Kind::Js, "js:Math.random#f."),
            ("#[wasm(method = \"getContext\")]", Kind::Method, "method:getContext#f."),
            ("#[wasm(getter = \"width\")]", Kind::Getter, "get:width#f."),
            ("#[wasm(setter = \"width\")]", Kind::Setter, "set:width#f."),
            ("#[wasm(constructor = \"Uint8Array\")]", Kind::Constructor, "new:Uint8Array#f."),
        ] {
            let b = binding(attr).unwrap().unwrap();
            assert_eq!(b.kind, kind);
            let f = syn::Ident::new("f", Span::call_site());
            assert!(link_name(&b, &f, "u32").starts_with(prefix), "{attr}");
            assert_ne!(link_name(&b, &f, "u32"), link_name(&b, &f, "f64"), "signatures are told apart");
        }
        assert!(binding("#[doc = \"x\"]").unwrap().is_none());
    }

    #[test]
    fn bad_bindings_are_errors() {
        for (attr, what) in [
            ("#[wasm(teleport = \"x\")]", "unknown binding"),
            ("#[wasm(js = \"Math..random\")]", "globalThis"),
            ("#[wasm(method = \"a.b\")]", "property name"),
            ("#[wasm(getter = \"größe\")]", "property name"),
            ("#[wasm(js = \"1up\")]", "globalThis"),
            ("#[wasm(method = \"a\", getter = \"b\")]", "one binding"),
            ("#[wasm(js)]", "expected `=`"),
            ("#[wasm]", "usage"),
        ] {
            let err = binding(attr).err().unwrap_or_else(|| panic!("{attr} accepted"));
            assert!(err.to_string().contains(what), "{attr}: {err}");
        }
    }
}
