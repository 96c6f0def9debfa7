//! External WIT suites compiled through `#[wasm::wit]` for wasm32-unknown-unknown: wit-component
//! 0.254.2's `tests/interfaces` and `tests/components`, and the WASI 0.2 worlds (cli, clocks,
//! filesystem, io, random, sockets, http) as wasmtime-wasi-http 48.0.8 ships them. Every file is
//! read from the package cargo downloads from crates.io, never copied into this repository. All
//! worlds become modules of one scratch crate, built once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `<cargo home>/registry/src/*/<package>` (cargo unpacks the packages it downloads there).
fn unpacked(package: &str) -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cargo"));
    std::fs::read_dir(home.join("registry/src")).ok()?.flatten().map(|r| r.path().join(package)).find(|p| p.is_dir())
}

/// The WASI 0.2 WIT folder of wasmtime-wasi-http 48.0.8. It is no dependency of this workspace
/// (it would build tokio and hyper for nothing), so a scratch manifest names it and
/// `cargo metadata` downloads and unpacks it, and says where.
fn wasi_wit() -> PathBuf {
    let dir = wasm_tests::target_dir().join("wasi-wit-package");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"wasi-wit-package\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[workspace]\n\
         [dependencies]\nwasmtime-wasi-http = { version = \"=48.0.8\", default-features = false }\n",
    )
    .unwrap();
    let mut metadata = wasm_tests::cargo();
    metadata.args(["metadata", "--format-version", "1", "--manifest-path"]).arg(dir.join("Cargo.toml"));
    let out = wasm_tests::run_ok(&mut metadata);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "wasmtime-wasi-http")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("cargo metadata lists wasmtime-wasi-http");
    Path::new(manifest).parent().unwrap().join("wit")
}

/// A WIT package to load, the worlds to generate from it and the `@unstable` gates it needs.
struct Case {
    path: PathBuf,
    worlds: Vec<String>,
    features: Vec<String>,
}

/// Every world of the main package at `path` (none when wit-parser refuses the package).
fn case(path: PathBuf, features: &[&str]) -> Case {
    let mut resolve = wit_parser::Resolve::default();
    resolve.features.extend(features.iter().map(|f| f.to_string()));
    let worlds = match resolve.push_path(&path) {
        Ok((package, _)) => resolve.packages[package].worlds.keys().cloned().collect(),
        Err(_) => Vec::new(),
    };
    Case { path, worlds, features: features.iter().map(|f| f.to_string()).collect() }
}

/// The entries of `dir` that `keep` accepts, sorted.
fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| keep(p))
        .collect();
    found.sort();
    found
}

/// `#[wasm::wit]` modules for every world of `cases`, and how many there are.
fn modules(cases: &[Case], first: usize) -> (String, usize) {
    let mut out = String::new();
    let mut n = first;
    for case in cases {
        for world in &case.worlds {
            n += 1;
            let features: Vec<String> = case.features.iter().map(|f| format!("{f:?}")).collect();
            out.push_str(&format!(
                "/// {} / {world}\n#[wasm::wit(path = {:?}, world = {world:?}, features = [{}])]\npub mod case_{n} {{}}\n",
                case.path.display(),
                case.path.display().to_string(),
                features.join(", ")
            ));
        }
    }
    (out, n - first)
}

/// Worlds wit-bindgen-rust 0.60 itself cannot bind, checked with `wit_bindgen::generate!` on the
/// same files: it panics on the first two ("handle types do not require definition"; the
/// macro's clean error for `resources.wit` is checked in wasm-macros' `corpus_tests`), and
/// for the diamonds it writes two modules `foo` (the package and an inline interface of that
/// name), as it does for two wit-parser cases (tests/component.rs).
const UPSTREAM_FAILURES: [(&str, &str); 5] = [
    ("resources.wit", "some-world"),
    ("resource-using-export", "module"),
    ("diamond.wit", "w1"),
    ("diamond.wit", "w2"),
    ("diamond-disambiguate", "w1"),
];

fn drop_upstream_failures(cases: &mut [Case]) {
    for case in cases {
        let file = case.path.file_name().unwrap().to_string_lossy().into_owned();
        case.worlds.retain(|w| !UPSTREAM_FAILURES.contains(&(file.as_str(), w.as_str())));
    }
}

#[test]
fn external_wit_suites_compile_for_wasm32() {
    let wit_component = unpacked("wit-component-0.254.2/tests").expect("wit-component 0.254.2 is a dev-dependency");

    // tests/interfaces: a `.wit` file or a folder with `deps/` per case.
    let mut interfaces: Vec<Case> = entries(&wit_component.join("interfaces"), |p| {
        p.is_dir() || p.extension().is_some_and(|e| e == "wit")
    })
    .into_iter()
    .map(|p| case(p, &[]))
    .collect();
    drop_upstream_failures(&mut interfaces);
    // tests/components: one package per folder, its worlds named after the core modules.
    let mut components: Vec<Case> =
        entries(&wit_component.join("components"), Path::is_dir).into_iter().map(|p| case(p, &[])).collect();
    drop_upstream_failures(&mut components);

    // WASI 0.2: every world of every `wasi:` package under wasmtime-wasi-http's `wit/deps`.
    let wasi_dir = wasi_wit();
    let mut resolve = wit_parser::Resolve::default();
    resolve.push_path(&wasi_dir).expect("wasmtime-wasi-http's WIT parses");
    let mut wasi_packages = BTreeSet::new();
    let mut wasi_worlds = Vec::new();
    for (_, package) in resolve.packages.iter().filter(|(_, p)| p.name.namespace == "wasi") {
        wasi_packages.insert(package.name.name.clone());
        let name = &package.name;
        let version = name.version.as_ref().map(|v| format!("@{v}")).unwrap_or_default();
        for world in package.worlds.keys() {
            wasi_worlds.push(format!("{}:{}/{world}{version}", name.namespace, name.name));
        }
    }
    let expected = ["cli", "clocks", "filesystem", "http", "io", "random", "sockets"];
    assert_eq!(wasi_packages.iter().map(String::as_str).collect::<Vec<_>>(), expected);
    let wasi = [Case { path: wasi_dir, worlds: wasi_worlds, features: Vec::new() }];

    let (interface_mods, n_interfaces) = modules(&interfaces, 0);
    let (component_mods, n_components) = modules(&components, n_interfaces);
    let (wasi_mods, n_wasi) = modules(&wasi, n_interfaces + n_components);
    assert_eq!((n_interfaces, n_components, n_wasi), (34, 160, 9), "worlds in the pinned suites, less the upstream failures");

    let dir = wasm_tests::target_dir().join("wit-suites-crate");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"wit-suites\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[workspace]\n\
             [dependencies]\nwasm = {{ path = {:?}, features = [\"component\"] }}\n",
            wasm_tests::repo_root().join("crates/wasm").display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        format!("#![allow(warnings)]\n{interface_mods}{component_mods}{wasi_mods}"),
    )
    .unwrap();
    let mut build = wasm_tests::cargo();
    build.args(["build", "--target", "wasm32-unknown-unknown", "--manifest-path"]).arg(dir.join("Cargo.toml"));
    wasm_tests::run_ok(&mut build);
}
