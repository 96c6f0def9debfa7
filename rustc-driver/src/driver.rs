//! `wasm-lint-driver`: rustc with the WasmRust lints registered.
//!
//! Cargo runs it as `RUSTC_WRAPPER` (see `cargo-wasm-lint`), i.e. as
//! `wasm-lint-driver path/to/rustc <rustc args>`. Every crate it compiles gets `--cfg wasm_lint` and
//! the `wasm_lint` tool, so the marks the `wasm` macros leave are compiled in and encoded in
//! metadata (dependencies included). Lints run only on crates cargo does not cap
//! (`--cap-lints allow` marks registry dependencies).
//!
//! The tool is registered by overriding rustc's `registered_tools` query, not by injecting
//! `#![feature(register_tool)]`: an injected feature would trip a crate's own
//! `#![forbid(unstable_features)]` and collide with a crate that enables `register_tool` itself.
#![feature(rustc_private)]

extern crate rustc_ast;
extern crate rustc_driver;
extern crate rustc_interface;
extern crate rustc_parse;
extern crate rustc_middle;
extern crate rustc_session;
extern crate rustc_span;
extern crate rustc_hir;

// Overrides malloc/free process-wide, as in rustc's own binary (a `#[global_allocator]` would not
// cover LLVM or the C side); the `use` keeps the crate linked.
#[cfg(feature = "jemalloc")]
use tikv_jemalloc_sys as _;

mod component_exports;
mod env_names;
mod wit_emit;
mod wit_glue;
mod wit_world;

use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

use rustc_hir::def_id::LOCAL_CRATE;
use rustc_interface::interface::Config;
use rustc_middle::ty::{RegisteredTools, TyCtxt};
use rustc_middle::util::Providers;
use rustc_session::config::ErrorOutputType;
use rustc_session::{EarlyDiagCtxt, Session};
use rustc_span::{Ident, Symbol};

const BUG_REPORT_URL: &str = "https://github.com/wasmrust/wasmrust/issues/new?labels=driver-ice";

use env_names::{COMPONENT, COMPONENT_GLUE, FLAGS as FLAGS_ENV, HOST as HOST_ENV, WIT_DIR};

// The lints read these under their own constants; a renamed one fails the driver's build.
const _: () = assert!(same(WIT_DIR, wasm_lints::wit::WIT_DIR_ENV));
const _: () = assert!(same(env_names::EFFECTS_DIR, wasm_lints::effects::EFFECTS_DIR_ENV));

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
/// The lint tool every crate gets registered (`wasm_lint::linear_not_consumed`).
const TOOL: &str = "wasm_lint";

const USAGE: &str = "\
wasm-lint-driver: rustc with the WasmRust lints (wasm_lint::*) registered.

It is not meant to be run by hand. Run the lints on a crate with

    cargo wasm-lint [cargo check options] [-- -D|-W|-A wasm_lint::LINT ...]

which runs `cargo check` with this driver as RUSTC_WRAPPER. Direct use takes rustc's arguments:

    wasm-lint-driver [path/to/rustc] <rustc arguments>
";

struct WasmLintCallbacks {
    /// The glue module this crate gets (`COMPONENT_GLUE`, for the primary package's library).
    component_glue: Option<String>,
    run_lints: bool,
    /// `WASM_LINT_FLAGS` as read; only linted crates get (and track) it.
    lint_flags: Option<String>,
    /// `WASM_LINT_HOST` as read (tracked as is, so cargo sees no change when it has none).
    host_env: Option<String>,
    /// False for code that runs on the build machine, which the host profile does not apply to.
    host_applies: bool,
    /// Whether the component build's variables can change this crate (`component_exports`).
    component_applies: bool,
}

impl rustc_driver::Callbacks for WasmLintCallbacks {
    fn config(&mut self, config: &mut Config) {
        // Cargo must recompile when this driver changes, or it would replay stale results.
        config.track_state = Some(Box::new(|sess| {
            if let Ok(exe) = std::env::current_exe() {
                sess.file_depinfo.borrow_mut().insert(Symbol::intern(&exe.to_string_lossy()));
            }
        }));

        let previous = config.register_lints.take();
        let run_lints = self.run_lints;
        config.register_lints = Some(Box::new(move |sess, store| {
            if let Some(previous) = &previous {
                previous(sess, store);
            }
            // Registered even when capped, so `allow(wasm_lint::..)` attributes resolve.
            wasm_lints::register_lints(sess, store, run_lints);
        }));
        config.override_queries =
            Some(if self.run_lints { override_queries_linted } else { override_queries_capped });
    }

