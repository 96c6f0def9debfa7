//! The effect analysis with incremental compilation gives what a from-scratch run gives.
//!
//! A scratch workspace (`app`, and `dep`: a path dependency that is not a workspace member) goes
//! through a sequence of real edits: a callee's body gains an effect, a default trait method is
//! overridden, the dependency changes (once so that a deny-level lint fails the session), a
//! `Drop` impl and a bound's impl gain effects, a function is renamed, a type error comes and
//! goes, and everything is reverted. After every edit the real `cargo wasm-lint` runs twice:
//! with incremental compilation (one target dir kept across the sequence), and without it (a
//! second target dir, so each changed crate is analysed from scratch). Both runs must agree
//! on the exit status, every diagnostic, the `--effects` listing, and both crates' side
//! files. The incremental runs must also reuse what they can: the driver's cache log shows
//! that a session with no change recomputes no body, and an edit recomputes only a few.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn base() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    target.join("effects-incremental")
}

/// The manifest of a scratch crate depending on `wasm` (at `wasm_path`) and on `more`.
fn manifest(name: &str, wasm_path: &Path, more: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nwasm = {{ path = {wasm_path:?} }}\n{more}"
    )
}

const APP: &str = r#"#![cfg_attr(wasm_lint, warn(wasm_lint::undeclared_effect))]
use std::sync::atomic::{AtomicU32, Ordering};

pub static COUNT: AtomicU32 = AtomicU32::new(0);

/// Above `helper`, so rustc does not check it again when `helper` gains a declaration.
pub fn plain_caller(x: u32) -> u32 {
    helper(x)
}

pub fn helper(x: u32) -> u32 {
    x + 1
}

#[wasm::pure]
pub fn checked(x: u32) -> u32 {
    helper(x) * 2
}

pub trait Task {
    fn run(&self) -> u32 {
        7
    }
}

pub struct Job;

/// Not annotated, and above the impl that gets edited: rustc has no reason to check it again
/// when that impl overrides `run` (the coercion only needs `Job: Task`), yet the `dyn Task`
/// it makes then runs another method.
pub fn run_job_plain() -> u32 {
    through_dyn(&Job)
}

impl Task for Job {}

pub struct Other;
impl Task for Other {
    fn run(&self) -> u32 {
        COUNT.load(Ordering::Relaxed)
    }
}

#[wasm::effect()]
pub fn run_job() -> u32 {
    Job.run()
}

#[wasm::effect()]
pub fn run_job_through_plain() -> u32 {
    run_job_plain()
}

#[wasm::pure]
pub fn through_plain_caller() -> u32 {
    plain_caller(1)
}

pub fn run_any<T: Task>(t: &T) -> u32 {
    t.run()
}

#[wasm::effect(atomic_read)]
pub fn run_both() -> u32 {
    run_any(&Job) + run_any(&Other)
}

pub fn through_dyn(t: &dyn Task) -> u32 {
    t.run()
}

#[wasm::pure]
pub fn make_dyn() -> u32 {
    through_dyn(&Job)
}

pub struct Counter;
impl dep::Sink for Counter {
    fn put(&self, v: u32) {
        let _ = v;
    }
}

#[wasm::pure]
pub fn drain_all() {
    dep::drain(&Counter, 3)
}

pub struct Guard(pub u32);
impl Drop for Guard {
    fn drop(&mut self) {}
}

#[wasm::pure]
pub fn guarded(x: u32) -> u32 {
    let g = Guard(x);
    g.0 + 1
}

#[wasm::pure]
pub fn closures(v: &[u32]) -> u32 {
    v.iter().map(|x| helper(*x)).sum()
}

#[wasm::pure]
pub fn from_dep() -> u32 {
    dep::level()
}

#[unsafe(no_mangle)]
pub extern "C" fn exported(x: u32) -> u32 {
    checked(x) + dep::level() + run_job()
}

#[wasm::effect(atomic_read)]
pub fn pointer(f: fn() -> u32) -> u32 {
    f()
}
"#;

const DEP: &str = r#"use std::sync::atomic::{AtomicU32, Ordering};

pub static LEVEL: AtomicU32 = AtomicU32::new(0);

pub fn level() -> u32 {
    3
}

pub trait Sink {
    fn put(&self, v: u32);
}

pub fn drain<S: Sink>(s: &S, n: u32) {
    for i in 0..n {
        s.put(i)
    }
}

#[wasm::effect(js_call)]
pub fn js_log(v: u32) {
    let _ = v;
}

pub fn unused() -> u32 {
    LEVEL.load(Ordering::Relaxed)
}
"#;

/// The sources of one session.
#[derive(Clone, PartialEq)]
struct Sources {
    app: String,
    dep: String,
}

