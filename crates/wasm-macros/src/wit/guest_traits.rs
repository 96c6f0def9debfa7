//! One clear message when a type named in `export!` does not implement a generated `Guest`
//! trait: without it, rustc reports the unmet bound inside wit-bindgen's export glue, once per
//! exported function, naming only the glue. `#[diagnostic::on_unimplemented]` (stable since
//! 1.78) makes each of those errors say which trait, for which WIT export, and what to write.
//! A method whose signature differs from the trait is already rustc's error at the impl (E0053).

use syn::{File, Item, ItemTrait};

/// Adds the message to every `Guest*` trait of the generated file.
pub fn explain_guest_traits(file: &mut File) {
    walk(&mut file.items, &mut Vec::new());
}

fn walk(items: &mut [Item], path: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    path.push(m.ident.to_string());
                    walk(inner, path);
                    path.pop();
                }
            }
            Item::Trait(t) if t.ident.to_string().starts_with("Guest") => explain(t, path),
            _ => {}
        }
    }
}

fn explain(t: &mut ItemTrait, path: &[String]) {
    let name = t.ident.to_string();
    let trait_path = path.iter().map(String::as_str).chain([name.as_str()]).collect::<Vec<_>>().join("::");
    let kebab = |s: &str| s.trim_start_matches("r#").replace('_', "-");
    // `exports::ns::pkg::iface` for a package's interface, `exports::iface` for an inline one.
    let interface = match path {
        [first, ns, pkg, iface] if first == "exports" => Some(format!("{}:{}/{}", kebab(ns), kebab(pkg), kebab(iface))),
        [first, iface] if first == "exports" => Some(kebab(iface)),
        _ => None,
    };
    let export = match (name.strip_prefix("Guest").filter(|r| !r.is_empty()), interface) {
        (Some(resource), Some(iface)) => format!("resource `{}` of interface `{iface}`", heck_kebab(resource)),
        (Some(resource), None) => format!("resource `{}`", heck_kebab(resource)),
        (None, Some(iface)) => format!("interface `{iface}`"),
        (None, None) => "functions".to_string(),
    };
    let message = format!("`{{Self}}` does not implement `{trait_path}`, the trait of the world's exported {export}");
    let label = format!("`export!` needs `impl {trait_path} for {{Self}}`");
    let note = format!(
        "add `impl {trait_path} for {{Self}}` with one `fn` per function the WIT declares for the exported {export}, with the signatures of the generated trait"
    );
    t.attrs.push(syn::parse_quote!(#[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]));
}

/// `OpenFile` → `open-file`.
fn heck_kebab(camel: &str) -> String {
    use heck::ToKebabCase;
    camel.to_kebab_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_traits_name_their_export() {
        let mut file: File = syn::parse_quote! {
            pub trait Guest {}
            pub mod exports { pub mod t { pub mod s { pub mod greeter {
                pub trait Guest {}
                pub trait GuestOpenFile {}
                pub trait Other {}
            } } } }
        };
        explain_guest_traits(&mut file);
        let out = quote::quote!(#file).to_string();
        assert!(out.contains("`{Self}` does not implement `Guest`, the trait of the world's exported functions"), "{out}");
        assert!(out.contains("`exports::t::s::greeter::Guest`, the trait of the world's exported interface `t:s/greeter`"));
        assert!(out.contains("exported resource `open-file` of interface `t:s/greeter`"));
        assert_eq!(out.matches("on_unimplemented").count(), 3, "only `Guest*` traits");
    }
}