    fn after_crate_root_parsing(
        &mut self,
        compiler: &rustc_interface::interface::Compiler,
        krate: &mut rustc_ast::Crate,
    ) -> rustc_driver::Compilation {
        if let Some(glue) = &self.component_glue {
            inject_module(&compiler.sess, krate, glue);
        }
        rustc_driver::Compilation::Continue
    }

    fn after_expansion<'tcx>(
        &mut self,
        _compiler: &rustc_interface::interface::Compiler,
        tcx: TyCtxt<'tcx>,
    ) -> rustc_driver::Compilation {
        // Cargo reruns a crate when an env var it depends on changes, and replays its output
        // otherwise. The options are env vars only where they can change this crate's output, so
        // switching `--host` or a lint level re-checks those crates, not the whole graph.
        // (Dep-info is written right after this callback.)
        let mut env_deps = tcx.sess.env_depinfo.borrow_mut();
        if self.run_lints {
            env_deps.insert((Symbol::intern(FLAGS_ENV), self.lint_flags.as_deref().map(Symbol::intern)));
        }
        // Every crate built for the component: its JS entry points are not exported (`component_exports`).
        for name in [COMPONENT, COMPONENT_GLUE].into_iter().filter(|_| self.component_applies) {
            let value = std::env::var(name).ok();
            env_deps.insert((Symbol::intern(name), value.as_deref().map(Symbol::intern)));
        }
        if self.run_lints && std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some() {
            // `cargo wasm-lint wit` / `component` write this package's WIT (and judge its exports).
            let dir = std::env::var(WIT_DIR).ok();
            env_deps.insert((Symbol::intern(WIT_DIR), dir.as_deref().map(Symbol::intern)));
        }
        if self.host_applies && host_changes_output(tcx, self.run_lints) {
            env_deps.insert((Symbol::intern(HOST_ENV), self.host_env.as_deref().map(Symbol::intern)));
        }
        rustc_driver::Compilation::Continue
    }

    fn after_analysis<'tcx>(
        &mut self,
        _compiler: &rustc_interface::interface::Compiler,
        tcx: TyCtxt<'tcx>,
    ) -> rustc_driver::Compilation {
        // Every crate, capped or not, leaves its effect summary for the crates above it.
        wasm_lints::write_effects_side_file(tcx);
        // Not in the build that compiles the glue in: its world was derived by the check before.
        if self.run_lints && self.component_glue.is_none() && wasm_lints::wit::builds_component() {
            wit_emit::write(tcx);
        }
        rustc_driver::Compilation::Continue
    }
}

/// Whether the host profile can change what compiling this crate produces: its own source names
/// `wasm_host` (a `cfg`, or a proc macro that emits one; comments count too, which only costs a
/// re-check), or its lints run and it has exports, which host profiles judge, or it is a package
/// cargo was asked to check (its effect listing names the host). A crate whose dependency
/// depends on the host is rebuilt by cargo anyway when that dependency is.
fn host_changes_output(tcx: TyCtxt<'_>, run_lints: bool) -> bool {
    if run_lints && std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some() {
        return true;
    }
    let files = tcx.sess.source_map().files();
    let names_host = files
        .iter()
        .filter(|file| file.cnum == LOCAL_CRATE)
        .any(|file| file.src.as_deref().is_none_or(|src| src.contains("wasm_host")));
    names_host || (run_lints && has_exports(tcx))
}

/// Whether the expanded crate has an item with an export attribute: `#[no_mangle]`,
/// `#[export_name]` (what `#[wasm_bindgen]` generates too) or the mark `#[wasm::export]` leaves.
fn has_exports(tcx: TyCtxt<'_>) -> bool {
    use rustc_ast::visit::{self, Visitor};
    struct Finder(bool);
    impl<'ast> Visitor<'ast> for Finder {
        fn visit_attribute(&mut self, attr: &'ast rustc_ast::Attribute) {
            let path = attr.path();
            self.0 |= matches!(path.as_slice(), [name] if matches!(name.as_str(), "no_mangle" | "export_name"))
                || matches!(path.as_slice(), [tool, name] if tool.as_str() == TOOL && name.as_str() == "export");
            visit::walk_attribute(self, attr);
        }
    }
    let mut finder = Finder(false);
    let resolver = tcx.resolver_for_lowering().borrow();
    visit::walk_crate(&mut finder, &resolver.1);
    finder.0
}