impl Sources {
    fn edit(&self, crate_: &str, from: &str, to: &str) -> Sources {
        let mut next = self.clone();
        let text = if crate_ == "app" { &mut next.app } else { &mut next.dep };
        assert!(text.contains(from), "`{from}` not in {crate_}");
        *text = text.replace(from, to);
        next
    }

    fn write(&self, root: &Path) {
        write_if_changed(&root.join("app/src/lib.rs"), &self.app);
        write_if_changed(&root.join("dep/src/lib.rs"), &self.dep);
    }
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

/// What one `cargo wasm-lint` run produced.
#[derive(Debug, PartialEq)]
struct Outcome {
    success: bool,
    /// Every diagnostic's rendering, by crate, sorted (replayed diagnostics may come first).
    diagnostics: Vec<(String, String)>,
    /// The effect lints' diagnostics in the order they were emitted.
    effect_diagnostics: Vec<String>,
    /// `--effects` lines (JSON).
    listing: Vec<Value>,
    /// The side files of `app` and `dep`.
    side_files: Vec<Option<Value>>,
}

struct Run {
    outcome: Outcome,
    /// The driver's cache log line for `app` (incremental runs only).
    cache: Option<Value>,
}

fn wasm_lint(root: &Path, target: &Path, incremental: bool) -> Run {
    let log = target.join("cache-log.jsonl");
    let _ = std::fs::remove_file(&log);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"));
    cmd.arg("wasm-lint")
        .arg("--manifest-path")
        .arg(root.join("app/Cargo.toml"))
        .arg("--target-dir")
        .arg(target)
        .args([
            "--host",
            "wasi",
            "--effects",
            "--message-format=json",
            "--",
            "-W",
            "wasm_lint::unknown_effect",
        ])
        .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" })
        .env("WASM_LINT_EFFECTS_CACHE_LOG", &log);
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("run cargo-wasm-lint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let messages: Vec<Value> =
        stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let mut diagnostics = Vec::new();
    let mut effect_diagnostics = Vec::new();
    for m in messages.iter().filter(|m| m["reason"] == "compiler-message") {
        let krate = m["target"]["name"].as_str().unwrap_or("?").to_string();
        let rendered = m["message"]["rendered"].as_str().unwrap_or("").to_string();
        if m["message"]["code"]["code"].as_str().is_some_and(|c| c.starts_with("wasm_lint::")) {
            effect_diagnostics.push(format!("{krate}: {rendered}"));
        }
        diagnostics.push((krate, rendered));
    }
    diagnostics.sort();
    let listing = messages.iter().filter(|m| m["reason"] == "wasm-lint-effects").cloned().collect();
    let side_files = ["app", "dep"].iter().map(|name| side_file(target, name)).collect();
    let cache = std::fs::read_to_string(&log).ok().and_then(|text| {
        text.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|l| l["crate"] == "app")
    });
    if std::env::var_os("EFFECTS_INCREMENTAL_VERBOSE").is_some() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    Run {
        outcome: Outcome {
            success: out.status.success(),
            diagnostics,
            effect_diagnostics,
            listing,
            side_files,
        },
        cache,
    }
}

/// The newest `lib<name>-*.wasm-effects` of the target dir.
fn side_file(target: &Path, name: &str) -> Option<Value> {
    let deps = target.join("wasm-lint/deps");
    let prefix = format!("lib{name}-");
    let newest = std::fs::read_dir(deps)
        .ok()?
        .flatten()
        .filter(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.starts_with(&prefix) && file.ends_with(".wasm-effects")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())?;
    let mut json: Value =
        serde_json::from_str(&std::fs::read_to_string(newest.path()).ok()?).ok()?;
    // `DefPathHash`es derive from the crate's id, which cargo derives from the build settings
    // (incremental or not), so the two target dirs cannot agree on them; every function must
    // still have one.
    for f in json["functions"].as_array_mut().into_iter().flatten() {
        assert!(f["hash"].as_str().is_some_and(|h| !h.is_empty()), "no hash: {f}");
        f["hash"] = Value::Null;
        // Open calls name their definitions by `DefPathHash` too (a table of 16-byte hashes,
        // each with an 8-byte kind, after a 4-byte count): blank the hashes, keep the rest.
        if let Some(hex) = f["open_calls"].as_str() {
            let mut hex = hex.to_string();
            let count = u32::from_str_radix(&hex[..8], 16).expect("hex count").swap_bytes() as usize;
            for i in 0..count {
                let at = 8 + i * 48;
                hex.replace_range(at..at + 32, &"0".repeat(32));
            }
            f["open_calls"] = Value::String(hex);
        }
    }
    Some(json)
}

/// The first difference between two outcomes, readably.
fn difference(a: &Outcome, b: &Outcome) -> String {
    if a.success != b.success {
        return format!("exit status: {} vs {}", a.success, b.success);
    }
    fn first<T: std::fmt::Debug + PartialEq>(what: &str, a: &[T], b: &[T]) -> Option<String> {
        if a == b {
            return None;
        }
        let i = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        Some(format!(
            "{what} #{i} (of {} vs {}):\n{:#?}\nvs\n{:#?}",
            a.len(),
            b.len(),
            a.get(i),
            b.get(i)
        ))
    }
    first("diagnostic", &a.diagnostics, &b.diagnostics)
        .or_else(|| first("effect diagnostic", &a.effect_diagnostics, &b.effect_diagnostics))
        .or_else(|| first("listing line", &a.listing, &b.listing))
        .or_else(|| {
            let side = |o: &Outcome| -> Vec<Value> {
                o.side_files
                    .iter()
                    .flat_map(|f| {
                        f.as_ref().map_or(vec![Value::Null], |f| {
                            let mut v = vec![json_without(f, "functions")];
                            v.extend(f["functions"].as_array().into_iter().flatten().cloned());
                            v
                        })
                    })
                    .collect()
            };
            first("side file entry", &side(a), &side(b))
        })
        .unwrap_or_default()
}

fn json_without(v: &Value, key: &str) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove(key);
    }
    v
}

