//! Which crate a `#[wasm::export]` is exported from: the module the crate itself builds, not every
//! module that links it.
//!
//! rustc exports every `#[export_name]` symbol of every crate a `cdylib` links, so an export
//! symbol emitted in a library would appear in each app using the library (with its `wasmrust`
//! record, JS wrapper and `.d.ts` entry). So the macro emits the export symbol, its records and
//! its `wasm_lint::export` mark only when the crate being compiled builds a module of its own:
//! its crate types (rustc's `--crate-type`, which the macro reads from the command line of the
//! compiler it runs in) include `bin`, `cdylib`, `staticlib` or `dylib`, or none is given
//! (rustc's default is `bin`; `--test` builds; tools that expand macros without compiling). A crate
//! built only as `lib`/`rlib` keeps the export's Rust function and its type checks, and
//! exports nothing. The crate types come from the crate's own `Cargo.toml` (`[lib] crate-type`),
//! so the answer does not depend on how cargo was invoked (`-p`, a workspace build, a
//! dependency build): a crate declaring `crate-type = ["cdylib", "rlib"]` is a module, and its
//! rlib (built by the same rustc run) carries its exports into every module that links it.
//!
//! An item asks to be exported wherever it is linked with `#[wasm::export(always)]` (a function
//! or an `impl` block); `expand` records that for the item being expanded ([`with_item`]), so
//! the pieces generated elsewhere (class members) ask [`here`] too.

use std::cell::Cell;
use std::ffi::OsString;
use std::sync::OnceLock;

use proc_macro2::TokenStream;

