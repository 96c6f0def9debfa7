//! `cargo wasm-lint wit` and `cargo wasm-lint component` on a crate with Rust exports and no
//! WIT: the printed package against its snapshot, print -> parse -> print as a fixed point, the
//! round trip (the printed WIT, fed to `#[wasm::wit]`, generates the bindings the crate's own
//! functions are plugged into: that is how `component` builds it) and the component running in
//! wasmtime 48.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

#[path = "wit_cli/core_exports.rs"]
mod core_exports;

use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Engine, Store};

wasmtime::component::bindgen!({
    path: "../tests/fixtures/crates/rust-wit/rust-wit.wit",
    world: "rust-wit",
    additional_derives: [PartialEq],
});

use component::rust_wit::types::{Color, Figure, Point, Shape, Style, Summary};
use exports::component::rust_wit::api::{GaugeError, Size};

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
        // `fn new(..) -> Result<Self, GaugeError>`: a fallible constructor.
        "constructor(level: u32, max: u32) -> result<gauge, gauge-error>;",
        "constructor(text: string) -> result<label>;", // `Result<Self, ()>`
        "total: static func(a: borrow<counter>, b: borrow<counter>) -> u32;",
        "parse-color: func(name: string) -> result<color, string>;",
        // `#[wasm::export(name = "fullName")] fn join_names`: the given name, in kebab-case; a
        // given name that is a WIT keyword is escaped (`name = "list"`).
        "full-name: func(first: string, last: string) -> string;",
        "%list: func() -> list<color>;",
        // `#[wasm(getter = "step")] fn stride`, `#[wasm(setter = "step")] fn change_stride`.
        "step: func() -> u32;",
        "set-step: func(step: u32);",
        // `#[wasm(name = "bumpByStep")] fn advance`: a method's given name.
        "bump-by-step: func() -> u32;",
        // From a dependency crate, docs included.
        "/// A width and a height, in pixels.\n  record size {\n    width: u32,\n    /// Grows downwards.\n    height: u32,",
        "scale: func(size: size, by: u32) -> size;",
        "translate: func(points: list<point>, by: tuple<f64, f64>) -> list<point>;",
        // The types imports pass are in `types`, which `api` and `host` use; `size` stays in `api`.
        "interface types {\n  /// A point in the plane.\n  record point {",
        "interface api {\n  use types.{point, color, shape, figure, summary};",
        "interface host {\n  use types.{point, color, shape, style, figure, summary};\n\n  /// Writes a line to the host's log.\n  log: func(message: string);",
        "place: func(figure: figure) -> point;",
        "tally: func(shapes: list<shape>, colors: option<list<color>>) -> result<summary, string>;",
        "swap: func(pair: tuple<point, color>) -> option<tuple<color, point>>;",
        "nudge: func(at: point, near: option<figure>, style: style) -> list<point>;",
        "world rust-wit {\n  import types;\n  import host;\n\n  export api;\n}",
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

/// The host's side of the imports; what the guest passed is kept for the test to check.
#[derive(Default)]
struct Host {
    log: Vec<String>,
    placed: Vec<Figure>,
    tallied: Vec<(Vec<Shape>, Option<Vec<Color>>)>,
}

impl component::rust_wit::types::Host for Host {}

impl component::rust_wit::host::Host for Host {
    fn log(&mut self, message: String) {
        self.log.push(message);
    }

    fn place(&mut self, figure: Figure) -> Point {
        let corners = match &figure.shape {
            Shape::Polygon(points) => points.len(),
            _ => 0,
        };
        let at = Point { x: figure.label.len() as f64, y: corners as f64 };
        self.placed.push(figure);
        at
    }

    fn tally(&mut self, shapes: Vec<Shape>, colors: Option<Vec<Color>>) -> Result<Summary, String> {
        self.tallied.push((shapes.clone(), colors.clone()));
        if shapes.is_empty() {
            return Err("nothing to tally".into());
        }
        let colors = colors.map_or(1, |c| c.len());
        Ok(Summary { count: (shapes.len() * colors) as u32, area: -1.5 })
    }

    fn nudge(&mut self, at: Point, near: Option<Figure>, style: Style) -> Vec<Point> {
        let mut points = vec![Point { x: at.x + 1.0, y: at.y }];
        points.extend(near.map(|f| Point { x: f.label.len() as f64, y: f64::from(u8::from(style == Style::BOLD)) }));
        points
    }

