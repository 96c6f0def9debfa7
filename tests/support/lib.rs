//! Helpers shared by the end-to-end tests: where things are, building the wasm fixture crates
//! under `tests/fixtures/crates/*`, and running real hosts (Node; wasmtime lives in the tests that
//! need it).
//!
//! Fixtures are built with the same `cargo` that runs the tests, into `target/fixtures[-variant]`,
//! so the outer `cargo test` never waits on them and each variant (e.g. a `--cfg` set) keeps its
//! own cache.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent")
}

/// The cargo target directory the tests run from (`CARGO_TARGET_DIR` or `<root>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { repo_root().join(p) })
        .unwrap_or_else(|| repo_root().join("target"))
}

/// A `cargo` command: the cargo running these tests when known, else the one on `PATH`.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    // The outer `cargo test` may export flags meant for the host build; fixtures choose their own.
    for var in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "RUSTC_WRAPPER", "RUSTC_WORKSPACE_WRAPPER"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs a command, panicking with its full output if it fails.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{cmd:?} failed with {}\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// How to build a fixture crate for `wasm32-unknown-unknown`.
#[derive(Clone, Debug, Default)]
pub struct WasmBuild<'a> {
    /// Package name of a crate under `tests/fixtures/crates/`.
    pub package: &'a str,
    /// Cargo features to enable.
    pub features: &'a [&'a str],
    /// Extra `RUSTFLAGS` (e.g. `--cfg wasm_host="wasi"`). A build with flags gets its own target
    /// directory, keyed by `variant`.
    pub rustflags: &'a str,
    /// Name of the target-directory variant; required when `rustflags` is not empty.
    pub variant: &'a str,
    /// Build the debug profile instead of release.
    pub debug: bool,
}

impl WasmBuild<'_> {
    /// Builds the fixture and returns the path of its `.wasm` (cdylib) output.
    pub fn build(&self) -> PathBuf {
        assert!(
            self.rustflags.is_empty() || !self.variant.is_empty(),
            "a build with rustflags needs its own variant name"
        );
        let dir_name = if self.variant.is_empty() {
            "fixtures".to_string()
        } else {
            format!("fixtures-{}", self.variant)
        };
        let target = target_dir().join(dir_name);
        let manifest = repo_root().join("tests/fixtures/Cargo.toml");
        let mut cmd = cargo();
        cmd.args(["build", "--target", "wasm32-unknown-unknown", "-p", self.package])
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target);
        if !self.debug {
            cmd.arg("--release");
        }
        if !self.features.is_empty() {
            cmd.arg("--features").arg(self.features.join(","));
        }
        if !self.rustflags.is_empty() {
            cmd.env("RUSTFLAGS", self.rustflags);
        }
        run_ok(&mut cmd);
        let profile = if self.debug { "debug" } else { "release" };
        target
            .join("wasm32-unknown-unknown")
            .join(profile)
            .join(format!("{}.wasm", self.package.replace('-', "_")))
    }
}

