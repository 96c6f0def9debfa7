//! `component-bench life`: examples/game-of-life built by `cargo wasm-lint component` (its
//! world derived from the Rust) against a wit-bindgen 0.60 guest of the same world and logic
//! (`guest-life-wbg`), both run in wasmtime 48: component bytes (plain and with `wasm-opt -Oz`
//! on the core module), `universe.width()` ns/call, 1,000 ticks of the 64x64 universe, and a
//! constructor + drop; in the crates' release profile (opt-level s, no LTO) and with LTO.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{Engine, Store};

use super::{encode, here, optimized, run, target};

wasmtime::component::bindgen!({ path: "../life", world: "game-of-life" });

/// The profile variants: name, and the environment cargo builds both guests under.
const PROFILES: &[(&str, &[(&str, &str)])] = &[
    ("release (opt-level s, no LTO)", &[]),
    // `cargo wasm-lint` builds in its own profile, `wasm-lint-release`, which inherits `release`
    // but not `release`'s environment overrides: both are set.
    (
        "LTO (opt-level s, 1 codegen unit)",
        &[
            ("CARGO_PROFILE_RELEASE_LTO", "true"),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
            ("CARGO_PROFILE_WASM_LINT_RELEASE_LTO", "true"),
            ("CARGO_PROFILE_WASM_LINT_RELEASE_CODEGEN_UNITS", "1"),
        ],
    ),
];

fn wasm_lint() -> String {
    std::env::var("WASM_LINT_BIN").unwrap_or_else(|_| "cargo-wasm-lint".into())
}

/// The example's core module and component, built by `cargo wasm-lint component`.
fn build_ours(dir: &Path, env: &[(&str, &str)]) -> (PathBuf, Vec<u8>) {
    let manifest = here().join("../../../examples/game-of-life/Cargo.toml");
    let mut cmd = Command::new(wasm_lint());
    cmd.args(["wasm-lint", "component", "-q", "--release", "--manifest-path"]).arg(&manifest).arg("--target-dir").arg(dir);
    cmd.envs(env.iter().copied()).env_remove("RUSTFLAGS");
    let out = cmd.output().expect("run cargo wasm-lint component");
    assert!(out.status.success(), "cargo wasm-lint component failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let component = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    // The core module of the component build (with the glue and its world), beside the profile's.
    (dir.join("wasm32-unknown-unknown/wasm-lint-release/game_of_life.wasm"), std::fs::read(component).unwrap())
}

fn build_wbg(dir: &Path, env: &[(&str, &str)]) -> PathBuf {
    let mut cmd = Command::new("cargo");
    cmd.args(["build", "-q", "--release", "--target", "wasm32-unknown-unknown", "-p", "guest-life-wbg", "--manifest-path"]);
    run(cmd.arg(here().join("Cargo.toml")).arg("--target-dir").arg(dir).envs(env.iter().copied()));
    dir.join("wasm32-unknown-unknown/release/guest_life_wbg.wasm")
}

struct Instance {
    store: Store<()>,
    app: GameOfLife,
}

impl Instance {
    fn new(engine: &Engine, component: &[u8]) -> Instance {
        let component = Component::new(engine, component).unwrap();
        let mut store = Store::new(engine, ());
        let app = GameOfLife::instantiate(&mut store, &component, &Linker::new(engine)).unwrap();
        Instance { store, app }
    }

    fn universe(&mut self) -> ResourceAny {
        self.app.component_game_of_life_api().universe().call_constructor(&mut self.store).unwrap()
    }
}

/// Median of 21 batches of `n` runs of `f`, in ns per run.
fn median_ns(n: u32, mut f: impl FnMut()) -> f64 {
    let mut batches: Vec<f64> = (0..21)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                f();
            }
            start.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}

/// (width() ns/call, 1,000 ticks in µs, constructor + drop ns), and the board after 10 ticks.
fn measure(engine: &Engine, component: &[u8]) -> ((f64, f64, f64), String) {
    let mut i = Instance::new(engine, component);
    let u = i.universe();
    let api = i.app.component_game_of_life_api().universe();
    let store = &mut i.store;
    for _ in 0..10 {
        api.call_tick(&mut *store, u).unwrap();
    }
    let board = api.call_render(&mut *store, u).unwrap();
    let width = median_ns(2_000, || {
        std::hint::black_box(api.call_width(&mut *store, u).unwrap());
    });
    // 1,000 ticks per sample, fewer samples: each is milliseconds.
    let mut ticks: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..1_000 {
                api.call_tick(&mut *store, u).unwrap();
            }
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    ticks.sort_by(f64::total_cmp);
    u.resource_drop(&mut *store).unwrap();
    let construct = median_ns(200, || {
        let u = api.call_constructor(&mut *store).unwrap();
        u.resource_drop(&mut *store).unwrap();
    });
    ((width, ticks[ticks.len() / 2], construct), board)
}

pub fn main() {
    let engine = Engine::default();
    // `LIFE_PROFILES=release` (or `lto`): one variant only.
    let only = std::env::var("LIFE_PROFILES").ok();
    for (name, env) in PROFILES {
        let short = if env.is_empty() { "release" } else { "lto" };
        if only.as_deref().is_some_and(|o| o != short) {
            continue;
        }
        let dir = target().join(format!("life-{short}"));
        let (ours_core, ours) = build_ours(&dir, env);
        let wbg_core = build_wbg(&dir, env);
        let wbg = encode(&std::fs::read(&wbg_core).unwrap());
        let oz = |core: &Path| optimized(core).map(|c| encode(&c).len());
        let (ours_oz, wbg_oz) = (oz(&ours_core), oz(&wbg_core));
        let ((ow, ot, oc), ob) = measure(&engine, &ours);
        let ((ww, wt, wc), wb) = measure(&engine, &wbg);
        assert_eq!(ob, wb, "both universes render the same board after 10 ticks");
        println!("### Game of Life component, {name}");
        println!("| case | cargo wasm-lint component | wit-bindgen 0.60 | ratio |");
        println!("|---|---|---|---|");
        println!("| universe.width() ns/call | {ow:.1} | {ww:.1} | {:.2}x |", ow / ww);
        println!("| 1,000 ticks of 64x64, µs | {ot:.0} | {wt:.0} | {:.2}x |", ot / wt);
        println!("| constructor + drop ns | {oc:.0} | {wc:.0} | {:.2}x |", oc / wc);
        println!("| component bytes | {} | {} | {:.3}x |", ours.len(), wbg.len(), ours.len() as f64 / wbg.len() as f64);
        match (ours_oz, wbg_oz) {
            (Some(o), Some(w)) => println!("| bytes, core after wasm-opt -Oz | {o} | {w} | {:.3}x |", o as f64 / w as f64),
            _ => println!("| bytes, core after wasm-opt -Oz | (no WASM_OPT) | | |"),
        }
    }
}
