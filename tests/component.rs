//! Component Model guests from `#[wasm::wit]`, run in wasmtime 48.
//!
//! The fixture `tests/fixtures/crates/component-guest` is built for wasm32-unknown-unknown,
//! encoded into a component with wit-component, and instantiated with host bindings generated
//! from the same WIT by `wasmtime::component::bindgen!`.

use std::sync::OnceLock;

use wasm_tests::{WasmBuild, build_wasm};
use wasmtime::component::{Component, HasSelf, Linker, Resource, ResourceTable};
use wasmtime::{Engine, Store};

wasmtime::component::bindgen!({
    path: "fixtures/crates/component-guest/wit",
    world: "app",
    with: { "wasmrust:store/kv.bucket": BucketData },
});

use wasmrust::store::kv::{Host as KvHost, HostBucket};

/// The host side of a `bucket`.
#[derive(Default)]
pub struct BucketData {
    entries: Vec<(String, String)>,
}

#[derive(Default)]
struct State {
    table: ResourceTable,
    log: Vec<String>,
}

impl AppImports for State {
    fn log(&mut self, message: String) {
        self.log.push(message);
    }
}

impl KvHost for State {
    fn open(&mut self, _name: String) -> Resource<BucketData> {
        self.table.push(BucketData::default()).expect("table has room")
    }

    fn close(&mut self, b: Resource<BucketData>) -> u32 {
        self.table.delete(b).expect("a live bucket").entries.len() as u32
    }
}

impl HostBucket for State {
    fn new(&mut self, _name: String) -> Resource<BucketData> {
        self.table.push(BucketData::default()).expect("table has room")
    }

    fn get(&mut self, b: Resource<BucketData>, key: String) -> Option<String> {
        let data = self.table.get(&b).expect("a live bucket");
        data.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    }

    fn set(&mut self, b: Resource<BucketData>, key: String, value: String) {
        self.table.get_mut(&b).expect("a live bucket").entries.push((key, value));
    }

    fn drop(&mut self, b: Resource<BucketData>) -> wasmtime::Result<()> {
        self.table.delete(b)?;
        Ok(())
    }
}

/// The guest, built and encoded once per test binary.
fn component(engine: &Engine) -> Component {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        let core = std::fs::read(build_wasm("component-guest")).expect("built module");
        wit_component::ComponentEncoder::default()
            .validate(true)
            .module(&core)
            .expect("the module carries its component type")
            .encode()
            .expect("the module encodes as a component")
    });
    Component::new(engine, bytes).expect("wasmtime accepts the component")
}

fn instantiate() -> (Store<State>, App) {
    let (mut store, component, linker) = store_and_linker();
    let app = App::instantiate(&mut store, &component, &linker).unwrap();
    (store, app)
}

/// A store, the guest component and a linker serving its imports, to instantiate it with.
fn store_and_linker() -> (Store<State>, Component, Linker<State>) {
    let engine = Engine::default();
    let component = component(&engine);
    let mut linker = Linker::<State>::new(&engine);
    App::add_to_linker::<State, HasSelf<State>>(&mut linker, |s| s).unwrap();
    (Store::new(&engine, State::default()), component, linker)
}

#[test]
fn exports_return_values_and_imports_are_served() {
    let (mut store, app) = instantiate();
    assert_eq!(app.call_add(&mut store, 40, 2).unwrap(), 42);
    assert_eq!(app.call_add(&mut store, u32::MAX, 2).unwrap(), 1);
    let greeting = app.call_greet(&mut store, "Wörld").unwrap();
    assert_eq!(greeting.text, "Hello, Wörld!");
    assert_eq!(greeting.length, 13);
    assert_eq!(store.data().log, ["greeting Wörld"]);
}

#[test]
fn imported_resources_round_trip_and_leave_the_table_empty() {
    let (mut store, app) = instantiate();
    for i in 0..10_000u32 {
        let value = format!("v{i}");
        let read = app.call_roundtrip(&mut store, "k", &value).unwrap();
        assert_eq!(read.as_deref(), Some(value.as_str()));
    }
    assert!(store.data().table.is_empty(), "every bucket the guest created was released");
    // `close` consumes the handle: half the buckets got an entry.
    assert_eq!(app.call_churn(&mut store, 10_000).unwrap(), 5_000);
    assert!(store.data().table.is_empty());
}

#[test]
fn exported_resources_live_on_the_host_side() {
    let (mut store, app) = instantiate();
    let counters = app.wasmrust_store_counters().counter();
    let counter = counters.call_constructor(&mut store, 7).unwrap();
    assert_eq!(counters.call_bump(&mut store, counter).unwrap(), 8);
    assert_eq!(counters.call_bump(&mut store, counter).unwrap(), 9);
    counter.resource_drop(&mut store).unwrap();
}

