//! The walk on in-memory WIT: rules the CLI tests (tests/compat_cli.rs) do not single out.

use super::*;

fn side(name: &str, wit: &str) -> Side {
    let mut resolve = Resolve::default();
    let pkg = resolve.push_str(format!("{name}.wit"), wit).unwrap();
    let worlds = resolve.packages[pkg].worlds.values().copied().collect();
    Side { resolve, worlds, label: name.into(), is_component: false }
}

fn codes(old: &str, new: &str) -> Vec<&'static str> {
    let report = compare(&side("old", old), &side("new", new), None).unwrap();
    report.incompatibilities.iter().map(|i| i.code).collect()
}

const RESOURCE: &str = "package a:b@1.0.0;
interface files {
  resource file { read: func(n: u32) -> list<u8>; }
  type size = u64;
  open: func(path: string) -> file;
  stat: func(f: borrow<file>) -> size;
}
world w { export files; }
";

#[test]
fn aliases_are_transparent_and_resources_are_nominal() {
    assert!(codes(RESOURCE, RESOURCE).is_empty());
    // `size` is only a name for u64: spelling it out changes nothing.
    assert!(codes(RESOURCE, &RESOURCE.replace("-> size", "-> u64")).is_empty());
    // A method is a function of the interface: its parameter type is checked.
    assert_eq!(codes(RESOURCE, &RESOURCE.replace("n: u32", "n: u64")), ["type-changed"]);
    // own -> borrow is a different handle type.
    assert_eq!(codes(RESOURCE, &RESOURCE.replace("f: borrow<file>", "f: file")), ["type-changed"]);
    // A renamed resource: the type export is gone and the functions' handles differ.
    let renamed = RESOURCE.replace("resource file", "resource doc").replace("<file>", "<doc>").replace("-> file", "-> doc");
    let found = codes(RESOURCE, &renamed);
    assert!(found.contains(&"type-removed") && found.contains(&"type-changed"), "{found:?}");
}

#[test]
fn a_function_that_becomes_async_or_loses_its_result_is_incompatible() {
    let old = "package a:b;\nworld w { export f: func(x: u32) -> u32; }\n";
    assert_eq!(codes(old, &old.replace("func(", "async func(")), ["function-kind"]);
    assert_eq!(codes(old, &old.replace(" -> u32", "")), ["type-changed"]);
    assert_eq!(codes(old, &old.replace("x: u32", "x: u32, y: u32")), ["param-count"]);
    assert_eq!(codes(old, &old.replace("export f: func(x: u32) -> u32;", "export f: interface { g: func(); }")), ["kind-changed"]);
}

#[test]
fn nested_types_report_the_innermost_difference() {
    let old = "package a:b;\ninterface i {\n  record p { x: s32 }\n  variant v { none, some(list<p>) }\n  f: func(a: option<v>);\n}\nworld w { export i; }\n";
    let report = compare(&side("old", old), &side("new", &old.replace("x: s32", "x: s64")), None).unwrap();
    let messages: Vec<&str> = report.incompatibilities.iter().map(|i| i.message.as_str()).collect();
    // Reported once, at the type export `p`, not again for `v` and the parameter reaching it
    // through option<v> -> list<p>.
    assert_eq!(messages, ["type `p`: record `p`: field `x`: `s32` in OLD, `s64` in NEW"]);
    assert!(report.incompatibilities.iter().all(|i| i.old.starts_with("old.wit:3:") && i.new.starts_with("new.wit:3:")));
    // Anonymous types are compared through the function that spells them.
    let old = "package a:b;\nworld w { export f: func(a: option<list<tuple<u32, string>>>); }\n";
    let report = compare(&side("old", old), &side("new", &old.replace(", string>", ", u32>")), None).unwrap();
    let messages: Vec<&str> = report.incompatibilities.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(messages, ["parameter `a`: `string` in OLD, `u32` in NEW"]);
}

#[test]
fn the_semver_check_agrees_on_compatible_worlds() {
    // The walk found nothing here, and wit-component's semver_check (run by `compare`) agreed.
    let old = side("old", RESOURCE);
    let new = side("new", &RESOURCE.replace("world w {", "world w {\n  export extra: func();"));
    let o = old.worlds[0];
    let n = new.worlds[0];
    assert!(semver_cross_check(&old, &new, o, n).is_none());
    // ... and rejects NEW exporting less, in the direction this command asks.
    assert!(semver_cross_check(&new, &old, n, o).is_some());
}

#[test]
fn arguments() {
    let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    let parsed = parse_args(&args("--world app a.wit --message-format=json b")).unwrap().unwrap();
    assert_eq!(parsed, Args { old: "a.wit".into(), new: "b".into(), world: Some("app".into()), json: true });
    assert_eq!(parse_args(&args("--help")), Ok(None));
    for bad in ["a", "a b c", "--world", "--message-format=yaml a b", "-x a b"] {
        let err = parse_args(&args(bad)).unwrap_err();
        assert!(!err.contains('\n'), "{err}");
    }
}
