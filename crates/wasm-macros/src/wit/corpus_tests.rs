//! wit-parser 0.254's own UI corpus, read from the crate package cargo unpacked (not copied into
//! this repository): every passing case generates bindings for each of its worlds, every
//! `parse-fail` case is a clean error, and nothing panics.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use super::generate::{Affine, Request, WitSource, generate};

/// `<cargo home>/registry/src/*/wit-parser-0.254.2/tests/ui`.
fn corpus() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cargo"));
    let registries = std::fs::read_dir(home.join("registry/src")).expect("cargo has unpacked the registry");
    registries
        .flatten()
        .map(|r| r.path().join("wit-parser-0.254.2/tests/ui"))
        .find(|p| p.is_dir())
        .expect("wit-parser 0.254.2 is a dependency, so cargo has unpacked it")
}

fn request(path: &Path, world: Option<String>) -> Request {
    Request {
        source: WitSource::Path { path: path.to_path_buf(), shown: path.display().to_string() },
        world,
        affine: Affine::None,
        krate: "::wasm".into(),
        lint_marks: true,
        // wit-parser's own harness turns on the gate named `active`.
        features: vec!["active".into()],
    }
}

/// The worlds of the main package at `path`, as wit-parser reads it.
fn worlds(path: &Path) -> Result<Vec<String>, String> {
    let mut resolve = wit_bindgen_core::wit_parser::Resolve::default();
    resolve.features.insert("active".into());
    let (package, _) = resolve.push_path(path).map_err(|e| format!("{e:#}"))?;
    Ok(resolve.packages[package].worlds.keys().cloned().collect())
}

/// Cases whose packages are WebAssembly text (`.wat`): the macro reads WIT source only.
const WAT_CASES: [&str; 2] = ["kinds-of-deps", "simple-wasm-text"];

/// Passing cases: `NAME.wit` or folder `NAME`, each beside `NAME.wit.json`.
fn passing_cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".wit.json").map(|n| n.to_string()))
        .filter(|name| !WAT_CASES.contains(&name.as_str()))
        .map(|name| {
            let file = dir.join(format!("{name}.wit"));
            if file.is_file() { file } else { dir.join(name) }
        })
        .collect();
    cases.sort();
    cases
}

/// What generating every world of `cases` gave.
#[derive(Default)]
struct Outcome {
    generated: usize,
    /// Cases with no world (the macro's answer is its one-sentence error, checked here).
    worldless: usize,
    /// `file/world` where wit-bindgen-rust itself cannot generate (its panic, turned into our error).
    upstream: Vec<String>,
    failures: Vec<String>,
}

fn generate_all(cases: &[PathBuf]) -> Outcome {
    let mut out = Outcome::default();
    for case in cases {
        let names = match worlds(case) {
            Ok(names) => names,
            Err(e) => {
                out.failures.push(format!("{}: wit-parser: {e}", case.display()));
                continue;
            }
        };
        if names.is_empty() {
            let err = generate(&request(case, None)).err().expect("no world is an error");
            assert!(err.message.contains("has no world"), "{}: {}", case.display(), err.message);
            out.worldless += 1;
        }
        for world in names {
            match catch_unwind(AssertUnwindSafe(|| generate(&request(case, Some(world.clone()))))) {
                Ok(Ok(_)) => out.generated += 1,
                Ok(Err(e)) if e.message.starts_with("wit-bindgen-rust 0.60 cannot generate") => {
                    out.upstream.push(format!("{}/{world}", case.file_name().unwrap().to_string_lossy()));
                }
                Ok(Err(e)) => out.failures.push(format!("{} world {world}: {}", case.display(), e.message)),
                Err(_) => out.failures.push(format!("{} world {world}: panicked", case.display())),
            }
        }
    }
    assert!(out.failures.is_empty(), "{} generated, failures:\n{}", out.generated, out.failures.join("\n"));
    out
}

#[test]
fn passing_cases_generate_for_every_world() {
    let cases = passing_cases(&corpus());
    assert_eq!(cases.len() + WAT_CASES.len(), 74, "wit-parser 0.254.2 has 74 passing cases");
    let out = generate_all(&cases);
    assert!(out.upstream.is_empty(), "{:?}", out.upstream);
    assert!(out.generated >= cases.len() / 2, "{} worlds generated", out.generated);
}

#[test]
fn parse_fail_cases_are_clean_errors() {
    let dir = corpus().join("parse-fail");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_none_or(|e| e == "wit") && !p.to_string_lossy().ends_with(".wit.result"))
        .collect();
    cases.sort();
    // 153 `.result` files, of which three (async, async1, unterminated-string) have no source
    // in the package.
    assert_eq!(cases.len(), 150, "wit-parser 0.254.2 ships 150 parse-fail sources");
    let mut problems = Vec::new();
    for case in &cases {
        match catch_unwind(AssertUnwindSafe(|| generate(&request(case, None)))) {
            Ok(Err(e)) if !e.message.is_empty() => {}
            Ok(Err(_)) => problems.push(format!("{}: empty message", case.display())),
            Ok(Ok(_)) => problems.push(format!("{}: accepted", case.display())),
            Err(_) => problems.push(format!("{}: panicked", case.display())),
        }
    }
    assert!(problems.is_empty(), "{} of {} cases:\n{}", problems.len(), cases.len(), problems.join("\n"));
}

/// wit-component 0.254.2's `tests/interfaces`: every WIT package (a `.wit` file or a folder)
/// generates for each of its worlds, except where wit-bindgen-rust 0.60 itself cannot
/// (it panics there), which must be the macro's clean error.
#[test]
fn wit_component_interfaces_generate_for_every_world() {
    let dir = corpus().join("../../../wit-component-0.254.2/tests/interfaces");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("wit-component 0.254.2 is a dependency, so cargo has unpacked it")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wit") || p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "found {} cases", cases.len());
    let out = generate_all(&cases);
    assert_eq!(out.upstream, ["resources.wit/some-world"], "worlds wit-bindgen-rust 0.60 cannot generate");
    assert!(out.generated >= 30, "{} worlds generated", out.generated);
}