#[test]
fn stale_host_handles_are_errors_not_crashes() {
    let (mut store, app) = instantiate();
    let counters = app.wasmrust_store_counters().counter();
    let counter = counters.call_constructor(&mut store, 0).unwrap();
    counter.resource_drop(&mut store).unwrap();
    let twice = counter.resource_drop(&mut store).unwrap_err();
    assert!(format!("{twice:?}").contains("unknown handle index"), "{twice:?}");
    let used = counters.call_bump(&mut store, counter).unwrap_err();
    assert!(format!("{used:?}").contains("unknown handle index"), "{used:?}");
    // A fresh handle is not the dropped one revived.
    let fresh = counters.call_constructor(&mut store, 100).unwrap();
    assert_eq!(counters.call_bump(&mut store, fresh).unwrap(), 101);
}

/// A guest handed a resource it does not own: a `counter` of another instance in the same store
/// (another resource type to the canonical ABI), or one already dropped. Each call is an error
/// naming the problem, and both instances keep working.
#[test]
fn resources_of_another_instance_are_refused() {
    let (mut store, component, linker) = store_and_linker();
    let first = App::instantiate(&mut store, &component, &linker).unwrap();
    let second = App::instantiate(&mut store, &component, &linker).unwrap();
    let (ones, twos) = (first.wasmrust_store_counters().counter(), second.wasmrust_store_counters().counter());
    let mine = ones.call_constructor(&mut store, 10).unwrap();
    let theirs = twos.call_constructor(&mut store, 20).unwrap();
    let err = twos.call_bump(&mut store, mine).unwrap_err();
    assert!(format!("{err:?}").contains("mismatched resource types"), "{err:?}");
    let err = ones.call_bump(&mut store, theirs).unwrap_err();
    assert!(format!("{err:?}").contains("mismatched resource types"), "{err:?}");
    // Each still reaches its own, untouched.
    assert_eq!(ones.call_bump(&mut store, mine).unwrap(), 11);
    assert_eq!(twos.call_bump(&mut store, theirs).unwrap(), 21);
    mine.resource_drop(&mut store).unwrap();
    let err = ones.call_bump(&mut store, mine).unwrap_err();
    assert!(format!("{err:?}").contains("unknown handle index"), "{err:?}");
    assert_eq!(twos.call_bump(&mut store, theirs).unwrap(), 22);
    theirs.resource_drop(&mut store).unwrap();
    assert_eq!(first.call_add(&mut store, 1, 2).unwrap(), 3);
}

/// A guest using a resource index it was never given: it forges a `bucket` handle (an `unsafe`
/// `from_handle` in the fixture) and calls a method, or drops it. The canonical ABI checks the
/// index against the instance's own handle table and traps with a message naming it.
#[test]
fn a_guest_forging_a_resource_index_traps() {
    let (mut store, component, linker) = store_and_linker();
    let fresh_store = || Store::new(linker.engine(), State::default());
    let app = App::instantiate(&mut store, &component, &linker).unwrap();
    let err = app.call_forged_bucket_get(&mut store, 1000, "k").unwrap_err();
    assert_eq!(format!("{}", err.root_cause()), "unknown handle index 1000", "{err:?}");
    // wasmtime 48 poisons the store after a trap: no instance in it can be entered again, a
    // fresh one included. A new store of the same engine works.
    for app in [app, App::instantiate(&mut store, &component, &linker).unwrap()] {
        let err = app.call_add(&mut store, 1, 2).unwrap_err();
        assert_eq!(format!("{}", err.root_cause()), "wasm trap: cannot enter component instance", "{err:?}");
    }
    let mut store = fresh_store();
    let app = App::instantiate(&mut store, &component, &linker).unwrap();
    assert_eq!(app.call_add(&mut store, 1, 2).unwrap(), 3);
    // Dropping a forged handle: the same check.
    let err = app.call_forged_bucket_drop(&mut store, 7).unwrap_err();
    assert_eq!(format!("{}", err.root_cause()), "unknown handle index 7", "{err:?}");
    assert!(store.data().table.is_empty(), "no host bucket was touched");
    // An index the guest really held, once: a bucket it already released.
    let mut store = fresh_store();
    let app = App::instantiate(&mut store, &component, &linker).unwrap();
    assert_eq!(app.call_roundtrip(&mut store, "k", "v").unwrap().as_deref(), Some("v"));
    let err = app.call_forged_bucket_get(&mut store, 1, "k").unwrap_err();
    assert_eq!(format!("{}", err.root_cause()), "unknown handle index 1", "{err:?}");
    assert!(store.data().table.is_empty());
}