    fn swap(&mut self, (point, color): (Point, Color)) -> Option<(Color, Point)> {
        (color != Color::Blue).then_some((Color::Green, Point { x: point.y, y: point.x }))
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

/// Imports that take and return exported types: the host receives the guest's records, enums,
/// variants, flags, lists, options and tuples, and the guest sees what the host returns.
#[test]
fn imports_pass_exported_types_both_ways() {
    let (mut store, app) = instantiate();
    let api = app.component_rust_wit_api();
    let figure = Figure {
        label: "kite".into(),
        shape: Shape::Polygon(vec![Point { x: 0.0, y: 1.5 }, Point { x: -2.0, y: 0.0 }]),
        color: Some(Color::Blue),
        style: Style::BOLD | Style::DASHED,
    };
    // `&Figure` lent to `place`: the host gets it whole; its `point` comes back.
    let at = api.call_placed(&mut store, &figure).unwrap();
    assert_eq!(at, Point { x: 4.0, y: 2.0 });
    assert_eq!(store.data().placed, [figure]);
    // A list of variants and an optional list of enums in; a result of a record (`usize`) out.
    let shapes = [Shape::Circle(2.0), Shape::Rect(Point { x: 1.0, y: 1.0 }), Shape::Dot];
    let summary = api.call_tallied(&mut store, &shapes).unwrap();
    assert_eq!(summary, Ok(Summary { count: 6, area: -1.5 }));
    assert_eq!(api.call_tallied(&mut store, &[]).unwrap(), Err("nothing to tally".to_string()));
    assert_eq!(
        store.data().tallied,
        [(shapes.to_vec(), Some(vec![Color::Red, Color::Blue])), (vec![], Some(vec![Color::Red, Color::Blue]))]
    );
    // A tuple of a record and an enum in, an optional tuple out.
    let swapped = api.call_swapped(&mut store, Point { x: 1.0, y: 2.0 }, Color::Red).unwrap();
    let corner = Point { x: 2.0, y: 1.0 };
    assert_eq!(
        swapped,
        Some(Figure { label: "swapped".into(), shape: Shape::Rect(corner), color: Some(Color::Green), style: Style::DASHED })
    );
    assert_eq!(api.call_swapped(&mut store, corner, Color::Blue).unwrap(), None);
    // `&Point` (passed by value: it holds no list), `Option<&Figure>` (lent) and flags.
    let near = Figure { label: "ab".into(), shape: Shape::Dot, color: None, style: Style::empty() };
    let points = api.call_nudged(&mut store, corner, Some(&near)).unwrap();
    assert_eq!(points, [Point { x: 3.0, y: 1.0 }, Point { x: 2.0, y: 1.0 }]);
    assert_eq!(api.call_nudged(&mut store, corner, None).unwrap(), [Point { x: 3.0, y: 1.0 }]);
}

/// `#[wasm::export(name = "..")]` names the WIT function: the host calls `full-name` and `list`
/// (a WIT keyword), which run `join_names` and `palette`.
#[test]
fn renamed_exports_are_called_by_their_given_names() {
    let (mut store, app) = instantiate();
    let api = app.component_rust_wit_api();
    assert_eq!(api.call_full_name(&mut store, "Ada", "Lovelace").unwrap(), "Ada Lovelace");
    assert_eq!(api.call_list(&mut store).unwrap(), [Color::Red, Color::Green, Color::Blue]);
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
    // A getter and a setter renamed `step`: WIT `step` and `set-step`, calling `stride` and
    // `change_stride`.
    assert_eq!(counter.call_step(&mut store, a).unwrap(), 1);
    counter.call_set_step(&mut store, a, 4).unwrap();
    assert_eq!(counter.call_step(&mut store, a).unwrap(), 4);
    // A method renamed `bumpByStep` (`fn advance`): WIT `bump-by-step`.
    assert_eq!(counter.call_bump_by_step(&mut store, a).unwrap(), 12);
    // `finish(self)` consumes: the handle is gone afterwards.
    assert_eq!(counter.call_finish(&mut store, a).unwrap(), 12);
    assert!(
        counter.call_count(&mut store, a).is_err(),
        "a finished counter's handle is dead"
    );
}

#[test]
fn a_fallible_constructor_returns_the_resource_or_the_err() {
    let (mut store, app) = instantiate();
    let gauge = app.component_rust_wit_api().gauge();
    let g = gauge.call_constructor(&mut store, 3, 4).unwrap().expect("3 of 4 is a gauge");
    assert_eq!(gauge.call_percent(&mut store, g).unwrap(), 75);
    assert_eq!(gauge.call_constructor(&mut store, 5, 4).unwrap().err(), Some(GaugeError::OverMax));
    assert_eq!(gauge.call_constructor(&mut store, 0, 0).unwrap().err(), Some(GaugeError::ZeroMax));
    // The failures made nothing: the gauge made before is still the one its handle names.
    assert_eq!(gauge.call_percent(&mut store, g).unwrap(), 75);
    g.resource_drop(&mut store).unwrap();
    // `Result<Self, ()>`: `result<label>`, an `Err` that carries nothing.
    let label = app.component_rust_wit_api().label();
    let l = label.call_constructor(&mut store, "x").unwrap().expect("a non-empty label");
    assert_eq!(label.call_text(&mut store, l).unwrap(), "x");
    assert_eq!(label.call_constructor(&mut store, "").unwrap().err(), Some(()));
}

/// The class's JS entry points (`Counter.new`, `Counter.free`, ...: no prefix, told apart by
/// their items) are not exported by the component's core module; the world's resource is.
#[test]
fn the_core_module_exports_no_js_class_members() {
    let engine = Engine::default();
    let _ = component(&engine); // builds it
    let path = fixtures_target().join("wasm32-unknown-unknown/release/rust_wit.component.wasm");
    let bytes = std::fs::read(path).unwrap();
    let core_exports: Vec<String> = core_exports::core_exports(&bytes);
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

#[path = "wit_cli/component_records.rs"]
mod component_records;

#[path = "wit_cli/linked_exports.rs"]
mod linked_exports;