thread_local! {
    /// `always` on the item being expanded.
    static ALWAYS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (one item's expansion) with `always` in effect.
pub(crate) fn with_item<R>(always: bool, f: impl FnOnce() -> R) -> R {
    let _restore = Restore { flag: &ALWAYS, outer: ALWAYS.replace(always) };
    f()
}

/// Puts a flag back when an expansion ends, also by a panic: rustc catches a proc macro's panic
/// and runs the next expansion on the same thread, which must not inherit the flag.
struct Restore {
    flag: &'static std::thread::LocalKey<Cell<bool>>,
    outer: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        self.flag.set(self.outer);
    }
}

/// Whether the item being expanded is exported by this compilation.
pub(crate) fn here() -> bool {
    #[cfg(test)]
    if AS_LIBRARY.get() {
        return ALWAYS.get();
    }
    ALWAYS.get() || crate_builds_a_module()
}

#[cfg(test)]
thread_local! {
    /// Unit tests expanding as a library crate would.
    static AS_LIBRARY: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` as if this compilation built a library (`--crate-type lib`).
#[cfg(test)]
pub(crate) fn as_library<R>(f: impl FnOnce() -> R) -> R {
    let _restore = Restore { flag: &AS_LIBRARY, outer: AS_LIBRARY.replace(true) };
    f()
}

/// `tokens` if the item being expanded is exported here, else nothing.
pub(crate) fn only_if_exported(tokens: TokenStream) -> TokenStream {
    if here() { tokens } else { TokenStream::new() }
}

/// Whether the crate rustc is compiling builds a module (see the module docs).
pub(crate) fn crate_builds_a_module() -> bool {
    builds_a_module(these_crate_types())
}

/// The crate types of the compilation the macro runs in (read once).
fn these_crate_types() -> &'static [String] {
    static TYPES: OnceLock<Vec<String>> = OnceLock::new();
    TYPES.get_or_init(|| crate_types(expand_arg_files(std::env::args_os().skip(1))))
}

/// Whether the crate is also built as a library another crate links (`lib` / `rlib`). Its object
/// files are then archive members, which wasm-ld links only when one of their symbols is used:
/// a `wasmrust` record beside code that every caller inlines would be left out.
pub(crate) fn crate_is_linked_into_others() -> bool {
    linked_into_others(these_crate_types())
}

fn linked_into_others(types: &[String]) -> bool {
    types.iter().any(|t| t == "lib" || t == "rlib")
}

/// The crate types a module is built from; the others (`lib`, `rlib`, `proc-macro`) are linked
/// into one.
const MODULE_TYPES: [&str; 4] = ["bin", "cdylib", "staticlib", "dylib"];

fn builds_a_module(types: &[String]) -> bool {
    types.is_empty() || types.iter().any(|t| MODULE_TYPES.contains(&t.as_str()))
}

/// The values of `--crate-type T`, `--crate-type=T` (each may be a comma-separated list).
fn crate_types(args: Vec<OsString>) -> Vec<String> {
    let mut types = Vec::new();
    let mut args = args.into_iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--crate-type") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(value) = value {
            types.extend(value.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()));
        }
    }
    types
}

/// rustc's `@path` arguments (one argument per line), which cargo uses for long command lines.
fn expand_arg_files(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    for arg in args {
        match arg.to_str().and_then(|a| a.strip_prefix('@')).map(std::fs::read_to_string) {
            Some(Ok(text)) => out.extend(text.lines().map(OsString::from)),
            _ => out.push(arg),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(args: &[&str]) -> Vec<String> {
        crate_types(args.iter().map(OsString::from).collect())
    }

    #[test]
    fn reads_every_spelling_of_the_crate_types() {
        assert_eq!(types(&["--crate-name", "a", "--crate-type", "lib", "--emit=link"]), ["lib"]);
        assert_eq!(types(&["--crate-type=cdylib", "--crate-type", "rlib"]), ["cdylib", "rlib"]);
        assert_eq!(types(&["--crate-type", "cdylib,rlib"]), ["cdylib", "rlib"]);
        assert!(types(&["--edition=2024", "src/lib.rs", "--test"]).is_empty());
    }

    #[test]
    fn a_module_is_built_from_a_cdylib_a_bin_or_no_crate_type() {
        let module = |args: &[&str]| builds_a_module(&types(args));
        assert!(module(&["--crate-type", "cdylib"]));
        assert!(module(&["--crate-type", "cdylib", "--crate-type", "rlib"]));
        assert!(module(&["--crate-type", "bin"]));
        assert!(module(&["--test"]), "rustc's default crate type is `bin`");
        assert!(!module(&["--crate-type", "lib"]));
        assert!(!module(&["--crate-type", "rlib"]));
        assert!(!module(&["--crate-type=proc-macro"]));
    }

    #[test]
    fn a_crate_built_as_a_library_is_linked_into_others() {
        let linked = |args: &[&str]| linked_into_others(&types(args));
        assert!(linked(&["--crate-type", "lib"]));
        assert!(linked(&["--crate-type", "cdylib,rlib"]));
        assert!(!linked(&["--crate-type", "cdylib"]));
        assert!(!linked(&["--test"]));
    }

    #[test]
    fn argument_files_are_expanded() {
        let dir = std::env::temp_dir().join(format!("wasmrust-argfile-{}", std::process::id()));
        std::fs::write(&dir, "--crate-type\nlib\n").expect("write");
        let at = OsString::from(format!("@{}", dir.display()));
        let args = expand_arg_files([OsString::from("-O"), at].into_iter());
        let _ = std::fs::remove_file(&dir);
        assert!(!builds_a_module(&crate_types(args)));
    }

    #[test]
    fn always_holds_for_one_item_only() {
        assert!(with_item(true, here));
        assert_eq!(here(), crate_builds_a_module());
        assert!(with_item(true, || only_if_exported(quote::quote!(x))).to_string() == "x");
    }

    #[test]
    fn a_panicking_expansion_does_not_leave_always_set() {
        let caught = std::panic::catch_unwind(|| with_item(true, || panic!("expansion failed")));
        assert!(caught.is_err());
        assert!(!ALWAYS.get());
        let caught = std::panic::catch_unwind(|| as_library(|| panic!("expansion failed")));
        assert!(caught.is_err());
        assert!(!AS_LIBRARY.get());
    }
}
