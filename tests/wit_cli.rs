//! `cargo wasm-lint wit` and `cargo wasm-lint component` on a crate with Rust exports and no
//! WIT: the printed package against its snapshot, print -> parse -> print as a fixed point, the
//! round trip (the printed WIT, fed to `#[wasm::wit]`, generates the bindings the crate's own
//! functions are plugged into: that is how `component` builds it) and the component running in
//! wasmtime 48.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Engine, Store};

wasmtime::component::bindgen!({
    path: "../tests/fixtures/crates/rust-wit/rust-wit.wit",
    world: "rust-wit",
    additional_derives: [PartialEq],
});

use exports::component::rust_wit::api::{Color, Figure, Point, Shape, Size, Style, Summary};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn fixtures_target() -> PathBuf {
    let base =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    base.join("fixtures")
}

/// The stdout of `cargo wasm-lint SUBCOMMAND -p PACKAGE --release` on the fixtures workspace,
/// which must succeed (its stderr is the failure message).
fn stdout_of(subcommand: &str, package: &str) -> String {
    let manifest = repo().join("tests/fixtures/Cargo.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
        .args(["wasm-lint", subcommand, "--manifest-path"])
        .arg(&manifest)
        .args(["-p", package, "--release", "--target-dir"])
        .arg(fixtures_target())
        .env_remove("RUSTFLAGS")
        .env_remove("LD_LIBRARY_PATH")
        .output()
        .expect("run cargo-wasm-lint");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("the output is UTF-8")
}

/// `cargo wasm-lint wit -p rust-wit`, run once per test binary.
fn printed() -> &'static str {
    static WIT: OnceLock<String> = OnceLock::new();
    WIT.get_or_init(|| stdout_of("wit", "rust-wit"))
}

fn snapshot_path() -> PathBuf {
    repo().join("tests/fixtures/crates/rust-wit/rust-wit.wit")
}

#[test]
fn prints_the_package_of_the_rust_exports() {
    let wit = printed();
    if std::env::var_os("WASM_LINT_BLESS").is_some() {
        std::fs::write(snapshot_path(), wit).unwrap();
    }
    let expected =
        std::fs::read_to_string(snapshot_path()).expect("snapshot (bless with WASM_LINT_BLESS=1)");
    assert_eq!(
        wit, expected,
        "bless with WASM_LINT_BLESS=1 if the change is meant"
    );
    // What the snapshot must show, said once more in words.
    for needle in [
        "package component:rust-wit@1.2.0;", // name and version from Cargo.toml
        "/// A point in the plane.\n  record point {\n    /// Grows to the right.\n    x: f64,",
        "enum color {",
        "variant shape {\n    /// A circle of this radius.\n    circle(f64),\n    rect(point),\n    polygon(list<point>),\n    dot,",
        "flags style {\n    bold,\n    dashed,",
        "resource counter {\n    /// Starts at `start`.\n    constructor(start: u32);",
        "finish: static func(this: counter) -> u32;",
        "total: static func(a: borrow<counter>, b: borrow<counter>) -> u32;",
        "parse-color: func(name: string) -> result<color, string>;",
        // From a dependency crate, docs included.
        "/// A width and a height, in pixels.\n  record size {\n    width: u32,\n    /// Grows downwards.\n    height: u32,",
        "scale: func(size: size, by: u32) -> size;",
        "translate: func(points: list<point>, by: tuple<f64, f64>) -> list<point>;",
        "interface host {\n  /// Writes a line to the host's log.\n  log: func(message: string);",
        "world rust-wit {\n  import host;\n\n  export api;\n}",
    ] {
        assert!(wit.contains(needle), "missing {needle:?} in\n{wit}");
    }
}

#[test]
fn print_parse_print_is_a_fixed_point() {
    let wit = printed();
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve
        .push_str("rust-wit.wit", wit)
        .expect("the printed WIT parses");
    let mut printer = wit_component::WitPrinter::default();
    printer.print(&resolve, pkg, &[]).unwrap();
    assert_eq!(printer.output.to_string(), wit);
}

/// `cargo wasm-lint component -p rust-wit`, encoded and compiled once.
fn component(engine: &Engine) -> Component {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    let path = PATH.get_or_init(|| stdout_of("component", "rust-wit").trim().into());
    assert_eq!(
        *path,
        fixtures_target().join("wasm32-unknown-unknown/release/rust_wit.component.wasm")
    );
    Component::from_file(engine, path).expect("wasmtime accepts the component")
}

