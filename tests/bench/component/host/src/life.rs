//! `component-bench life`: examples/game-of-life built by `cargo wasm-lint component` (its
//! world derived from the Rust) against a wit-bindgen 0.60 guest of the same world and logic
//! (`guest-life-wbg`), both run in wasmtime 48: component bytes (plain and with `wasm-opt -Oz`
//! on the core module), `universe.width()` ns/call, 1,000 ticks of the 64x64 universe, and a
//! constructor + drop, the two guests sampled in turns; in the crates' release profile
//! (opt-level s, no LTO) and with LTO.

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
    // `cargo wasm-lint` builds in profiles of its own, `wasm-lint-release` (and, for the
    // component's glue build, `wasm-lint_glue-release`), which inherit `release` but not
    // `release`'s environment overrides: all three are set.
    (
        "LTO (opt-level s, 1 codegen unit)",
        &[
            ("CARGO_PROFILE_RELEASE_LTO", "true"),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
            ("CARGO_PROFILE_WASM_LINT_RELEASE_LTO", "true"),
            ("CARGO_PROFILE_WASM_LINT_RELEASE_CODEGEN_UNITS", "1"),
            ("CARGO_PROFILE_WASM_LINT_GLUE_RELEASE_LTO", "true"),
            ("CARGO_PROFILE_WASM_LINT_GLUE_RELEASE_CODEGEN_UNITS", "1"),
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
    // The core module of the component build (with the glue and its world): the glue build's profile.
    (dir.join("wasm32-unknown-unknown/wasm-lint_glue-release/game_of_life.wasm"), std::fs::read(component).unwrap())
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

/// One guest's instance and its universe, for the timed cases.
struct Side {
    i: Instance,
    u: ResourceAny,
}

impl Side {
    /// A universe already ticked 10 times, and its board then.
    fn new(engine: &Engine, component: &[u8]) -> (Side, String) {
        let mut i = Instance::new(engine, component);
        let u = i.universe();
        let api = i.app.component_game_of_life_api().universe();
        for _ in 0..10 {
            api.call_tick(&mut i.store, u).unwrap();
        }
        let board = api.call_render(&mut i.store, u).unwrap();
        (Side { i, u }, board)
    }

    /// ns per `width()` call over a batch of `n`.
    fn width(&mut self, n: u32) -> f64 {
        let api = self.i.app.component_game_of_life_api().universe();
        let start = Instant::now();
        for _ in 0..n {
            std::hint::black_box(api.call_width(&mut self.i.store, self.u).unwrap());
        }
        start.elapsed().as_nanos() as f64 / n as f64
    }

    /// µs for 1,000 ticks.
    fn ticks(&mut self) -> f64 {
        let api = self.i.app.component_game_of_life_api().universe();
        let start = Instant::now();
        for _ in 0..1_000 {
            api.call_tick(&mut self.i.store, self.u).unwrap();
        }
        start.elapsed().as_secs_f64() * 1e6
    }

    /// ns per constructor + `resource_drop` over a batch of `n`.
    fn construct(&mut self, n: u32) -> f64 {
        let api = self.i.app.component_game_of_life_api().universe();
        let start = Instant::now();
        for _ in 0..n {
            let u = api.call_constructor(&mut self.i.store).unwrap();
            u.resource_drop(&mut self.i.store).unwrap();
        }
        start.elapsed().as_nanos() as f64 / n as f64
    }
}

/// `rounds` samples of each side, taken in turns (which side goes first alternates), so a change
/// in the shared machine's load reaches both sides alike; each side's samples sorted.
fn interleaved(sides: &mut [Side; 2], rounds: usize, mut sample: impl FnMut(&mut Side) -> f64) -> [Vec<f64>; 2] {
    let mut out = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for k in [round % 2, 1 - round % 2] {
            out[k].push(sample(&mut sides[k]));
        }
    }
    for samples in &mut out {
        samples.sort_by(f64::total_cmp);
    }
    out
}

/// A table row: each side's median (minimum), and the ratio of the medians (of the minima).
fn row(case: &str, [ours, wbg]: &[Vec<f64>; 2], digits: usize) -> String {
    let median = |s: &[f64]| s[s.len() / 2];
    let (om, wm, on, wn) = (median(ours), median(wbg), ours[0], wbg[0]);
    format!("| {case} | {om:.digits$} ({on:.digits$}) | {wm:.digits$} ({wn:.digits$}) | {:.2}x ({:.2}x) |", om / wm, on / wn)
}

/// The timed rows, both guests measured in turns: `width()` 21 batches of 2,000 calls, 1,000
/// ticks 15 samples, constructor + drop 21 batches of 200.
fn measure(engine: &Engine, ours: &[u8], wbg: &[u8]) -> [String; 3] {
    let (o, ob) = Side::new(engine, ours);
    let (w, wb) = Side::new(engine, wbg);
    assert_eq!(ob, wb, "both universes render the same board after 10 ticks");
    let mut sides = [o, w];
    let width = interleaved(&mut sides, 21, |s| s.width(2_000));
    let ticks = interleaved(&mut sides, 15, Side::ticks);
    for s in &mut sides {
        s.u.resource_drop(&mut s.i.store).unwrap();
    }
    let construct = interleaved(&mut sides, 21, |s| s.construct(200));
    [
        row("universe.width() ns/call", &width, 1),
        row("1,000 ticks of 64x64, µs", &ticks, 0),
        row("constructor + drop ns", &construct, 0),
    ]
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
        let timed = measure(&engine, &ours, &wbg);
        println!("### Game of Life component, {name}");
        println!("| case | cargo wasm-lint component: median (min) | wit-bindgen 0.60: median (min) | ratio of medians (of minima) |");
        println!("|---|---|---|---|");
        for row in timed {
            println!("{row}");
        }
        println!("| component bytes | {} | {} | {:.3}x |", ours.len(), wbg.len(), ours.len() as f64 / wbg.len() as f64);
        match (ours_oz, wbg_oz) {
            (Some(o), Some(w)) => println!("| bytes, core after wasm-opt -Oz | {o} | {w} | {:.3}x |", o as f64 / w as f64),
            _ => println!("| bytes, core after wasm-opt -Oz | (no WASM_OPT) | | |"),
        }
    }
}
