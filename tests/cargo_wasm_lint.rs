//! End-to-end: the real `cargo wasm-lint` (the installed-style binary pair) on the crates in
//! `examples/`, and its answers to bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn example() -> PathBuf {
    repo().join("examples/canvas/Cargo.toml")
}

/// One target dir for these tests, so the example's dependencies are checked once.
fn shared_target() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    base.join("e2e-cargo-wasm-lint")
}

/// `cargo-wasm-lint` as cargo runs it, without the library path `cargo test` sets up: the
/// binaries must find `librustc_driver` on their own.
fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"));
    cmd.arg("wasm-lint").env_remove("RUSTFLAGS").env_remove("LD_LIBRARY_PATH");
    cmd
}

fn cargo_wasm_lint(args: &[&str]) -> Output {
    command().args(args).output().expect("run cargo-wasm-lint")
}

/// A scratch project under the shared target dir: `files` are (relative path, contents).
fn scratch_project(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = shared_target().join(name);
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

fn wasm_dep() -> String {
    format!("wasm = {{ path = {:?} }}", repo().join("crates/wasm").canonicalize().unwrap())
}

fn lint_example(extra: &[&str]) -> Output {
    let manifest = example();
    let target = shared_target();
    let mut args = vec!["--manifest-path", manifest.to_str().unwrap(), "--target-dir", target.to_str().unwrap()];
    args.extend_from_slice(extra);
    cargo_wasm_lint(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn clean_example_passes() {
    let out = lint_example(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

#[test]
fn leak_fails_with_the_lint_and_its_help() {
    let out = lint_example(&["--features", "demo-leak"]);
    assert_eq!(out.status.code(), Some(101), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error: `other` (linear `CanvasContext`) is dropped without being consumed"), "{err}");
    assert!(err.contains("created here"), "{err}");
    assert!(err.contains("consume it with one of `CanvasContext::into_bitmap`, `CanvasContext::release`"), "{err}");
}

#[test]
fn json_messages_carry_the_lint_code() {
    let out = lint_example(&["--features", "demo-leak", "--message-format=json"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let message = stdout
        .lines()
        .find(|l| l.contains(r#""code":"wasm_lint::linear_not_consumed""#))
        .unwrap_or_else(|| panic!("no JSON message for the lint in:\n{stdout}"));
    assert!(message.contains(r#""level":"error""#), "{message}");
    assert!(message.contains(r#""file_name":"src/lib.rs""#), "{message}");
}

#[test]
fn lint_levels_after_double_dash() {
    let allowed = lint_example(&["--features", "demo-leak", "--", "-A", "wasm_lint::linear_not_consumed"]);
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    assert!(!stderr(&allowed).contains("linear_not_consumed"));

    let warned = lint_example(&["--features", "demo-leak", "--", "-Wwasm_lint::linear_not_consumed"]);
    assert!(warned.status.success(), "{}", stderr(&warned));
    assert!(stderr(&warned).contains("warning: `other` (linear `CanvasContext`)"), "{}", stderr(&warned));
}

#[test]
fn lints_the_wasm32_target() {
    let out = lint_example(&["--features", "demo-leak", "--target", "wasm32-unknown-unknown"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("`other` (linear `CanvasContext`)"), "{}", stderr(&out));
}

#[test]
fn uses_its_own_target_dir_by_default() {
    let project = scratch_project(
        "own-dir",
        &[
            ("Cargo.toml", format!("[package]\nname = \"own-dir\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[workspace]\n[dependencies]\n{}\n", wasm_dep())),
            ("src/lib.rs", "#[wasm::linear] pub struct R(wasm::Handle);\npub fn leak(r: R) {}\n".into()),
        ],
    );
    let out = command().current_dir(&project).env_remove("CARGO_TARGET_DIR").output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("`r` (linear `R`) is dropped without being consumed"), "{}", stderr(&out));
    assert!(project.join("target/wasm-lint").is_dir(), "results must live in target/wasm-lint");
    assert!(!project.join("target/debug").exists(), "a normal build's cache must stay untouched");
}

#[test]
fn wraps_path_dependencies_outside_the_workspace() {
    // `dep` is a path dependency but not a workspace member: RUSTC_WORKSPACE_WRAPPER would skip
    // it, and its marks would be lost. It refuses to compile without the driver's cfg.
    let root = scratch_project(
        "path-dep",
        &[
            ("app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[workspace]\n[dependencies]\ndep = { path = \"../dep\" }\n".into()),
            ("app/src/lib.rs", "pub fn leak() { let _r = dep::open(); }\n".into()),
            ("dep/Cargo.toml", format!("[package]\nname = \"dep\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[dependencies]\n{}\n", wasm_dep())),
            (
                "dep/src/lib.rs",
                "#[cfg(not(wasm_lint))]\ncompile_error!(\"built without wasm-lint-driver\");\n#[wasm::linear] pub struct R(wasm::Handle);\npub fn open() -> R { R(wasm::Handle::from_raw(1).unwrap()) }\n".into(),
            ),
        ],
    );
    let target = shared_target();
    let out = command()
        .args(["--manifest-path", root.join("app/Cargo.toml").to_str().unwrap(), "--target-dir", target.to_str().unwrap()])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!err.contains("built without wasm-lint-driver"), "{err}");
    assert!(err.contains("`_r` (linear `R`) is dropped without being consumed"), "{err}");
}

#[test]
fn forwards_package_target_and_profile_selection() {
    for args in [&["-p", "canvas-demo", "--all-targets"][..], &["--workspace", "--lib"], &["--release"]] {
        let out = lint_example(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let unknown_package = lint_example(&["-p", "no-such-package"]);
    assert!(!unknown_package.status.success());
    assert!(stderr(&unknown_package).contains("no-such-package"), "{}", stderr(&unknown_package));
}

#[test]
fn outside_a_project_says_what_to_do() {
    let dir = std::env::temp_dir().join(format!("wasm-lint-nowhere-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = command().current_dir(&dir).output().unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("must run inside a Cargo project") && err.contains("--manifest-path"), "{err}");
}

#[test]
fn unknown_flag_says_what_to_do() {
    let out = cargo_wasm_lint(&["--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown option `--frobnicate`") && err.contains("--help"), "{err}");
}

#[test]
fn missing_toolchain_says_what_to_install() {
    let out = command()
        .arg("--manifest-path")
        .arg(example())
        .env("WASM_LINT_SYSROOT", "/nonexistent/toolchain")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("is not installed") && err.contains("rustup toolchain install nightly-"), "{err}");
}

#[test]
fn driver_without_arguments_prints_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_wasm-lint-driver")).env_remove("LD_LIBRARY_PATH").output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Usage") || stderr(&out).contains("cargo wasm-lint"), "{}", stderr(&out));
}

#[test]
fn help_and_version() {
    let help = cargo_wasm_lint(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("cargo wasm-lint [CARGO CHECK OPTIONS]"));
    let version = cargo_wasm_lint(&["--version"]);
    assert!(String::from_utf8_lossy(&version.stdout).contains("toolchain nightly-"));
}

#[test]
fn memory_map_of_a_real_module() {
    let target = shared_target().join("mem");
    let build = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["build", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(example())
        .arg("--target-dir")
        .arg(&target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    let wasm = target.join("wasm32-unknown-unknown/release/canvas_demo.wasm");
    let out = command().arg("mem").arg(&wasm).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let map = String::from_utf8_lossy(&out.stdout);
    for part in ["memory 0: initial", "stack: 0x", "data segments:", ".rodata", "heap base (__heap_base)"] {
        assert!(map.contains(part), "missing {part:?} in:\n{map}");
    }

    let not_wasm = command().arg("mem").arg(repo().join("README.md")).output().unwrap();
    assert_eq!(not_wasm.status.code(), Some(2));
    assert_eq!(stderr(&not_wasm).lines().count(), 1, "{}", stderr(&not_wasm));
    let no_file = command().args(["mem"]).output().unwrap();
    assert!(stderr(&no_file).contains("usage: cargo wasm-lint mem <file.wasm>"), "{}", stderr(&no_file));
}

/// `cargo wasm-lint` on the crate at `manifest` in the shared target dir.
fn lint_manifest(manifest: &Path, extra: &[&str]) -> Output {
    let target = shared_target();
    let mut args = vec!["--manifest-path", manifest.to_str().unwrap(), "--target-dir", target.to_str().unwrap()];
    args.extend_from_slice(extra);
    cargo_wasm_lint(&args)
}

fn package(name: &str, deps: &str) -> String {
    format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[dependencies]\n{deps}\n")
}

/// A linear type, and a value of it dropped under an `allow` of the lint.
const ALLOWED: &str = "#[wasm::linear] pub struct R(pub wasm::Handle);\n\
    #[wasm::pure] pub fn open() -> R { R(wasm::Handle::from_raw(1).unwrap()) }\n\
    #[cfg_attr(wasm_lint, allow(wasm_lint::linear_not_consumed))]\n\
    pub fn allowed() { let _kept = open(); }\n";
/// [`ALLOWED`] and a linear value dropped in `leak`, which the lint must report.
const LEAK_AND_ALLOWED: &str = concat!(
    "#[wasm::linear] pub struct R(pub wasm::Handle);\n",
    "#[wasm::pure] pub fn open() -> R { R(wasm::Handle::from_raw(1).unwrap()) }\n",
    "#[cfg_attr(wasm_lint, allow(wasm_lint::linear_not_consumed))]\n",
    "pub fn allowed() { let _kept = open(); }\n",
    "pub fn leak() { let _leaked = open(); }\n",
);

#[test]
fn crates_forbidding_unstable_features_are_linted() {
    // rustls has `#![forbid(unstable_features)]`: the driver must not inject a feature. Here in
    // a workspace member and in a path dependency that is not a member, both using the marks.
    let root = scratch_project(
        "forbid-unstable",
        &[
            ("Cargo.toml", "[workspace]\nmembers = [\"app\"]\nresolver = \"3\"\n".into()),
            ("app/Cargo.toml", package("app", &format!("{}\ndep = {{ path = \"../dep\" }}", wasm_dep()))),
            (
                "app/src/lib.rs",
                format!("#![forbid(unstable_features)]\n{LEAK_AND_ALLOWED}pub fn leak_dep() {{ let _from_dep = dep::open(); }}\n"),
            ),
            ("dep/Cargo.toml", package("dep", &wasm_dep())),
            ("dep/src/lib.rs", format!("#![forbid(unstable_features)]\n{ALLOWED}")),
        ],
    );
    let out = lint_manifest(&root.join("Cargo.toml"), &["--workspace"]);
    let err = stderr(&out);
    assert!(!err.contains("unstable_features") && !err.contains("register_tool"), "{err}");
    // Both compiled with the tool (its `allow` resolved), their marks read: `R` of `dep` is linear in `app`.
    assert!(err.contains("Checking dep") && err.contains("Checking app"), "{err}");
    assert!(err.contains("`_leaked` (linear `R`) is dropped without being consumed"), "{err}");
    assert!(err.contains("`_from_dep` (linear `R`) is dropped without being consumed"), "{err}");
    assert!(!err.contains("_kept"), "{err}");
}

#[test]
fn warning_on_unstable_features_stays_silent() {
    let root = scratch_project(
        "warn-unstable",
        &[
            ("Cargo.toml", format!("{}[workspace]\n", package("warn-unstable", &wasm_dep()))),
            ("src/lib.rs", format!("#![warn(unstable_features)]\n{LEAK_AND_ALLOWED}")),
        ],
    );
    let out = lint_manifest(&root.join("Cargo.toml"), &["--", "-A", "wasm_lint::linear_not_consumed"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn crate_registering_the_tool_itself() {
    // A crate that registers `wasm_lint` for its nightly builds without the driver.
    let root = scratch_project(
        "registers-tool",
        &[
            ("Cargo.toml", format!("{}[workspace]\n", package("registers-tool", &wasm_dep()))),
            (
                "src/lib.rs",
                format!("#![feature(register_tool)]\n#![register_tool(wasm_lint)]\n{LEAK_AND_ALLOWED}\
                    #[allow(wasm_lint::linear_not_consumed)]\npub fn allowed_always() {{ let _kept = open(); }}\n"),
            ),
        ],
    );
    let out = lint_manifest(&root.join("Cargo.toml"), &[]);
    let err = stderr(&out);
    assert!(!err.contains("already"), "{err}");
    assert_eq!(err.matches("`_leaked` (linear `R`) is dropped without being consumed").count(), 1, "{err}");
    assert!(!err.contains("_kept"), "{err}");
}

#[test]
fn switching_host_rechecks_only_crates_it_changes() {
    // `plain` cannot change with the host; `cfg_host` reads it in a `cfg`; `exports` has an
    // export, which host profiles judge; `app` is the package asked for; the proc macro `pm`
    // runs at build time, where no host profile applies (as RUSTFLAGS under `--target`).
    let root = scratch_project(
        "host-toggle",
        &[
            (
                "app/Cargo.toml",
                format!(
                    "{}[workspace]\n",
                    package("app", "plain = { path = \"../plain\" }\ncfg_host = { path = \"../cfg_host\" }\npm = { path = \"../pm\" }\nexports = { path = \"../exports\" }")
                ),
            ),
            ("app/src/lib.rs", "pm::nothing!();\npub fn run() -> u32 { plain::one() + cfg_host::HOST.len() as u32 }\n".into()),
            ("exports/Cargo.toml", package("exports", "")),
            ("exports/src/lib.rs", "#[unsafe(no_mangle)]\npub extern \"C\" fn exported() -> u32 { 7 }\n".into()),
            ("pm/Cargo.toml", format!("{}[lib]\nproc-macro = true\n", package("pm", ""))),
            (
                "pm/src/lib.rs",
                "//! Names wasm_host only here.\nextern crate proc_macro;\n\
                 #[proc_macro] pub fn nothing(_: proc_macro::TokenStream) -> proc_macro::TokenStream { Default::default() }\n".into(),
            ),
            ("plain/Cargo.toml", package("plain", "")),
            ("plain/src/lib.rs", "pub fn one() -> u32 { 1 }\n".into()),
            ("cfg_host/Cargo.toml", package("cfg_host", "")),
            (
                "cfg_host/src/lib.rs",
                "#![allow(unexpected_cfgs)]\n#[cfg(wasm_host = \"wasi\")]\npub const HOST: &str = \"wasi\";\n\
                 #[cfg(not(wasm_host = \"wasi\"))]\npub const HOST: &str = \"other\";\n".into(),
            ),
        ],
    );
    let manifest = root.join("app/Cargo.toml");
    let checked = |host: &str| {
        let out = lint_manifest(&manifest, &["--host", host]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        let mut crates: Vec<String> = err
            .lines()
            .filter_map(|l| l.trim().strip_prefix("Checking ").or_else(|| l.trim().strip_prefix("Compiling ")))
            .map(|l| l.split(' ').next().unwrap().to_string())
            .collect();
        crates.sort();
        crates
    };
    let first = checked("browser");
    assert!(first.is_empty() || first.contains(&"plain".to_string()), "{first:?}");
    for host in ["wasi", "browser", "wasi"] {
        assert_eq!(checked(host), ["app", "cfg_host", "exports"], "switching to {host}");
    }
    assert!(checked("wasi").is_empty(), "nothing changed, nothing re-checked");
}

#[test]
fn near_miss_flag_suggests_the_option() {
    let out = cargo_wasm_lint(&["--effect"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown option `--effect`; did you mean `--effects`?"), "{err}");
}