#[derive(Default)]
struct Host {
    log: Vec<String>,
}

impl component::rust_wit::host::Host for Host {
    fn log(&mut self, message: String) {
        self.log.push(message);
    }
}

fn instantiate() -> (Store<Host>, RustWit) {
    let engine = Engine::default();
    let component = component(&engine);
    let mut linker = Linker::<Host>::new(&engine);
    RustWit::add_to_linker::<Host, HasSelf<Host>>(&mut linker, |h| h).unwrap();
    let mut store = Store::new(&engine, Host::default());
    let instance = RustWit::instantiate(&mut store, &component, &linker).unwrap();
    (store, instance)
}

#[test]
fn the_component_runs_the_rust_functions_in_wasmtime() {
    let (mut store, app) = instantiate();
    let api = app.component_rust_wit_api();
    assert_eq!(
        api.call_greet(&mut store, "Wörld").unwrap(),
        "Hello, Wörld!"
    );
    let area = api
        .call_area(&mut store, &Shape::Rect(Point { x: 3.0, y: -4.0 }))
        .unwrap();
    assert_eq!(area, 12.0);
    let square = vec![
        Point { x: 0.0, y: 0.0 },
        Point { x: 2.0, y: 0.0 },
        Point { x: 2.0, y: 2.0 },
        Point { x: 0.0, y: 2.0 },
    ];
    assert_eq!(
        api.call_area(&mut store, &Shape::Polygon(square.clone()))
            .unwrap(),
        4.0
    );
    assert_eq!(api.call_area(&mut store, &Shape::Dot).unwrap(), 0.0);
    assert_eq!(
        api.call_centroid(&mut store, &square).unwrap(),
        Some(Point { x: 1.0, y: 1.0 })
    );
    assert_eq!(api.call_centroid(&mut store, &[]).unwrap(), None);
    assert_eq!(
        api.call_parse_color(&mut store, "green").unwrap(),
        Ok(Color::Green)
    );
    assert_eq!(
        api.call_parse_color(&mut store, "mauve").unwrap(),
        Err("unknown colour `mauve`".to_string())
    );
    let moved = api
        .call_translate(&mut store, &square[..2], (1.0, -1.0))
        .unwrap();
    assert_eq!(
        moved,
        vec![Point { x: 1.0, y: -1.0 }, Point { x: 3.0, y: -1.0 }]
    );
    let size = api
        .call_scale(
            &mut store,
            Size {
                width: 3,
                height: 4,
            },
            2,
        )
        .unwrap();
    assert_eq!(
        size,
        Size {
            width: 6,
            height: 8
        }
    );
    // `&Point` parameters take records; a `usize` field is a `u32`.
    assert_eq!(
        api.call_distance(
            &mut store,
            Point { x: 1.0, y: 1.0 },
            Point { x: 4.0, y: 5.0 }
        )
        .unwrap(),
        5.0
    );
    let shapes = [
        Shape::Circle(1.0),
        Shape::Rect(Point { x: 2.0, y: 3.0 }),
        Shape::Dot,
    ];
    let summary = api.call_summarize(&mut store, &shapes).unwrap();
    assert_eq!(
        summary,
        Summary {
            count: 3,
            area: std::f64::consts::PI + 6.0
        }
    );
    // A record holding a variant, an option of an enum and flags; the import is served.
    let figure = Figure {
        label: "sun".into(),
        shape: Shape::Circle(1.0),
        color: Some(Color::Red),
        style: Style::BOLD,
    };
    let line = api.call_describe(&mut store, &figure).unwrap();
    assert_eq!(line, "bold sun (red): area 3.1");
    let plain = Figure {
        label: "box".into(),
        shape: Shape::Rect(Point { x: 1.0, y: 2.0 }),
        color: None,
        style: Style::empty(),
    };
    assert_eq!(
        api.call_describe(&mut store, &plain).unwrap(),
        "box (no colour): area 2.0"
    );
    assert_eq!(
        store.data().log,
        vec![
            "bold sun (red): area 3.1".to_string(),
            "box (no colour): area 2.0".to_string()
        ]
    );
}