/// Applies `damage` to the effect cache of `app` in the incremental session directories of
/// `target` (all of them: they may share the file through hard links). False if none exists.
fn corrupt(target: &Path, damage: impl Fn(&mut Vec<u8>)) -> bool {
    let mut found = false;
    let incremental = target.join("wasm-lint/incremental");
    for krate in std::fs::read_dir(incremental).into_iter().flatten().flatten() {
        if !krate.file_name().to_string_lossy().starts_with("app-") {
            continue;
        }
        for session in std::fs::read_dir(krate.path()).into_iter().flatten().flatten() {
            let file = session.path().join("wasm-lint-effects.bin");
            if let Ok(mut bytes) = std::fs::read(&file) {
                damage(&mut bytes);
                std::fs::write(&file, bytes).unwrap();
                found = true;
            }
        }
    }
    assert!(found, "no cache file under {}", target.display());
    found
}

fn count(cache: &Value, key: &str) -> u64 {
    cache[key].as_u64().unwrap_or_else(|| panic!("no `{key}` in {cache}"))
}

#[test]
fn incremental_sessions_match_from_scratch_runs() {
    let root = base();
    let (inc, scratch) = (root.join("target-incremental"), root.join("target-scratch"));
    // Incremental state of an earlier run of this test is dropped: the sequence starts cold.
    let _ = std::fs::remove_dir_all(inc.join("wasm-lint/incremental"));
    let wasm = repo().join("crates/wasm").canonicalize().unwrap();
    // `app` is the workspace; `dep` is a path dependency outside it.
    let app = manifest("app", &wasm, "dep = { path = \"../dep\" }\n\n[workspace]\n");
    for (name, text) in [("app", app), ("dep", manifest("dep", &wasm, ""))] {
        std::fs::create_dir_all(root.join(name).join("src")).unwrap();
        write_if_changed(&root.join(name).join("Cargo.toml"), &text);
    }

    let initial = Sources { app: APP.into(), dep: DEP.into() };
    // On the same line, so no other item moves (rustc re-checks the bodies whose spans move).
    let helper_effect =
        initial.edit("app", "    x + 1\n", "    COUNT.swap(x, Ordering::Relaxed) + 1\n");
    let declared_helper = helper_effect.edit(
        "app",
        "pub fn helper(",
        "#[wasm::effect(atomic_read, atomic_write)]\npub fn helper(",
    );
    let overridden = declared_helper.edit(
        "app",
        "impl Task for Job {}",
        "impl Task for Job {\n    fn run(&self) -> u32 {\n        COUNT.fetch_add(1, Ordering::Relaxed)\n    }\n}",
    );
    let dep_reads = overridden.edit(
        "dep",
        "pub fn level() -> u32 {\n    3",
        "pub fn level() -> u32 {\n    LEVEL.load(Ordering::Relaxed) + 3",
    );
    let dep_js = dep_reads.edit(
        "dep",
        "LEVEL.load(Ordering::Relaxed) + 3",
        "js_log(1);\n    LEVEL.load(Ordering::Relaxed) + 3",
    );
    let drop_effect = dep_reads.edit(
        "app",
        "fn drop(&mut self) {}",
        "fn drop(&mut self) {\n        COUNT.store(self.0, Ordering::Relaxed);\n    }",
    );
    let renamed = Sources {
        app: drop_effect.app.replace("helper(", "helper_renamed("),
        dep: drop_effect.dep.clone(),
    };
    let type_error = renamed.edit("app", "helper_renamed(x) * 2", "helper_renamed(x) * 2u64");
    let bound_effect =
        renamed.edit("app", "        let _ = v;\n", "        COUNT.store(v, Ordering::Relaxed);\n");

    // (what the session is, its sources, whether it must succeed)
    let sessions: Vec<(&str, &Sources, bool)> = vec![
        ("initial", &initial, true),
        ("no change", &initial, true),
        ("a callee's body gains an effect", &helper_effect, true),
        ("no change after an edit", &helper_effect, true),
        ("the callee gains a declaration", &declared_helper, true),
        ("a default trait method is overridden", &overridden, true),
        ("the dependency's body gains an effect", &dep_reads, true),
        ("the dependency reaches js_call: effect_unavailable denies the export", &dep_js, false),
        ("the dependency edit is reverted", &dep_reads, true),
        ("a Drop impl gains an effect", &drop_effect, true),
        ("the cache file is cut short", &drop_effect, true),
        ("a byte of the cache file is changed", &drop_effect, true),
        ("a function is renamed", &renamed, true),
        ("a type error", &type_error, false),
        ("the type error is fixed", &renamed, true),
        ("an impl used through a dependency's bound gains an effect", &bound_effect, true),
        ("everything reverted", &initial, true),
        ("no change after the revert", &initial, true),
    ];

    let mut first: Option<Outcome> = None;
    for (index, (what, sources, succeeds)) in sessions.iter().enumerate() {
        sources.write(&root);
        if index == 0 || sessions[index - 1].1 == *sources {
            // Same sources (or those of an earlier run of this test): make cargo run the
            // compiler again anyway, as a user's save does.
            let lib = root.join("app/src/lib.rs");
            let file = std::fs::File::options().write(true).open(&lib).unwrap();
            file.set_modified(std::time::SystemTime::now()).unwrap();
        }
        let corrupted = match *what {
            "the cache file is cut short" => corrupt(&inc, |bytes| bytes.truncate(bytes.len() / 2)),
            "a byte of the cache file is changed" => corrupt(&inc, |bytes| {
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x5a;
            }),
            _ => false,
        };
        let incremental = wasm_lint(&root, &inc, true);
        let reference = wasm_lint(&root, &scratch, false);
        assert_eq!(incremental.outcome.success, *succeeds, "session {index} ({what}): exit status");
        assert!(
            incremental.outcome == reference.outcome,
            "session {index} ({what}): the incremental run differs from the from-scratch run: {}",
            difference(&incremental.outcome, &reference.outcome)
        );
        let Some(cache) = incremental.cache else {
            // A crate with type errors stops before the lints run.
            assert!(!succeeds, "session {index} ({what}): no cache log for `app`");
            continue;
        };
        eprintln!("session {index} ({what}): {cache}");
        if corrupted {
            // Ignored, and every body read from MIR instead (none changed: all green).
            assert!(cache["loaded"] == false, "session {index} ({what}): {cache}");
            assert_eq!(count(&cache, "fresh"), 0, "session {index} ({what}): {cache}");
            assert_eq!(
                count(&cache, "read"),
                count(&cache, "unchanged"),
                "session {index} ({what}): {cache}"
            );
        } else if index > 0 {
            // Whatever changed, bodies are only read again where rustc itself re-checked
            // them (`rebuilt`: fresh bodies whose MIR was built for the analysis alone).
            assert!(
                cache["loaded"] == true,
                "session {index} ({what}): the cache was not read: {cache}"
            );
            assert!(count(&cache, "rebuilt") <= 1, "session {index} ({what}): {cache}");
            // `plain_caller`'s edges depend on whether `helper` is declared, which is checked
            // when they are reused rather than tracked by rustc.
            let read = if *what == "the callee gains a declaration" { 1 } else { 0 };
            assert_eq!(count(&cache, "read"), read, "session {index} ({what}): {cache}");
        }
        if *what == "a default trait method is overridden" {
            // `run_job_plain`: its edges are read again although rustc did not re-check it.
            assert_eq!(count(&cache, "rebuilt"), 1, "session {index} ({what}): {cache}");
        }
        if what.starts_with("no change") {
            assert_eq!(count(&cache, "fresh"), 0, "session {index} ({what}): {cache}");
        }
        match &first {
            None => first = Some(incremental.outcome),
            Some(first) if *what == "everything reverted" => {
                assert!(
                    incremental.outcome == *first,
                    "reverting must give the first session's results: {}",
                    difference(&incremental.outcome, first)
                );
            }
            Some(_) => {}
        }
    }
}
