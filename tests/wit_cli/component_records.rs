//! Exported types through the real `#[wasm::export]` macro (tests/fixtures/crates/component-records):
//! records with `usize` / `isize` fields (WIT `u32` / `s32`) and `&Record` parameters of functions
//! and of a class's constructor and methods (WIT takes the record by value).

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
