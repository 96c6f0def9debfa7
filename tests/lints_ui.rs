//! UI tests of the lints: every `tests/ui/*.rs` is compiled by the real `wasm-lint-driver` and
//! its diagnostics are compared with the `.stderr` file beside it; `//~` annotations pin each
//! expected lint to its line (a file whose lints only warn says `//@warn-only`, so the compiler's
//! success is expected). Bless new output with `WASM_LINT_BLESS=1 cargo test --test lints_ui`.
//!
//! Cases under `tests/ui/wasm32/` involve what only the wasm32 build of the `wasm` crate and of
//! wasm-bindgen does (their host imports exist only there): they are compiled twice, for the
//! host and for `wasm32-unknown-unknown` (against dependencies built for it), with the same
//! expectations, since both targets must give the same results.

use std::path::{Path, PathBuf};

use ui_test::custom_flags::edition::Edition;
use ui_test::custom_flags::rustfix::RustfixMode;
use ui_test::dependencies::DependencyBuilder;
use ui_test::diagnostics::Diagnostics;
use ui_test::status_emitter::StatusEmitter;
use ui_test::{Args, CommandBuilder, Config, bless_output_files, default_file_filter, default_per_file_config, run_tests_generic};

/// The target of the cases under `tests/ui/wasm32/`.
const WASM32: &str = "wasm32-unknown-unknown";

fn main() -> ui_test::Result<()> {
    let driver = PathBuf::from(env!("CARGO_BIN_EXE_wasm-lint-driver"));
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests").canonicalize()?;
    // ui_test resolves `//@aux-build` paths against the working directory.
    std::env::set_current_dir(tests.parent().unwrap())?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tests.parent().unwrap().join("target"));

    let args = Args::test()?;
    let emitter: Box<dyn StatusEmitter> = args.format.into();
    let mut host = config(&tests, &target, &driver, None);
    let mut wasm32 = config(&tests, &target, &driver, Some(WASM32));
    host.with_args(&args);
    wasm32.with_args(&args);
    let in_wasm32_dir = |path: &Path| path.components().any(|c| c.as_os_str() == "wasm32");
    run_tests_generic(
        vec![host, wasm32],
        move |path, config| {
            let wanted = config.target.as_deref() == Some(WASM32);
            default_file_filter(path, config).map(|run| run && (in_wasm32_dir(path) || !wanted))
        },
        default_per_file_config,
        emitter,
    )
}

/// The UI configuration for `target` (`None`: the host).
fn config(tests: &Path, target_dir: &Path, driver: &Path, target: Option<&str>) -> Config {
    let mut config = Config::rustc(tests.join("ui"));
    config.target = target.map(String::from);
    config.program.program = driver.to_path_buf();
    config.program.args.extend(["--emit=metadata".into(), "-Zui-testing".into()]);
    config.out_dir = target_dir.join(match target {
        Some(t) => format!("lints_ui-{t}"),
        None => "lints_ui".to_string(),
    });
    config.path_stderr_filter(&tests.join("ui"), "$DIR");
    if std::env::var_os("WASM_LINT_BLESS").is_some() {
        config.output_conflict_handling = bless_output_files;
    }
    config.bless_command = Some("WASM_LINT_BLESS=1 cargo test --test lints_ui".into());
    // `//@warn-only`: the file's lints only warn, so the compiler succeeds; every warning must
    // still be annotated (`//~ WARN:`), unlike `//@check-pass`, which allows no annotations.
    config.custom_comments.insert("warn-only", |parser, _args, span| {
        let _ = parser.exit_status.set(0, span);
    });
    config.diagnostic_extractor = diagnostics;
    let defaults = config.comment_defaults.base();
    defaults.set_custom("edition", Edition("2024".into()));
    defaults.set_custom("rustfix", RustfixMode::Disabled);
    defaults.set_custom(
        "dependencies",
        DependencyBuilder {
            crate_manifest_path: tests.join("ui-deps/Cargo.toml"),
            program: CommandBuilder {
                args: vec!["build".into()],
                envs: vec![("RUSTC_WRAPPER".into(), Some(driver.as_os_str().to_owned()))],
                ..CommandBuilder::cargo()
            },
            ..DependencyBuilder::default()
        },
    );
    config
}

/// rustc's diagnostics, less its closing "N warnings emitted": a summary, not a finding, so
/// `//~ WARN` files need no annotation for it.
fn diagnostics(path: &Path, stderr: &[u8]) -> Diagnostics {
    let mut found = ui_test::diagnostics::rustc::rustc_diagnostics_extractor(path, stderr);
    let summary = |m: &str| {
        m.strip_suffix(" warnings emitted")
            .or_else(|| m.strip_suffix(" warning emitted"))
            .is_some_and(|count| count.parse::<u32>().is_ok())
    };
    found.messages_from_unknown_file_or_line.retain(|m| !summary(&m.message));
    found
}
