//! End to end: the `effects-demo` fixture built for two host profiles. The browser build keeps
//! its JavaScript imports and runs in Node with a JS glue; the WASI build (`--cfg
//! wasm_host="wasi"`) imports nothing at all, its pure exports give the same results in
//! wasmtime, and the export that needed JavaScript traps instead of calling it.

use std::path::PathBuf;

use wasm_tests::{WasmBuild, repo_root, run_node};
use wasmparser::{Parser, Payload};
use wasmtime::{Engine, Instance, Module, Store, Trap};

fn build(host: &str) -> PathBuf {
    let rustflags = format!("--cfg wasm_host=\"{host}\"");
    let variant = format!("effects-{host}");
    WasmBuild { package: "effects-demo", rustflags: &rustflags, variant: &variant, ..Default::default() }.build()
}

/// `(module, name)` of every import of a module, checked with wasmparser.
fn imports(wasm: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(reader) = payload.expect("valid module") {
            for import in reader.into_imports() {
                let import = import.expect("valid import");
                out.push((import.module.to_string(), import.name.to_string()));
            }
        }
    }
    out
}

#[test]
fn browser_build_keeps_its_js_imports_and_runs_in_node() {
    let wasm = build("browser");
    let mut found = imports(&std::fs::read(&wasm).unwrap());
    found.sort();
    assert_eq!(
        found,
        [("env".to_string(), "js_log".to_string()), ("env".to_string(), "js_now".to_string())]
    );

    let out = run_node(&repo_root().join("tests/e2e/effects.mjs"), &[wasm.as_os_str()]);
    let first = "report #1 at 1234.5 ms: fibonacci(10) = 55, 25 primes below 100, gcd = 1";
    let second = "report #2 at 1234.5 ms: fibonacci(3) = 2, 10 primes below 30, gcd = 1";
    let expected = format!(
        r#"{{"fibonacci":6765,"gcd":21,"primes":25,"reportLength":{},"secondReportLength":{},"logged":["{first}","{second}"]}}"#,
        first.len(),
        second.len()
    );
    assert_eq!(out.trim(), expected);
}

#[test]
fn wasi_build_has_no_js_import_and_its_pure_exports_run_in_wasmtime() {
    let wasm = build("wasi");
    let bytes = std::fs::read(&wasm).unwrap();
    assert_eq!(imports(&bytes), Vec::<(String, String)>::new(), "a WASI build must import nothing here");

    let engine = Engine::default();
    let module = Module::new(&engine, &bytes).expect("wasmtime compiles the module");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).expect("instantiates with no imports");

    let fibonacci = instance.get_typed_func::<u32, u32>(&mut store, "fibonacci").unwrap();
    let gcd = instance.get_typed_func::<(u64, u64), u64>(&mut store, "gcd").unwrap();
    let count_primes = instance.get_typed_func::<u32, u32>(&mut store, "count_primes").unwrap();
    let cases = [(0, 0), (1, 1), (2, 1), (10, 55), (20, 6765), (47, 2971215073)];
    for (n, expected) in cases {
        assert_eq!(fibonacci.call(&mut store, n).unwrap(), expected, "fibonacci({n})");
    }
    assert_eq!(gcd.call(&mut store, (1071, 462)).unwrap(), 21);
    assert_eq!(gcd.call(&mut store, (1 << 40, 6 << 20)).unwrap(), 2 << 20);
    assert_eq!(count_primes.call(&mut store, 100).unwrap(), 25);
    assert_eq!(count_primes.call(&mut store, 10_000).unwrap(), 1229);

    // The JS-only export is still there, but its body is a trap: nothing of it was linked.
    let report = instance.get_typed_func::<u32, u32>(&mut store, "report").unwrap();
    let err = report.call(&mut store, 10).expect_err("report needs JavaScript");
    assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::UnreachableCodeReached), "{err:?}");
}
