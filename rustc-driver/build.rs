//! Bakes in where the pinned toolchain lives, so the installed binaries need no environment:
//! the driver finds `librustc_driver-*.so` by an rpath into the sysroot, and `cargo-wasm-lint`
//! can say which toolchain to install when that sysroot is gone.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .expect("run rustc --print sysroot");
    assert!(out.status.success(), "rustc --print sysroot failed");
    let sysroot = PathBuf::from(String::from_utf8(out.stdout).expect("utf-8 sysroot").trim());
    let lib = sysroot.join("lib");

    println!("cargo::rustc-link-arg-bins=-Wl,-rpath,{}", lib.display());
    println!("cargo::rustc-env=WASM_LINT_BUILD_SYSROOT={}", sysroot.display());
    println!("cargo::rustc-env=WASM_LINT_TOOLCHAIN={}", pinned_channel());
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../rust-toolchain.toml");
    println!("cargo::rerun-if-env-changed=RUSTC");
}

/// The toolchain users must install: the channel in the repository's `rust-toolchain.toml`, or,
/// when built outside the repository, the toolchain rustup selected for this build.
fn pinned_channel() -> String {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    std::fs::read_to_string(manifest_dir.join("../rust-toolchain.toml"))
        .ok()
        .and_then(|toml| {
            toml.lines()
                .filter_map(|l| l.trim().strip_prefix("channel"))
                .find_map(|rest| rest.split('"').nth(1).map(str::to_string))
        })
        .or_else(|| std::env::var("RUSTUP_TOOLCHAIN").ok())
        .unwrap_or_else(|| "nightly".into())
}
