//! One WIT name, one Rust item: the exports interface holds the crate's exported types and
//! functions and those of the dependencies it links (`wasm_lints::wit::linked`), which may be
//! spelled alike (`crate::Point` and `::geometry::Point` are both `point`, `crate::a::f` and
//! `crate::b::f` both `f`). wit-parser's `Resolve` is a map by name, so a second item would
//! silently replace the first; it is an error instead, naming both.

use std::collections::HashMap;

use wasm_lints::wit::model::{CrateWit, FunctionKind};

use crate::wit_world::EXPORTS_INTERFACE;

/// `Err` naming the first two Rust items that share a name in the exports interface: a type or
/// a free function (one namespace in a WIT interface), or a member of one resource.
pub fn check_unique(wit: &CrateWit) -> Result<(), String> {
    let free = wit.exports.iter().filter(|f| f.kind == FunctionKind::Free).map(|f| (f.name.clone(), f.name.clone(), &f.rust_path));
    // A member's key holds a `.`, which no kebab-case name has: members never meet free names.
    let members = wit.exports.iter().filter_map(|f| match &f.kind {
        FunctionKind::Free => None,
        FunctionKind::Constructor(r) => Some((format!("{r}.constructor"), format!("the constructor of `{r}`"), &f.rust_path)),
        FunctionKind::Method(r) | FunctionKind::Static(r) => Some((format!("{r}.{}", f.name), format!("{r}.{}", f.name), &f.rust_path)),
    });
    let types = wit.types.iter().map(|t| (t.name.clone(), t.name.clone(), &t.rust_path));
    let mut seen: HashMap<String, &String> = HashMap::new();
    for (key, shown, rust_path) in types.chain(free).chain(members) {
        if let Some(first) = seen.insert(key, rust_path) {
            return Err(format!(
                "`{first}` and `{rust_path}` are both `{shown}` in the WIT interface `{EXPORTS_INTERFACE}` (a WIT name is the Rust name in kebab-case, and a dependency's exports are part of the world); rename one of them"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use wasm_lints::wit::model::{Function, TypeDef, TypeDefKind};

    use super::*;

    fn func(name: &str, rust_path: &str, kind: FunctionKind) -> Function {
        Function { name: name.into(), rust_path: rust_path.into(), docs: None, params: Vec::new(), result: None, kind, mut_self: false }
    }

    fn resource(name: &str, rust_path: &str) -> TypeDef {
        TypeDef { name: name.into(), rust_path: rust_path.into(), docs: None, kind: TypeDefKind::Resource }
    }

    fn world(types: Vec<TypeDef>, exports: Vec<Function>) -> CrateWit {
        CrateWit { docs: None, types, exports, imports: Vec::new() }
    }

    #[test]
    fn a_dependency_function_named_like_the_crates_own_is_refused() {
        let wit = world(Vec::new(), vec![func("version", "crate::version", FunctionKind::Free), func("version", "::lib::version", FunctionKind::Free)]);
        let err = check_unique(&wit).unwrap_err();
        assert!(err.starts_with("`crate::version` and `::lib::version` are both `version` in the WIT interface `api`"), "{err}");
    }

    #[test]
    fn types_and_functions_share_a_namespace_resource_members_do_not() {
        let tally = || resource("tally", "::lib::Tally");
        let add = || func("add", "::lib::Tally::add", FunctionKind::Method("tally".into()));
        // A free `add` and the method `tally.add` are different WIT items.
        assert_eq!(check_unique(&world(vec![tally()], vec![add(), func("add", "crate::add", FunctionKind::Free)])), Ok(()));
        let err = check_unique(&world(vec![tally()], vec![func("tally", "crate::tally", FunctionKind::Free)])).unwrap_err();
        assert!(err.contains("`::lib::Tally` and `crate::tally` are both `tally`"), "{err}");
        let err = check_unique(&world(vec![tally(), resource("tally", "crate::Tally")], Vec::new())).unwrap_err();
        assert!(err.contains("`::lib::Tally` and `crate::Tally` are both `tally`"), "{err}");
        let twice = vec![add(), func("add", "::lib::Tally::add_all", FunctionKind::Static("tally".into()))];
        let err = check_unique(&world(vec![tally()], twice)).unwrap_err();
        assert!(err.contains("are both `tally.add`"), "{err}");
    }

    /// Why the check is needed: wit-parser itself refuses the spelling a second item would have.
    #[test]
    fn wit_parser_refuses_a_type_and_a_function_of_one_name() {
        let mut resolve = wit_parser::Resolve::default();
        let text = "package a:b@1.0.0; interface api { record tally { x: u32 } tally: func(); } world b { export api; }";
        assert!(resolve.push_str("clash.wit", text).is_err());
    }
}
