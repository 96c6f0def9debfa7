//! A dependency's exports in the derived world (tests/fixtures/crates/component-app): the app's
//! world holds what its JS module would export from the crates it links, `component-lib`'s
//! `#[wasm::export(always)]` function (returning the library's record) and `impl` (a resource,
//! defined in a private module and re-exported), and every export of `component-module` (a
//! `cdylib` and `rlib`, renamed `answers` in the app's Cargo.toml), and not `component-lib`'s
//! plain exports. The glue calls them by their public path in the dependency, and the component
//! runs in wasmtime. `component-lib`'s `#[wasm::import(module = "host")]` functions are imports of
//! the world (`measure` shared with the app's own import of it); the component imports only the
//! one its module calls, which the host serves.

use super::*;

wasmtime::component::bindgen!({
    inline: "
        package component:component-app@0.0.0;
        interface api {
            resource meter {
                constructor(start: u32);
                add: func(n: u32) -> u32;
                total: func() -> u32;
            }
            record reading { label: string, value: f64 }
            app-sum: func(a: u32, b: u32) -> u32;
            app-answer: func() -> u32;
            lib-reading: func(label: string, value: f64) -> reading;
            module-answer: func() -> u32;
            app-measure: func(label: string) -> u32;
        }
        interface host {
            measure: func(label: string) -> u32;
            unused-probe: func(n: u32) -> u32;
        }
        world component-app { import host; export api; }
    ",
    world: "component-app",
    additional_derives: [PartialEq],
});

use self::exports::component::component_app::api::Reading;

#[test]
fn the_world_holds_the_dependencies_exports_the_js_module_would() {
    let wit = stdout_of("wit", "component-app");
    for needle in [
        // `always` in an rlib: the function, the record its signature reaches, the resource.
        "/// A reading of `value`, labelled: exported by every module linking this crate (`always`).\n  lib-reading: func(label: string, value: f64) -> reading;",
        "record reading {\n    label: string,\n    value: f64,\n  }",
        "resource meter {\n    /// Starts at `start`.\n    constructor(start: u32);\n    /// Adds `n`; returns the new total.\n    add: func(n: u32) -> u32;\n    total: func() -> u32;\n  }",
        // A plain export of a `cdylib` + `rlib` dependency.
        "module-answer: func() -> u32;",
        // The app's own.
        "app-sum: func(a: u32, b: u32) -> u32;",
        "app-answer: func() -> u32;",
        // `component-lib`'s imports, the one the app reaches and the one it does not.
        "interface host {\n  /// The host's measure of `label`.\n  measure: func(label: string) -> u32;",
        "unused-probe: func(n: u32) -> u32;",
        "world component-app {\n  import host;\n\n  export api;\n}",
    ] {
        assert!(wit.contains(needle), "missing {needle:?} in\n{wit}");
    }
    // The library's plain exports (a function, a class) are its own module's only.
    for absent in ["lib-double", "hidden"] {
        assert!(!wit.contains(absent), "`{absent}` is in the world:\n{wit}");
    }
}

#[test]
fn the_component_calls_the_dependencies_exports() {
    let path = PathBuf::from(stdout_of("component", "component-app").trim());
    assert_eq!(path, fixtures_target().join("wasm32-unknown-unknown/release/component_app.component.wasm"));
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path).expect("wasmtime accepts the component");
    // The host serves the library's imports; the component imports `measure` only.
    let component_type = component.component_type();
    let imported: Vec<String> = component_type
        .imports(&engine)
        .flat_map(|(name, import)| match import.ty {
            wasmtime::component::types::ComponentItem::ComponentInstance(instance) => {
                instance.exports(&engine).map(|(f, _)| format!("{name}#{f}")).collect()
            }
            _ => vec![name.to_string()],
        })
        .collect();
    assert_eq!(imported, ["component:component-app/host@0.0.0#measure"]);
    let mut linker = Linker::new(&engine);
    ComponentApp::add_to_linker::<Measures, HasSelf<Measures>>(&mut linker, |h| h).unwrap();
    let mut store = Store::new(&engine, Measures::default());
    let app = ComponentApp::instantiate(&mut store, &component, &linker).expect("the derived world matches");
    let api = app.component_component_app_api();
    assert_eq!(api.call_app_sum(&mut store, 5, 1).unwrap(), 11);
    assert_eq!(api.call_app_answer(&mut store).unwrap(), 43);
    assert_eq!(api.call_module_answer(&mut store).unwrap(), 42);
    let reading = api.call_lib_reading(&mut store, "t", 1.25).unwrap();
    assert_eq!(reading, Reading { label: "t!".into(), value: 2.5 });
    let meter = api.meter();
    let m = meter.call_constructor(&mut store, 3).unwrap();
    assert_eq!(meter.call_add(&mut store, m, 4).unwrap(), 7);
    assert_eq!(meter.call_add(&mut store, m, 10).unwrap(), 17);
    assert_eq!(meter.call_total(&mut store, m).unwrap(), 17);
    m.resource_drop(&mut store).unwrap();
    // The app's own import and `component-lib`'s wrapper call one host function:
    // `measure("abcd") + (measure("abcd") + 1)`.
    assert_eq!(api.call_app_measure(&mut store, "abcd").unwrap(), 81);
    assert_eq!(store.data().asked, ["abcd", "abcd"]);
}

/// The host's side of `component-lib`'s imports: what the guest asked is kept.
#[derive(Default)]
struct Measures {
    asked: Vec<String>,
}

impl component::component_app::host::Host for Measures {
    fn measure(&mut self, label: String) -> u32 {
        let n = 10 * label.len() as u32;
        self.asked.push(label);
        n
    }

    fn unused_probe(&mut self, _n: u32) -> u32 {
        unreachable!("the component does not import `unused-probe`")
    }
}
