//! Builds both guests (ours with `cargo wasm-lint component`), then prints: component bytes (plain, and with `wasm-opt -Oz` run on the
//! core module first), host→guest call time in wasmtime for `make(string) -> person`, and
//! `cargo check` time of each guest crate after a touch. One run; medians of batches.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

wasmtime::component::bindgen!({ path: "../wit", world: "bench" });

mod life;

fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn target() -> PathBuf {
    std::env::var_os("BENCH_TARGET").map(PathBuf::from).unwrap_or_else(|| here().join("target"))
}

fn run(cmd: &mut Command) {
    let status = cmd.status().expect("run");
    assert!(status.success(), "{cmd:?} failed");
}

/// The core module of `guest`: ours built by its own command, `cargo wasm-lint component`
/// (through the driver, in the lint profile inheriting `release`), wit-bindgen's by `cargo build`.
fn build(guest: &str) -> PathBuf {
    let file = format!("{}.wasm", guest.replace('-', "_"));
    if guest == "guest-ours" {
        let bin = lint_bin();
        let mut cmd = Command::new(&bin);
        cmd.args(["wasm-lint", "component", "-q", "--release", "-p", guest]).arg("--manifest-path").arg(here().join("Cargo.toml")).arg("--target-dir").arg(target());
        run(cmd.stdout(std::process::Stdio::null()));
        return target().join("wasm32-unknown-unknown/wasm-lint-release").join(file);
    }
    run(Command::new("cargo").args(["build", "-q", "--release", "--target", "wasm32-unknown-unknown", "-p", guest]).arg("--manifest-path").arg(here().join("Cargo.toml")).arg("--target-dir").arg(target()));
    target().join("wasm32-unknown-unknown/release").join(file)
}

fn lint_bin() -> String {
    std::env::var("WASM_LINT_BIN").unwrap_or_else(|_| "cargo-wasm-lint".into())
}

/// The component of `core` as `cargo wasm-lint component` makes it: without the JS host's
/// `wasmrust` records section, which a component never reads (the tool leaves it out too,
/// rustc-driver/src/component.rs; a wit-bindgen guest has none). Here for the `-Oz` rows, whose
/// core module is optimized and encoded by this host.
fn encode(core: &[u8]) -> Vec<u8> {
    let mut kept = core[..8].to_vec();
    let mut next = 8;
    for payload in wasmparser::Parser::new(0).parse_all(core) {
        let payload = payload.unwrap();
        let Some((_, range)) = payload.as_section() else { continue };
        if !matches!(&payload, wasmparser::Payload::CustomSection(c) if c.name() == "wasmrust") {
            kept.extend_from_slice(&core[next..range.end]);
        }
        next = range.end;
    }
    wit_component::ComponentEncoder::default().validate(true).module(&kept).unwrap().encode().unwrap()
}

fn optimized(core: &Path) -> Option<Vec<u8>> {
    let wasm_opt = std::env::var_os("WASM_OPT").filter(|p| !p.is_empty())?;
    let out = core.with_extension("oz.wasm");
    run(Command::new(wasm_opt).arg("-Oz").arg("--all-features").arg(core).arg("-o").arg(&out));
    Some(std::fs::read(out).unwrap())
}

/// Median ns per call of `make("Ada Lovelace")` over 21 batches of 2,000 calls.
fn call_ns(component: &[u8]) -> f64 {
    let engine = Engine::default();
    let component = Component::new(&engine, component).unwrap();
    let mut store = Store::new(&engine, ());
    let bench = Bench::instantiate(&mut store, &component, &Linker::new(&engine)).unwrap();
    let mut batches = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        for _ in 0..2_000 {
            let p = bench.call_make(&mut store, "Ada Lovelace").unwrap();
            std::hint::black_box(p);
        }
        batches.push(start.elapsed().as_nanos() as f64 / 2_000.0);
    }
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}

/// Median of 3 runs of `command ARGS.. -p guest` after touching the guest's `lib.rs`.
fn touched_time(command: &[&str], guest: &str) -> Duration {
    let src = here().join(guest).join("src/lib.rs");
    let mut times = Vec::new();
    for _ in 0..3 {
        let text = std::fs::read(&src).unwrap();
        std::fs::write(&src, text).unwrap(); // touch
        let start = Instant::now();
        run(Command::new(command[0]).args(&command[1..]).args(["-q", "--target", "wasm32-unknown-unknown", "-p", guest]).arg("--manifest-path").arg(here().join("Cargo.toml")).arg("--target-dir").arg(target()));
        times.push(start.elapsed());
    }
    times.sort();
    times[1]
}

fn check_time(guest: &str) -> Duration {
    touched_time(&["cargo", "check"], guest)
}

/// `cargo wasm-lint` (the binary in `WASM_LINT_BIN`, else `cargo-wasm-lint` on PATH) on the
/// guest after a touch, against `cargo check` of the same guest; after one warm-up run that
/// builds the dependencies under the driver.
fn lint_overhead(guest: &str) -> (Duration, Duration) {
    let bin = lint_bin();
    let lint = [bin.as_str(), "wasm-lint"];
    touched_time(&lint, guest);
    (touched_time(&lint, guest), check_time(guest))
}

fn main() {
    // `component-bench life`: only the Game of Life comparison.
    if std::env::args().nth(1).as_deref() == Some("life") {
        return life::main();
    }
    let mut rows = Vec::new();
    for guest in ["guest-ours", "guest-wbg"] {
        let core_path = build(guest);
        let core = std::fs::read(&core_path).unwrap();
        let component = encode(&core);
        let oz = optimized(&core_path).map(|c| encode(&c).len());
        let ns = call_ns(&component);
        let check = check_time(guest);
        rows.push((guest, component.len(), oz, ns, check));
    }
    println!("| guest | component bytes | after wasm-opt -Oz | make() ns/call | cargo check after touch |");
    println!("|---|---|---|---|---|");
    for (guest, bytes, oz, ns, check) in &rows {
        let oz = oz.map_or("(no WASM_OPT)".to_string(), |b| b.to_string());
        println!("| {guest} | {bytes} | {oz} | {ns:.0} | {:.2} s |", check.as_secs_f64());
    }
    let (lint, check) = lint_overhead("guest-ours");
    println!(
        "cargo wasm-lint on guest-ours after touch: {:.2} s, cargo check {:.2} s: {:.2}x",
        lint.as_secs_f64(),
        check.as_secs_f64(),
        lint.as_secs_f64() / check.as_secs_f64()
    );
    let (o, w) = (&rows[0], &rows[1]);
    println!(
        "ratios ours/wit-bindgen: bytes {:.3}x, -Oz {}, call {:.2}x, check {:.2}x",
        o.1 as f64 / w.1 as f64,
        match (o.2, w.2) { (Some(a), Some(b)) => format!("{:.3}x", a as f64 / b as f64), _ => "n/a".into() },
        o.3 / w.3,
        o.4.as_secs_f64() / w.4.as_secs_f64()
    );
    life::main();
}