/// `examples/component`, built as its README says and called through wasmtime's dynamic API
/// (no bindgen: the way a generic host such as the wasmtime CLI sees it).
#[test]
fn the_example_component_runs() {
    use wasmtime::component::Val;
    let root = wasm_tests::repo_root();
    let target = wasm_tests::target_dir().join("fixtures-example");
    let mut build = wasm_tests::cargo();
    build
        .args(["build", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(root.join("examples/component/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target);
    wasm_tests::run_ok(&mut build);
    let core = std::fs::read(target.join("wasm32-unknown-unknown/release/component_demo.wasm")).unwrap();
    let bytes = wit_component::ComponentEncoder::default().validate(true).module(&core).unwrap().encode().unwrap();
    let engine = Engine::default();
    let component = Component::new(&engine, bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &component).unwrap();
    let greet = instance.get_typed_func::<(&str,), (String,)>(&mut store, "greet").unwrap();
    assert_eq!(greet.call(&mut store, ("you",)).unwrap().0, "Hello, you!");
    let stats = instance.get_func(&mut store, "stats").unwrap();
    let mut out = [Val::Bool(false)];
    stats.call(&mut store, &[Val::String("the quick brown fox".into())], &mut out).unwrap();
    let Val::Record(fields) = &out[0] else { panic!("a record: {out:?}") };
    assert_eq!(fields[0], ("words".to_string(), Val::U32(4)));
    assert_eq!(fields[1], ("longest".to_string(), Val::String("quick".into())));
}

/// wit-parser 0.254.2's passing UI cases (from the package cargo unpacked): `#[wasm::wit]`
/// bindings of every world compile for wasm32-unknown-unknown, in one scratch crate.
#[test]
fn wit_parser_corpus_compiles_for_wasm32() {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let corpus = std::fs::read_dir(home.join("registry/src"))
        .unwrap()
        .flatten()
        .map(|r| r.path().join("wit-parser-0.254.2/tests/ui"))
        .find(|p| p.is_dir())
        .expect("cargo has unpacked wit-parser 0.254.2");
    let mut modules = String::new();
    let mut count = 0;
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".wit.json").map(str::to_string))
        .collect();
    names.sort();
    // wit-bindgen-rust 0.60 itself generates two modules `foo` for these (a package and an
    // inline interface of one name): the same with `wit_bindgen::generate!`.
    const NAME_CLASHES: [&str; 2] = ["disambiguate-diamond", "world-implicit-import1"];
    names.retain(|n| !NAME_CLASHES.contains(&n.as_str()));
    for name in names {
        let file = corpus.join(format!("{name}.wit"));
        let path = if file.is_file() { file } else { corpus.join(&name) };
        let mut resolve = wit_parser::Resolve::default();
        // wit-parser's own harness turns on the gate `active`.
        resolve.features.insert("active".into());
        // WebAssembly-text packages (two cases) are not WIT source: the macro does not read them.
        let Ok((package, _)) = resolve.push_path(&path) else { continue };
        for world in resolve.packages[package].worlds.keys() {
            count += 1;
            modules.push_str(&format!(
                "#[wasm::wit(path = {:?}, world = {world:?}, features = [\"active\"])]\npub mod case_{count} {{}}\n",
                path.display().to_string()
            ));
        }
    }
    assert!(count >= 70, "{count} worlds");
    let dir = wasm_tests::target_dir().join("wit-corpus-crate");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let wasm = wasm_tests::repo_root().join("crates/wasm");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"wit-corpus\"\nversion = \"0.0.0\"\nedition = \"2024\"\n[workspace]\n[dependencies]\nwasm = {{ path = {:?}, features = [\"component\"] }}\n",
            wasm.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), format!("#![allow(warnings)]\n{modules}")).unwrap();
    let mut build = wasm_tests::cargo();
    build.args(["build", "--target", "wasm32-unknown-unknown", "--manifest-path"]).arg(dir.join("Cargo.toml"));
    wasm_tests::run_ok(&mut build);
}

