//! The world's imports: the crate's own `#[wasm::import(module = "..")]` functions and those of
//! the crates it links. A dependency's wrapper, compiled into a component, calls a symbol the
//! component's glue defines (`symbol` in its mark, chosen by the macro from the module and the
//! function's name); the glue defines each symbol once, with the wrapper's Rust signature, and
//! calls the world's import from it. An import name (`module.name`) is one WIT function: every
//! crate importing it must give it the same signature.

use rustc_hir::def_id::DefId;
use rustc_middle::ty::TyCtxt;
use rustc_span::Symbol;

use super::linked;
use super::map::{ErrorAt, NoWit, Role};
use super::model::{Function, Import, LinkedImport};

/// An `import` mark: `module` (`None` for a function bound to JS by name) and `symbol`, the
/// symbol its wrapper calls when its crate is linked into a component.
pub struct ImportMark {
    pub module: Option<String>,
    pub symbol: Option<String>,
}

impl ImportMark {
    pub fn read(tcx: TyCtxt<'_>, did: DefId) -> Option<ImportMark> {
        let path = [Symbol::intern("wasm_lint"), Symbol::intern("import")];
        let items = tcx.get_attrs_by_path(did, &path).next()?.meta_item_list().unwrap_or_default();
        let value = |key: &str| items.iter().find(|i| i.name().is_some_and(|n| n.as_str() == key)).and_then(|i| i.value_str()).map(|s| s.to_string());
        Some(ImportMark { module: value("module"), symbol: value("symbol") })
    }
}

/// Adds `f`, imported from `module` by `did` (a dependency's, with the symbol its wrapper
/// calls, when `symbol` is set), to `imports`; an error when the name is imported with another
/// signature already.
pub fn add(tcx: TyCtxt<'_>, imports: &mut Vec<Import>, module: String, did: DefId, f: Function, symbol: Option<String>) -> Result<(), (ErrorAt, NoWit)> {
    let index = match imports.iter().position(|i| i.module == module) {
        Some(index) => index,
        None => {
            imports.push(Import { module, functions: Vec::new(), linked: Vec::new() });
            imports.len() - 1
        }
    };
    let import = &mut imports[index];
    match import.functions.iter().find(|g| g.name == f.name) {
        Some(first) if !same_wit_signature(first, &f) => return Err(clash(tcx, &import.module, did, &f, first)),
        Some(_) => {}
        None => import.functions.push(f.clone()),
    }
    let Some(symbol) = symbol else { return Ok(()) };
    match import.linked.iter().find(|l| l.symbol == symbol) {
        // Two crates' wrappers call one symbol: one definition serves both only if their Rust
        // signatures agree too (`&str` and `String` are both WIT `string`).
        Some(first) if !same_rust_signature(&first.function, &f) => Err(clash(tcx, &import.module, did, &f, &first.function)),
        Some(_) => Ok(()),
        None => {
            import.linked.push(LinkedImport { symbol, function: f });
            Ok(())
        }
    }
}

fn same_wit_signature(a: &Function, b: &Function) -> bool {
    a.result == b.result && a.params.len() == b.params.len() && a.params.iter().zip(&b.params).all(|(p, q)| p.name == q.name && p.ty == q.ty)
}

fn same_rust_signature(a: &Function, b: &Function) -> bool {
    same_wit_signature(a, b) && a.params.iter().zip(&b.params).all(|(p, q)| p.by_ref == q.by_ref && p.by_mut == q.by_mut)
}

/// `f` (of `did`) imports a name `first` imports with another signature.
fn clash(tcx: TyCtxt<'_>, module: &str, did: DefId, f: &Function, first: &Function) -> (ErrorAt, NoWit) {
    let e = NoWit {
        span: tcx.def_ident_span(did).unwrap_or_else(|| tcx.def_span(did)),
        message: format!("`{module}.{}` is imported by `{}` too, with another signature: a component has one function per import name", f.name, first.rust_path),
        help: "declare the import with the same parameters (names and types) and result in both places, or import one of them under another name".into(),
        reported: false,
    };
    match did.as_local() {
        Some(local) => (ErrorAt::Item(local), e),
        None => linked::in_dependency(tcx, did, Role::Import, e),
    }
}