/// rustc's own `registered_tools`, extended by ours.
static RUSTC_REGISTERED_TOOLS: OnceLock<fn(TyCtxt<'_>, ()) -> RegisteredTools> = OnceLock::new();

/// The crate's registered tools plus `wasm_lint`. A crate may register `wasm_lint` itself
/// (`#![register_tool(wasm_lint)]` for builds without the driver): the set then has it already.
fn registered_tools(tcx: TyCtxt<'_>, (): ()) -> RegisteredTools {
    let rustc = RUSTC_REGISTERED_TOOLS.get().expect("providers installed before any query");
    let mut tools = rustc(tcx, ());
    tools.insert(Ident::with_dummy_span(Symbol::intern(TOOL)));
    tools
}

fn register_tool(providers: &mut Providers) {
    let _ = RUSTC_REGISTERED_TOOLS.set(providers.queries.registered_tools);
    providers.queries.registered_tools = registered_tools;
}

fn override_queries_capped(_sess: &Session, providers: &mut Providers) {
    register_tool(providers);
    component_exports::install(providers);
}

fn override_queries_linted(sess: &Session, providers: &mut Providers) {
    register_tool(providers);
    component_exports::install(providers);
    wasm_lints::override_queries(sess, providers);
}

fn main() -> ExitCode {
    let early_dcx = EarlyDiagCtxt::new(ErrorOutputType::default());
    rustc_driver::init_rustc_env_logger(&early_dcx);
    rustc_driver::install_ice_hook(BUG_REPORT_URL, |_| ());

    let mut args = rustc_driver::args::raw_args(&early_dcx);
    // As a wrapper, cargo passes the rustc it would have run; we are that rustc.
    if args.get(1).is_some_and(|a| Path::new(a).file_stem().is_some_and(|s| s == "rustc")) {
        args.remove(1);
    }
    if args.len() <= 1 {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    if is_probe(&args) {
        // `-vV`, `--print cfg`, ...: answer exactly as plain rustc would.
        return rustc_driver::catch_with_exit_code(|| {
            rustc_driver::run_compiler(&args, &mut rustc_driver::TimePassesCallbacks::default())
        });
    }

    let run_lints = !lints_capped(&args);
    args.extend(
        [
            "--cfg=wasm_lint",
            // `wasm_lint = "component"` / `"component_dependency"`: set for a component build
            // from Rust exports (below), on the glue crate / the crates it links; the
            // `#[wasm::import]` wrappers name them under the driver in every build.
            "--check-cfg=cfg(wasm_lint, values(none(), \"component\", \"component_dependency\"))",
        ]
        .map(String::from),
    );
    // A tracked option that names this driver build (and expands to nothing): rustc drops its
    // incremental state when the driver changes, so no cached lint result or effect edge of
    // an older build is replayed.
    args.push(format!(
        "-Zcrate-attr=cfg_attr(false, wasm_lint::driver(\"{:016x}\"))",
        wasm_lints::utils::effects_cache::driver_build_id()
    ));
    let lint_flags = std::env::var(FLAGS_ENV).ok();
    if run_lints && let Some(flags) = &lint_flags {
        args.extend(flags.lines().filter(|l| !l.is_empty()).map(String::from));
    }
    // Proc macros and build scripts run on the build machine: like RUSTFLAGS under `--target`,
    // the host profile is not theirs (and switching it does not rebuild them).
    let host_applies = !runs_at_build_time(&args);
    // A component build passes `--target`, so cargo gives it to every crate of the component
    // and to none built for the build machine: proc macros, build scripts and the libraries
    // they use. Those are shared by the steps of `cargo wasm-lint component` (the deriving
    // check too, which does not set the variables), so tracking the variables there would
    // rebuild them, and everything above them, at each step.
    let component_applies = host_applies && arg_values(&args, "--target").next().is_some();
    component_exports::set_applies(component_applies);
    let host_env = std::env::var(HOST_ENV).ok();
    if let Some(host) = host_env.as_ref().filter(|h| host_applies && !h.is_empty()) {
        if let Some(other) = cfg_host(&args).filter(|other| other != host) {
            eprintln!(
                "error: `--host {host}` conflicts with `--cfg wasm_host=\"{other}\"` already in this build's flags (RUSTFLAGS or .cargo/config.toml); select one host profile"
            );
            return ExitCode::from(1);
        }
        if cfg_host(&args).is_none() {
            args.push(format!("--cfg=wasm_host=\"{host}\""));
        }
    }
    let component_glue = std::env::var(COMPONENT_GLUE)
        .ok()
        .filter(|g| !g.is_empty() && run_lints && std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some())
        .filter(|_| arg_values(&args, "--crate-type").any(|t| matches!(t, "cdylib" | "lib" | "rlib")));
    if component_exports::active() && component_glue.is_none() {
        // The JS entry points this build unexports are otherwise unused in dependencies.
        args.push("-Adead_code".into());
    }
    // A crate the glue crate links (the build that compiles the glue in): its `#[wasm::import]`
    // wrappers call the symbols the glue defines (wasm_lints::wit::imports).
    let linked_into_glue = component_exports::active()
        && component_glue.is_none()
        && std::env::var_os(COMPONENT_GLUE).is_some_and(|g| !g.is_empty());
    if component_exports::active() {
        component_exports::adjust_args(&mut args, component_glue.is_some(), linked_into_glue);
    }
    if component_glue.is_some() {
        // `#[wasm::import]` wrappers call the component's imports under this cfg.
        args.push("--cfg=wasm_lint=\"component\"".into());
    }
    if linked_into_glue {
        args.push("--cfg=wasm_lint=\"component_dependency\"".into());
    }
    let mut callbacks =
        WasmLintCallbacks { component_glue, run_lints, lint_flags, host_env, host_applies, component_applies };
    rustc_driver::catch_with_exit_code(|| rustc_driver::run_compiler(&args, &mut callbacks))
}

/// The value of a `--cfg wasm_host="..."` already among rustc's arguments.
fn cfg_host(args: &[String]) -> Option<String> {
    let cfgs = args.windows(2).filter(|w| w[0] == "--cfg").map(|w| w[1].as_str());
    let inline = args.iter().filter_map(|a| a.strip_prefix("--cfg="));
    cfgs.chain(inline)
        .filter_map(|c| c.strip_prefix("wasm_host="))
        .map(|v| v.trim_matches('"').to_string())
        .next()
}

/// A query about the compiler rather than a compilation.
fn is_probe(args: &[String]) -> bool {
    args.iter().skip(1).any(|a| {
        matches!(a.as_str(), "-vV" | "-V" | "--version" | "-h" | "--help")
            || a == "--print"
            || a.starts_with("--print=")
    })
}

/// A proc-macro crate or a build script.
fn runs_at_build_time(args: &[String]) -> bool {
    arg_values(args, "--crate-type").any(|t| t == "proc-macro")
        || arg_values(args, "--crate-name").any(|n| n == "build_script_build")
}

/// The values of `flag` among rustc's arguments (`--flag V` or `--flag=V`).
fn arg_values<'a>(args: &'a [String], flag: &'a str) -> impl Iterator<Item = &'a str> {
    let separate = args.windows(2).filter(move |w| w[0] == flag).map(|w| w[1].as_str());
    let inline = args.iter().filter_map(move |a| a.strip_prefix(flag)?.strip_prefix('='));
    separate.chain(inline)
}

/// Whether cargo capped this crate's lints (`--cap-lints allow`: a non-path dependency).
fn lints_capped(args: &[String]) -> bool {
    args.windows(2).any(|w| w[0] == "--cap-lints" && w[1] == "allow")
        || args.iter().any(|a| a == "--cap-lints=allow")
}

/// Adds `#[path = "<glue>"] mod __wasmrust_component;` to the crate root.
fn inject_module(sess: &Session, krate: &mut rustc_ast::Crate, glue: &str) {
    use rustc_parse::parser::{AllowConstBlockItems, ForceCollect};
    let source = format!("#[path = {glue:?}] mod {};", wit_glue::MODULE);
    let name = rustc_span::FileName::Custom("cargo wasm-lint component".into());
    match rustc_parse::new_parser_from_source_str(&sess.psess, name, source, rustc_parse::lexer::StripTokens::Nothing) {
        Ok(mut parser) => match parser.parse_item(ForceCollect::No, AllowConstBlockItems::DoesNotMatter) {
            Ok(Some(item)) => krate.items.push(item),
            Ok(None) => {}
            Err(diag) => {
                diag.emit();
            }
        },
        Err(diags) => {
            for diag in diags {
                diag.emit();
            }
        }
    }
}
