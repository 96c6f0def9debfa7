//! A dependency's exports in the derived world (tests/fixtures/crates/component-app): the app's
//! world holds what its JS module would export from the crates it links, `component-lib`'s
//! `#[wasm::export(always)]` function (returning the library's record) and `impl` (a resource,
//! defined in a private module and re-exported), and every export of `component-module` (a
//! `cdylib` and `rlib`, renamed `answers` in the app's Cargo.toml), and not `component-lib`'s
//! plain exports. The glue calls them by their public path in the dependency, and the component
//! runs in wasmtime.

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
        }
        world component-app { export api; }
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
    let mut store = Store::new(&engine, ());
    let app = ComponentApp::instantiate(&mut store, &component, &Linker::new(&engine)).expect("the derived world matches");
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
}
