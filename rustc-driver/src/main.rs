//! `cargo wasm-lint`: runs `cargo check` with `wasm-lint-driver` as the compiler wrapper.
//!
//! Install with `cargo install --locked --path rustc-driver` from the repository root (the
//! pinned nightly is selected by `rust-toolchain.toml`). Both binaries land beside each other;
//! this one finds the driver there and needs no environment.

mod cli;
mod compat;
mod component;
mod component_derived;
mod effects;
mod env_names;
mod mem_map;
mod wit_cmd;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use cli::Check;

/// The toolchain the driver links against (`rust-toolchain.toml`'s channel).
const TOOLCHAIN: &str = env!("WASM_LINT_TOOLCHAIN");
/// Its sysroot when the driver was built; `WASM_LINT_SYSROOT` overrides it (a moved toolchain).
const BUILD_SYSROOT: &str = env!("WASM_LINT_BUILD_SYSROOT");

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // Cargo runs `cargo-wasm-lint wasm-lint <args>`.
    if args.first().is_some_and(|a| a == "wasm-lint") {
        args.remove(0);
    }
    let result = match cli::parse(&args) {
        Ok(cli::Command::Help) => {
            print!("{}", cli::HELP);
            Ok(ExitCode::SUCCESS)
        }
        Ok(cli::Command::Version) => {
            println!("cargo-wasm-lint {} (toolchain {TOOLCHAIN})", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Ok(cli::Command::MemoryMap(args)) => mem_map::run(&args).map(|()| ExitCode::SUCCESS),
        Ok(cli::Command::Component(args)) => component::run(&args, lint_command).map(|()| ExitCode::SUCCESS),
        Ok(cli::Command::Wit(check)) => wit_cmd::run(&check, lint_command),
        Ok(cli::Command::Compat(args)) => {
            compat::run(&args).map(|compatible| if compatible { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Ok(cli::Command::Check(check)) => run_check(check),
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

fn run_check(check: Check) -> Result<ExitCode, String> {
    let mut cmd = check_command(&check)?;
    let status = if check.effects {
        effects::check_and_list(cmd, check.message_format.as_deref(), check.manifest_path.as_deref())?
    } else {
        cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?
    };
    Ok(exit_code(status))
}

fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

/// `cargo check` with the driver, in the lint profile, with the check's options.
fn check_command(check: &Check) -> Result<Command, String> {
    lint_command(check, "check")
}

/// `cargo <subcommand>` (check or build) with the driver, in the lint profile.
fn lint_command(check: &Check, subcommand: &str) -> Result<Command, String> {
    let driver = driver_path()?;
    ensure_toolchain()?;
    ensure_project(check.manifest_path.as_deref())?;
    let (profile, inherits) = check.lint_profile();
    let mut cmd = cargo();
    cmd.arg(subcommand)
        .args(&check.cargo_args)
        .args(["--profile", &profile, "--config", &format!("profile.{profile}.inherits=\"{inherits}\"")])
        .env("RUSTC_WRAPPER", &driver)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env(env_names::FLAGS, check.lint_flags.join("\n"));
    match &check.host {
        Some(host) => cmd.env(env_names::HOST, host),
        None => cmd.env_remove(env_names::HOST),
    };
    cmd.env_remove(env_names::WIT_DIR);
    Ok(cmd)
}

/// Cargo of the pinned toolchain when rustup manages cargo (the proxy honours
/// `RUSTUP_TOOLCHAIN`), else whatever `cargo` is.
pub(crate) fn cargo() -> Command {
    let mut cmd = Command::new("cargo");
    cmd.env("RUSTUP_TOOLCHAIN", TOOLCHAIN);
    cmd
}

/// `wasm-lint-driver`, installed beside this binary.
fn driver_path() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate cargo-wasm-lint: {e}"))?;
    let driver = exe.with_file_name(format!("wasm-lint-driver{}", std::env::consts::EXE_SUFFIX));
    if driver.is_file() {
        Ok(driver)
    } else {
        Err(format!(
            "wasm-lint-driver is missing next to {}; reinstall with `cargo install --locked --path rustc-driver` from the WasmRust repository",
            exe.display()
        ))
    }
}

/// The driver loads `librustc_driver` from the pinned toolchain; say how to get it back if gone.
fn ensure_toolchain() -> Result<(), String> {
    let sysroot = std::env::var_os("WASM_LINT_SYSROOT").unwrap_or_else(|| OsString::from(BUILD_SYSROOT));
    let has_driver_lib = std::fs::read_dir(Path::new(&sysroot).join("lib")).is_ok_and(|dir| {
        dir.flatten().any(|e| e.file_name().to_string_lossy().starts_with("librustc_driver-"))
    });
    if has_driver_lib {
        Ok(())
    } else {
        Err(format!(
            "the Rust toolchain `{TOOLCHAIN}` that wasm-lint-driver runs on is not installed; run `rustup toolchain install {TOOLCHAIN} --profile minimal -c rustc-dev,llvm-tools -t wasm32-unknown-unknown`"
        ))
    }
}

/// A Cargo project must be there: the given manifest, or a `Cargo.toml` here or above.
fn ensure_project(manifest_path: Option<&str>) -> Result<(), String> {
    match manifest_path {
        Some(path) if Path::new(path).is_file() => Ok(()),
        Some(path) => Err(format!("no Cargo.toml at `{path}`; pass the path of your crate's Cargo.toml to --manifest-path")),
        None => {
            let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
            if cwd.ancestors().any(|dir| dir.join("Cargo.toml").is_file()) {
                Ok(())
            } else {
                Err(format!(
                    "`cargo wasm-lint` must run inside a Cargo project, but there is no Cargo.toml in {} or any parent directory; cd into your crate or pass --manifest-path",
                    cwd.display()
                ))
            }
        }
    }
}
