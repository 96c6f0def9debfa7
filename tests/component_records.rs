//! Exported types through the real `#[wasm::export]` macro in a component build: records with
//! `usize` / `isize` fields (WIT `u32` / `s32`) and `&Record` parameters of functions and of a
//! class's constructor and methods (WIT takes the record by value), built by
//! `cargo wasm-lint component` from tests/fixtures/crates/component-records and run in wasmtime.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

wasmtime::component::bindgen!({
    inline: "
        package component:component-records@0.1.0;
        interface api {
            resource board {
                constructor(grid: grid);
                set: func(row: u32, col: u32) -> bool;
                live: func() -> u32;
                fits: func(other: grid) -> bool;
                grid: func() -> grid;
            }
            record grid { width: u32, height: u32, offset: s32 }
            record named { name: string, grid: grid }
            cells: func(grid: grid) -> u32;
            describe: func(named: named) -> string;
            scaled: func(grid: grid, by: u32) -> grid;
        }
        world component-records { export api; }
    ",
    world: "component-records",
    additional_derives: [PartialEq],
});

use exports::component::component_records::api::{Grid, Named};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The fixtures' own target dir (shared with tests/component_cli.rs and tests/wit_cli.rs).
fn fixtures_target() -> PathBuf {
    let base =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    base.join("fixtures")
}

/// `cargo wasm-lint component -p component-records`, run once per test binary.
fn component_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
            .args(["wasm-lint", "component", "--manifest-path"])
            .arg(repo().join("tests/fixtures/Cargo.toml"))
            .args(["-p", "component-records", "--release", "--target-dir"])
            .arg(fixtures_target())
            .env_remove("RUSTFLAGS")
            .env_remove("LD_LIBRARY_PATH")
            .output()
            .expect("run cargo-wasm-lint");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
    })
}

fn instantiate() -> (Store<()>, ComponentRecords) {
    let path = component_path();
    let engine = Engine::default();
    // The derived world must be the one bound above: instantiation checks every type.
    let component = Component::from_file(&engine, path).expect("wasmtime accepts the component");
    let mut store = Store::new(&engine, ());
    let app = ComponentRecords::instantiate(&mut store, &component, &Linker::new(&engine))
        .expect("the derived world matches");
    (store, app)
}

#[test]
fn records_with_usize_fields_and_borrowed_records_cross_a_component() {
    let (mut store, app) = instantiate();
    let api = app.component_component_records_api();
    let grid = Grid {
        width: 6,
        height: 7,
        offset: -3,
    };
    // `&Grid` parameter, `usize` result.
    assert_eq!(api.call_cells(&mut store, grid).unwrap(), 42);
    // `&Grid` and `usize` in, a `Grid` of `usize` / `isize` fields out.
    assert_eq!(
        api.call_scaled(&mut store, grid, 3).unwrap(),
        Grid {
            width: 18,
            height: 21,
            offset: -9
        }
    );
    // `u32::MAX` is `usize::MAX` on wasm32: the width is kept, not truncated or sign-extended.
    let wide = Grid {
        width: u32::MAX,
        height: 1,
        offset: i32::MIN,
    };
    assert_eq!(api.call_scaled(&mut store, wide, 1).unwrap(), wide);
    // `&Named`: a borrowed record holding a string and a record.
    let named = Named {
        name: "glider".into(),
        grid,
    };
    assert_eq!(
        api.call_describe(&mut store, &named).unwrap(),
        "glider: 6x7 at -3"
    );
}

#[test]
fn a_class_takes_borrowed_records_in_its_constructor_and_methods() {
    let (mut store, app) = instantiate();
    let board = app.component_component_records_api().board();
    let grid = Grid {
        width: 4,
        height: 3,
        offset: 0,
    };
    let b = board.call_constructor(&mut store, grid).unwrap();
    assert!(board.call_set(&mut store, b, 2, 3).unwrap());
    assert!(
        !board.call_set(&mut store, b, 3, 0).unwrap(),
        "row 3 is outside a 3-row grid"
    );
    assert_eq!(board.call_live(&mut store, b).unwrap(), 1);
    assert!(board.call_fits(&mut store, b, grid).unwrap());
    assert!(
        !board
            .call_fits(
                &mut store,
                b,
                Grid {
                    width: 4,
                    height: 3,
                    offset: 1
                }
            )
            .unwrap()
    );
    assert_eq!(board.call_grid(&mut store, b).unwrap(), grid);
    b.resource_drop(&mut store).unwrap();
}