/// What the Node test of `rust-wit` calls, one printed line per result.
const CALLS: &str = r#"
const out = [exports.greet("Wörld")];
const square = [{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 2, y: 2 }, { x: 0, y: 2 }];
out.push(exports.area({ tag: "Polygon", val: square }), exports.area({ tag: "Dot" }));
out.push(JSON.stringify(exports.centroid(square)), String(exports.centroid([])));
out.push(exports.parse_color("green"));
try { exports.parse_color("mauve"); } catch (e) { out.push(e.message); }
out.push(JSON.stringify(exports.scale({ width: 3, height: 4 }, 2)), exports.distance({ x: 1, y: 1 }, { x: 4, y: 5 }));
out.push(JSON.stringify(exports.summarize([{ tag: "Rect", val: { x: 2, y: 3 } }, { tag: "Dot" }])));
out.push(exports.describe({ label: "sun", shape: { tag: "Circle", val: 1 }, color: "Red", style: { bold: true, dashed: false } }));
out.push(typeof exports.translate);
// Given names are the JS names (WIT `full-name`, `list`, `step` / `set-step`, `bump-by-step`).
out.push(exports.fullName("Ada", "Lovelace"), exports.list().join(" "));
const a = new exports.Counter(5), b = new exports.Counter(1);
b.step = 4;
out.push(b.step);
out.push(a.bump(3), a.count, exports.Counter.total(a, b), a.finish());
try { a.count; } catch (e) { out.push(e instanceof Error); }
out.push(b.bumpByStep(), typeof b.advance); // `#[wasm(name = "bumpByStep")] fn advance`
b.free();
const g = new exports.Gauge(3, 4);
out.push(g.percent());
for (const args of [[5, 4], [0, 0]]) try { new exports.Gauge(...args); } catch (e) { out.push(`${e.name} ${e.message}`); }
g.free();
out.push(new exports.Label("x").text());
try { new exports.Label(""); } catch (e) { out.push(`${e.name} ${e.message}`); }
// Built with `js-module`: the exports calling imports that pass exported types are left out.
out.push(["placed", "tallied", "swapped", "nudged"].map((f) => typeof exports[f]).join(" "));
out.push(logged.join("|"));
console.log(out.join("\n"));
"#;

/// The Rust-first fixture (`rust-wit`, run as a component by tests/wit_cli.rs) is also a plain
/// JS module: its `#[wasm::export]` records, enums, variants, flags and class, and its
/// `#[wasm::import]`, work in Node unchanged (the same calls tests/wit_cli.rs makes in wasmtime).
#[test]
fn the_rust_exports_crate_is_also_a_js_module() {
    // Its imports passing exported types are a component host's only (the next test): the JS
    // module is the crate without them.
    let module = WasmBuild { package: "rust-wit", features: &["js-module"], ..Default::default() }.build();
    let bytes = std::fs::read(&module).unwrap();
    let host_imports: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&bytes)
        .filter_map(|p| match p {
            Ok(wasmparser::Payload::ImportSection(s)) => Some(s.into_imports().map(|i| i.unwrap()).filter(|i| i.module == "host").map(|i| i.name.to_string()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(host_imports, ["log"]);
    let runtime = wasm_tests::repo_root().join("crates/wasm/js/wasmrust.mjs");
    let script = format!(
        r#"import {{ readFile }} from "node:fs/promises";
import {{ instantiate }} from {runtime:?};
const logged = [];
const {{ exports }} = await instantiate(await readFile({module:?}), {{ imports: {{ host: {{ log: (m) => logged.push(m) }} }} }});
"#,
        runtime = runtime.to_str().unwrap(),
        module = module.to_str().unwrap(),
    ) + CALLS;
    let out = wasm_tests::node().args(["--input-type=module", "-e", &script]).output().expect("node runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = String::from_utf8(out.stdout).unwrap();
    let expected = [
        "Hello, Wörld!",
        "4",
        "0",
        r#"{"x":1,"y":1}"#,
        "null", // `None`
        "Green",
        "unknown colour `mauve`",
        r#"{"width":6,"height":8}"#,
        "5",
        r#"{"count":2,"area":6}"#,
        "bold sun (red): area 3.1",
        "undefined", // `translate` takes a tuple: no JS form, so no JS export
        "Ada Lovelace",
        "Red Green Blue",
        "4",
        "8",
        "8",
        "9",
        "8",
        "true",
        "5",         // `b.bumpByStep()`: 1 and a step of 4
        "undefined", // not under its Rust name `advance`
        "75",
        "RustError OverMax", // a fallible constructor's `Err`, thrown by `new`
        "RustError ZeroMax",
        "x",
        "RustError undefined", // `Err(())`
        "undefined undefined undefined undefined",
        "bold sun (red): area 3.1",
    ];
    assert_eq!(lines.trim().lines().collect::<Vec<_>>(), expected);
}

/// Built as a JS module with its imports that pass exported types, the crate does not compile:
/// each such import is refused at its type, naming the host that has it (a component host).
#[test]
fn a_js_module_refuses_imports_passing_exported_types() {
    let out = wasm_tests::cargo()
        .args(["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "rust-wit", "--message-format=short"])
        .arg("--manifest-path")
        .arg(wasm_tests::repo_root().join("tests/fixtures/Cargo.toml"))
        .arg("--target-dir")
        .arg(wasm_tests::target_dir().join("fixtures"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let refusals: Vec<&str> = stderr.lines().filter(|l| l.contains("the JS host has not")).collect();
    let at = |ty: &str| refusals.iter().any(|l| l.contains("rust-wit/src/lib.rs") && l.contains(&format!("`host.{ty}` passes exported types")));
    assert!(["place", "tally", "swap", "nudge"].into_iter().all(at), "{stderr}");
    assert_eq!(refusals.len(), 4, "one error per import, not per wrapper: {stderr}");
}