#[test]
fn an_exported_impl_is_a_resource() {
    let (mut store, app) = instantiate();
    let counter = app.component_rust_wit_api().counter();
    let a = counter.call_constructor(&mut store, 5).unwrap();
    assert_eq!(counter.call_bump(&mut store, a, 3).unwrap(), 8);
    assert_eq!(counter.call_count(&mut store, a).unwrap(), 8);
    let b = counter.call_constructor(&mut store, 1).unwrap();
    assert_eq!(counter.call_total(&mut store, a, b).unwrap(), 9);
    // The same handle twice: two shared borrows of one value.
    assert_eq!(counter.call_total(&mut store, a, a).unwrap(), 16);
    // `finish(self)` consumes: the handle is gone afterwards.
    assert_eq!(counter.call_finish(&mut store, a).unwrap(), 8);
    assert!(
        counter.call_count(&mut store, a).is_err(),
        "a finished counter's handle is dead"
    );
}

/// The class's JS entry points (`Counter.new`, `Counter.free`, ...: no prefix, told apart by
/// their items) are not exported by the component's core module; the world's resource is.
#[test]
fn the_core_module_exports_no_js_class_members() {
    let engine = Engine::default();
    let _ = component(&engine); // builds it
    let path = fixtures_target().join("wasm32-unknown-unknown/release/rust_wit.component.wasm");
    let bytes = std::fs::read(path).unwrap();
    let core_exports: Vec<String> = wasmparser::Parser::new(0)
        .parse_all(&bytes)
        .filter_map(|p| match p {
            Ok(wasmparser::Payload::ExportSection(s)) => Some(s.into_iter().map(|e| e.unwrap().name.to_string()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(core_exports.iter().any(|e| e.contains("[constructor]counter")), "{core_exports:?}");
    let js: Vec<&String> = core_exports.iter().filter(|e| e.starts_with("Counter.") || e.starts_with("__wasmrust")).collect();
    assert!(js.is_empty(), "JS entry points exported by the core module: {js:?}");
}

/// The Game of Life example (a JS class in `examples/game-of-life`, tested in Node and Chromium
/// by tests/game_of_life.rs), built unchanged as a component of the world derived from it.
mod game_of_life {
    use super::*;

    wasmtime::component::bindgen!({
        inline: "
            package component:game-of-life@0.1.0;
            interface api {
                resource universe {
                    constructor();
                    tick: func();
                    render: func() -> string;
                    width: func() -> u32;
                    height: func() -> u32;
                    cells: func() -> u32;
                    population: func() -> u32;
                }
            }
            world game-of-life { export api; }
        ",
        world: "game-of-life",
    });

    fn component(engine: &Engine) -> Component {
        let manifest = repo().join("examples/game-of-life/Cargo.toml");
        let target = fixtures_target().with_file_name("e2e-game-of-life-component");
        let out = Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
            .args(["wasm-lint", "component", "--release", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target)
            .env_remove("RUSTFLAGS")
            .env_remove("LD_LIBRARY_PATH")
            .output()
            .expect("run cargo-wasm-lint");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
        Component::from_file(engine, path).expect("wasmtime accepts the component")
    }

    /// One generation of the rules on a wrapping board of `width` columns (the test's own copy).
    fn step(cells: &[bool], width: usize) -> Vec<bool> {
        let height = cells.len() / width;
        let mut next = vec![false; cells.len()];
        for row in 0..height {
            for col in 0..width {
                let mut live = 0;
                for (dr, dc) in [
                    (height - 1, width - 1),
                    (height - 1, 0),
                    (height - 1, 1),
                    (0, width - 1),
                    (0, 1),
                    (1, width - 1),
                    (1, 0),
                    (1, 1),
                ] {
                    live += usize::from(cells[(row + dr) % height * width + (col + dc) % width]);
                }
                let alive = cells[row * width + col];
                next[row * width + col] = matches!((alive, live), (true, 2) | (_, 3));
            }
        }
        next
    }

    fn board(render: &str) -> Vec<bool> {
        render
            .chars()
            .filter(|c| *c != '\n')
            .map(|c| c == '◼')
            .collect()
    }

    #[test]
    fn the_game_of_life_example_runs_as_a_component() {
        let engine = Engine::default();
        let component = component(&engine);
        let linker = Linker::<()>::new(&engine);
        let mut store = Store::new(&engine, ());
        let app = GameOfLife::instantiate(&mut store, &component, &linker).unwrap();
        let universe = app.component_game_of_life_api().universe();
        let u = universe.call_constructor(&mut store).unwrap();
        let width = universe.call_width(&mut store, u).unwrap() as usize;
        assert_eq!(
            (width, universe.call_height(&mut store, u).unwrap()),
            (64, 64)
        );
        let mut expected = board(&universe.call_render(&mut store, u).unwrap());
        assert_eq!(expected.len(), 64 * 64);
        for generation in 1..=20 {
            universe.call_tick(&mut store, u).unwrap();
            expected = step(&expected, width);
            let got = board(&universe.call_render(&mut store, u).unwrap());
            assert!(
                got == expected,
                "generation {generation} differs from the rules"
            );
            let population = expected.iter().filter(|c| **c).count() as u32;
            assert_eq!(universe.call_population(&mut store, u).unwrap(), population);
        }
        u.resource_drop(&mut store).unwrap();
    }
}

/// Exported types through the real `#[wasm::export]` macro (tests/fixtures/crates/component-records):
/// records with `usize` / `isize` fields (WIT `u32` / `s32`) and `&Record` parameters of functions
/// and of a class's constructor and methods (WIT takes the record by value).
mod component_records {
    use super::*;

    wasmtime::component::bindgen!({
        inline: "
            package component:component-records@0.1.0;
            interface api {
                resource board {
                    constructor(grid: grid);
                    set: func(row: u32, col: u32) -> bool;
                    live: func() -> u32;
                    fits: func(other: grid) -> bool;
                    fits-or-any: func(other: option<grid>) -> bool;
                    take-from: func(other: option<borrow<board>>) -> u32;
                    grid: func() -> grid;
                }
                record grid { width: u32, height: u32, offset: s32 }
                record named { name: string, grid: grid }
                cells: func(grid: grid) -> u32;
                describe: func(named: named) -> string;
                describe-or: func(named: option<named>, fallback: option<string>) -> string;
                live-of: func(board: option<borrow<board>>) -> option<u32>;
                scaled: func(grid: grid, by: u32) -> grid;
            }
            world component-records { export api; }
        ",
        world: "component-records",
        additional_derives: [PartialEq],
    });

    use self::exports::component::component_records::api::{Grid, Named};

    /// `cargo wasm-lint component -p component-records`, run once per test binary.
    fn component_path() -> &'static Path {
        static PATH: OnceLock<PathBuf> = OnceLock::new();
        PATH.get_or_init(|| stdout_of("component", "component-records").trim().into())
    }

    fn instantiate() -> (Store<()>, ComponentRecords) {
        let path = component_path();
        let engine = Engine::default();
        // The derived world must be the one bound above: instantiation checks every type.
        let component =
            Component::from_file(&engine, path).expect("wasmtime accepts the component");
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

    /// `Option<&Record>`, `Option<&str>`, `Option<&Resource>` and `Option<&mut Resource>`
    /// parameters: WIT `option<T>` / `option<borrow<R>>`, lent to the Rust function by the glue.
    #[test]
    fn optional_borrowed_parameters_cross_a_component() {
        let (mut store, app) = instantiate();
        let api = app.component_component_records_api();
        let grid = Grid {
            width: 2,
            height: 5,
            offset: 1,
        };
        let named = Named {
            name: "blinker".into(),
            grid,
        };
        assert_eq!(
            api.call_describe_or(&mut store, Some(&named), Some("unused"))
                .unwrap(),
            "blinker: 2x5 at 1"
        );
        assert_eq!(
            api.call_describe_or(&mut store, None, Some("no grid"))
                .unwrap(),
            "no grid"
        );
        assert_eq!(
            api.call_describe_or(&mut store, None, None).unwrap(),
            "nothing"
        );

        let board = api.board();
        let a = board.call_constructor(&mut store, grid).unwrap();
        let b = board.call_constructor(&mut store, grid).unwrap();
        assert!(board.call_set(&mut store, b, 0, 1).unwrap());
        assert!(board.call_set(&mut store, b, 4, 0).unwrap());
        assert_eq!(api.call_live_of(&mut store, Some(b)).unwrap(), Some(2));
        assert_eq!(api.call_live_of(&mut store, None).unwrap(), None);
        assert!(board.call_fits_or_any(&mut store, a, Some(grid)).unwrap());
        assert!(board.call_fits_or_any(&mut store, a, None).unwrap());
        let other = Grid { offset: 0, ..grid };
        assert!(!board.call_fits_or_any(&mut store, a, Some(other)).unwrap());
        // `Option<&mut Board>`: the method changes the lent board (its cells move to `a`).
        assert_eq!(board.call_take_from(&mut store, a, Some(b)).unwrap(), 2);
        assert_eq!(board.call_live(&mut store, a).unwrap(), 2);
        assert_eq!(board.call_live(&mut store, b).unwrap(), 0);
        assert_eq!(board.call_take_from(&mut store, a, None).unwrap(), 0);
        a.resource_drop(&mut store).unwrap();
        b.resource_drop(&mut store).unwrap();
    }
}