/// Builds the standalone example `examples/<dir>` for wasm32 (release) into a target dir of the
/// test suite's own (`<target>/e2e-<dir>`); returns the path of `<artifact>.wasm`.
pub fn build_example(dir: &str, artifact: &str) -> PathBuf {
    let target = target_dir().join(format!("e2e-{dir}"));
    run_ok(
        cargo()
            .args(["build", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path"])
            .arg(repo_root().join("examples").join(dir).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target),
    );
    target.join(format!("wasm32-unknown-unknown/release/{artifact}.wasm"))
}

/// Builds a fixture crate with default settings (release, no features).
pub fn build_wasm(package: &str) -> PathBuf {
    WasmBuild { package, ..Default::default() }.build()
}

/// A `node` command with warnings about experimental features silenced.
pub fn node() -> Command {
    let mut cmd = Command::new("node");
    cmd.arg("--no-warnings");
    cmd
}

/// Runs `node <script> <args>` and returns its stdout, panicking with the output on failure.
pub fn run_node(script: &Path, args: &[&std::ffi::OsStr]) -> String {
    let out = run_ok(node().arg(script).args(args));
    String::from_utf8(out.stdout).expect("node printed UTF-8")
}

/// Runs a `node:test` file (`node --test <script>`) with `env`, and returns how many tests
/// passed; panics with Node's report if any failed or none ran.
pub fn run_node_tests(script: &Path, env: &[(&str, &std::ffi::OsStr)]) -> usize {
    let mut cmd = node();
    cmd.arg("--test").arg("--test-reporter=tap").arg(script);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let report = String::from_utf8_lossy(&out.stdout);
    let count = |key: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("# {key} ")))
            .and_then(|n| n.trim().parse::<usize>().ok())
    };
    let (pass, fail) = (count("pass"), count("fail"));
    if !out.status.success() || fail != Some(0) || pass.unwrap_or(0) == 0 {
        panic!(
            "{} failed ({}):\n{report}\n--- stderr\n{}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    pass.unwrap_or(0)
}

/// The browsers `tests/e2e/browser.mjs` drives (`$BROWSER`): Debian's headless Chromium and
/// Firefox ESR, both installed by `.ci/setup`.
pub const BROWSERS: [&str; 2] = ["chromium", "firefox"];

/// Loads `page` (a path of this repository, with its query) in `browser` through
/// `tests/e2e/browser.mjs` and returns the JSON line the page reported.
pub fn run_browser_page(browser: &str, page: &str) -> String {
    let out = run_ok(
        node()
            .arg(repo_root().join("tests/e2e/browser.mjs"))
            .arg(page)
            .env("BROWSER", browser),
    );
    String::from_utf8(out.stdout).expect("node printed UTF-8")
}

/// `tests/e2e/dts/{program}.mts` compiled by `tsc --strict` beside `declared` (written as
/// `{module}.d.ts`, what the program imports as `./{module}.js`), with each of its
/// `@ts-expect-error` lines proved an error of its own once the directive is gone. Returns the
/// compiled program (`out/{program}.mjs`).
pub fn tsc_checked(dir: &Path, program: &str, module: &str, declared: &str) -> PathBuf {
    let tsc = repo_root().join("tests/e2e/node_modules/typescript/bin/tsc");
    assert!(tsc.exists(), "TypeScript is not installed in tests/e2e: run .ci/setup (npm ci there)");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create the output directory");
    std::fs::write(dir.join(format!("{module}.d.ts")), declared).expect("write the declarations");
    let usage = std::fs::read_to_string(repo_root().join(format!("tests/e2e/dts/{program}.mts"))).expect("read the program");
    let usage = usage.replace("RUNTIME", &repo_root().join("crates/wasm/js").to_string_lossy());
    let tsc_run = |file: &str, emit: bool| {
        let mut cmd = node();
        cmd.arg(&tsc).args(["--strict", "--target", "es2022", "--module", "nodenext", "--lib", "es2022,dom,esnext.disposable"]);
        if emit {
            cmd.arg("--outDir").arg(dir.join("out"));
        } else {
            cmd.arg("--noEmit");
        }
        cmd.arg(dir.join(file)).output().expect("run tsc")
    };
    std::fs::write(dir.join(format!("{program}.mts")), &usage).expect("write the program");
    let out = tsc_run(&format!("{program}.mts"), true);
    assert!(out.status.success(), "tsc rejected the program:\n{}", String::from_utf8_lossy(&out.stdout));
    std::fs::write(dir.join("bare.mts"), usage.replace("// @ts-expect-error", "//")).expect("write");
    let report = String::from_utf8_lossy(&tsc_run("bare.mts", false).stdout).to_string();
    let errors = report.lines().filter(|l| l.contains("error TS")).count();
    assert_eq!(errors, usage.matches("// @ts-expect-error").count(), "one error per @ts-expect-error line:\n{report}");
    dir.join("out").join(format!("{program}.mjs"))
}

/// Runs a program [`tsc_checked`] compiled: its `run(bytes, codegen)` on the module `wasm`;
/// fails unless it returns.
pub fn run_typed_program(program: &Path, wasm: &Path, codegen: bool) {
    let runner = "const [program, wasm, codegen] = process.argv.slice(1); const { run } = await import(program); \
        await run(new Uint8Array(await (await import('node:fs/promises')).readFile(wasm)), codegen === '1'); console.log('ran');";
    let codegen = if codegen { "1" } else { "0" };
    let ran = run_ok(node().args(["--input-type=module", "-e", runner]).arg(program).arg(wasm).arg(codegen));
    assert_eq!(String::from_utf8_lossy(&ran.stdout).trim(), "ran", "codegen {codegen}");
}
