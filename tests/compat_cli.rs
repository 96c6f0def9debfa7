//! `cargo wasm-lint compat OLD NEW` through the real binary: one case per rule, text and JSON
//! output, exit status, WIT folders and components. Each case edits one thing of `BASE`.

use std::path::{Path, PathBuf};
use std::process::Output;

const BASE: &str = "\
package demo:store@1.0.0;

interface counters {
  record entry { key: string, value: u32 }
  enum mode { fast, safe }
  get: func(key: string) -> u32;
  put: func(key: string, value: u32);
  entries: func(m: mode) -> list<entry>;
}

interface log {
  write: func(msg: string);
}

world app {
  import log;
  export counters;
}
";

/// A fresh directory for one case's files.
fn case_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compat").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn compat(old: &Path, new: &Path, extra: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
        .args(["wasm-lint", "compat"])
        .args(extra)
        .arg(old)
        .arg(new)
        .output()
        .expect("run cargo-wasm-lint")
}

/// Runs `BASE` against `BASE` with `from` replaced by `to`; returns (exit code, stdout, paths).
fn edit(name: &str, from: &str, to: &str) -> (i32, String, PathBuf, PathBuf) {
    assert!(BASE.contains(from), "{from}");
    let dir = case_dir(name);
    let old = write(&dir, "old.wit", BASE);
    let new = write(&dir, "new.wit", &BASE.replacen(from, to, 1));
    let out = compat(&old, &new, &[]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), old, new)
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}")) + 1
}

fn assert_compatible(name: &str, from: &str, to: &str) {
    let (code, stdout, ..) = edit(name, from, to);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("compatible: "), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

/// Asserts one incompatibility with `code`, whose line names both locations and says `says`.
fn assert_one(name: &str, from: &str, to: &str, code: &str, says: &str, old_at: &str, new_at: &str) {
    let (status, stdout, old, new) = edit(name, from, to);
    assert_eq!(status, 1, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("incompatible: ") && lines[0].ends_with("1 incompatibility"), "{stdout}");
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[1].starts_with(&format!("error[{code}]: ")), "{stdout}");
    assert!(lines[1].contains(says), "{says}: {stdout}");
    let new_text = BASE.replacen(from, to, 1);
    let old_loc = format!("old {}:{}:", old.display(), line_of(BASE, old_at));
    let new_loc = format!("new {}:{}:", new.display(), line_of(&new_text, new_at));
    assert!(lines[1].contains(&old_loc), "{old_loc}: {stdout}");
    assert!(lines[1].contains(&new_loc), "{new_loc}: {stdout}");
}

#[test]
fn identical_worlds_are_compatible() {
    assert_compatible("same", "package", "package");
}

#[test]
fn a_function_added_to_an_export_is_compatible() {
    assert_compatible("export-added", "  put:", "  remove: func(key: string);\n  put:");
}

#[test]
fn a_function_removed_from_an_export_is_not() {
    let (from, to) = ("  put: func(key: string, value: u32);\n", "");
    assert_one("export-removed", from, to, "export-removed", "function `put` is not in NEW", "put:", "interface counters");
}

#[test]
fn an_import_removed_is_compatible_and_an_import_added_is_not() {
    assert_compatible("import-removed", "  import log;\n", "");
    assert_compatible("import-fn-removed", "  write: func(msg: string);\n", "");
    // A host that runs OLD provides `write` only; NEW calling `flush` would not link.
    let (from, to) = ("  write:", "  flush: func();\n  write:");
    assert_one("import-fn-added", from, to, "import-added", "function `flush` is imported by NEW", "interface log", "flush:");
    let (from, to) = ("world app {\n", "world app {\n  import wasi:clocks/monotonic-clock@0.2.0;\n");
    let dir = case_dir("import-added");
    let old = write(&dir, "old/app.wit", BASE);
    let new = write(&dir, "new/app.wit", &BASE.replacen(from, to, 1));
    let clocks = "package wasi:clocks@0.2.0;\ninterface monotonic-clock {\n  now: func() -> u64;\n}\n";
    write(&dir, "new/deps/clocks/monotonic-clock.wit", clocks);
    let out = compat(old.parent().unwrap(), new.parent().unwrap(), &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[import-added]: world `app` import `wasi:clocks/monotonic-clock@0.2.0`: is imported by NEW"), "{stdout}");
}

#[test]
fn a_changed_parameter_type_is_not() {
    let (from, to) = ("value: u32);", "value: u64);");
    assert_one("param-type", from, to, "type-changed", "parameter `value`: `u32` in OLD, `u64` in NEW", "put:", "put:");
}

#[test]
fn a_renamed_parameter_is_not() {
    let (from, to) = ("get: func(key: string)", "get: func(name: string)");
    assert_one("param-renamed", from, to, "param-renamed", "parameter `key` is named `name` in NEW", "get:", "get:");
}

#[test]
fn an_added_record_field_is_not() {
    let (from, to) = ("value: u32 }", "value: u32, stamp: u64 }");
    assert_one("record-field", from, to, "type-changed", "record `entry` gains field `stamp`", "record entry", "record entry");
}

#[test]
fn an_added_enum_case_is_not() {
    let (from, to) = ("enum mode { fast, safe }", "enum mode { fast, safe, paranoid }");
    assert_one("enum-case", from, to, "type-changed", "enum `mode` gains case `paranoid`", "enum mode", "enum mode");
}

#[test]
fn versions_match_by_semver() {
    // Same major (>= 1): the same interface names.
    assert_compatible("minor-bump", "@1.0.0;", "@1.4.2;");
    let zero = BASE.replacen("@1.0.0", "@0.2.0", 1);
    let dir = case_dir("zero");
    let old = write(&dir, "old.wit", &zero);
    let patch = write(&dir, "patch.wit", &zero.replacen("@0.2.0", "@0.2.7", 1));
    let minor = write(&dir, "minor.wit", &zero.replacen("@0.2.0", "@0.3.0", 1));
    assert_eq!(compat(&old, &patch, &[]).status.code(), Some(0), "0.2.0 -> 0.2.7 keeps the names");
    let out = compat(&old, &minor, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "0.2 -> 0.3 renames every interface: {stdout}");
    assert!(stdout.contains("export `demo:store/counters@0.2.0`: is not exported by NEW"), "{stdout}");
    assert!(stdout.contains("import `demo:store/log@0.3.0`: is imported by NEW"), "{stdout}");
    // A major bump renames the interfaces too.
    let (code, stdout, ..) = edit("major-bump", "@1.0.0;", "@2.0.0;");
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[export-removed]: world `app` export `demo:store/counters@1.0.0`"), "{stdout}");
}

#[test]
fn a_missing_world_is_not() {
    let (from, to) = ("world app {", "world service {");
    let (code, stdout, old, new) = edit("world-missing", from, to);
    assert_eq!(code, 1, "{stdout}");
    let line = stdout.lines().nth(1).unwrap();
    let old_at = format!("error[world-removed]: world `app`: is not in NEW (old {}:{}:", old.display(), line_of(BASE, "world app"));
    assert!(line.starts_with(&old_at) && line.ends_with(&format!("; new {})", new.display())), "{stdout}");
}

#[test]
fn json_output_has_the_verdict_and_each_incompatibility() {
    let dir = case_dir("json");
    let old = write(&dir, "old.wit", BASE);
    let new = write(&dir, "new.wit", &BASE.replacen("value: u32);", "value: u64);", 1).replacen("msg: string", "text: string", 1));
    let out = compat(&old, &new, &["--message-format=json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["verdict"], "incompatible");
    assert_eq!(report["worlds"][0]["old"], "app");
    let items = report["incompatibilities"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|i| i["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["type-changed", "param-renamed"], "{report:#}");
    assert_eq!(items[0]["item"], "world `app` export `demo:store/counters@1.0.0` function `put`");
    let put_line = line_of(BASE, "put:");
    assert!(items[0]["old"].as_str().unwrap().starts_with(&format!("{}:{put_line}:", old.display())), "{report:#}");
    assert!(items[0]["new"].as_str().unwrap().starts_with(&format!("{}:{put_line}:", new.display())), "{report:#}");
    assert_eq!(items[1]["item"], "world `app` import `demo:store/log@1.0.0` function `write`");
    let same = compat(&old, &old, &["--message-format", "json"]);
    assert_eq!(same.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(report["verdict"], "compatible");
    assert_eq!(report["incompatibilities"], serde_json::json!([]));
}

/// A component with `wit`'s world `app`, as `cargo wasm-lint component` would produce.
fn component_of(dir: &Path, name: &str, wit: &str) -> PathBuf {
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve.push_str(format!("{name}.wit"), wit).unwrap();
    let world = resolve.select_world(&[pkg], Some("app")).unwrap();
    let mut module = wit_component::dummy_module(&resolve, world, wit_parser::ManglingAndAbi::Standard32);
    wit_component::embed_component_metadata(&mut module, &resolve, world, wit_component::StringEncoding::UTF8).unwrap();
    let bytes = wit_component::ComponentEncoder::default().validate(true).module(&module).unwrap().encode().unwrap();
    let path = dir.join(format!("{name}.wasm"));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn components_compare_like_their_wit() {
    let dir = case_dir("components");
    let old = component_of(&dir, "old", BASE);
    let grown = component_of(&dir, "grown", &BASE.replacen("  put:", "  remove: func(key: string);\n  put:", 1));
    let changed = component_of(&dir, "changed", &BASE.replacen("enum mode { fast, safe }", "enum mode { fast, safe, paranoid }", 1));
    assert_eq!(compat(&old, &grown, &[]).status.code(), Some(0));
    let out = compat(&old, &changed, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // A component has no WIT source: its path stands for the location.
    assert!(
        stdout.contains(&format!("enum `mode` gains case `paranoid` (old {}; new {})", old.display(), changed.display())),
        "{stdout}"
    );
    // WIT against a component: the WIT side keeps its locations.
    let wit = write(&dir, "old.wit", BASE);
    let out = compat(&wit, &changed, &[]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(&format!("(old {}:{}:", wit.display(), line_of(BASE, "enum mode"))), "{stdout}");
    assert_eq!(compat(&wit, &grown, &[]).status.code(), Some(0));
}

#[test]
fn bad_input_exits_2_with_one_sentence() {
    let dir = case_dir("bad");
    let good = write(&dir, "good.wit", BASE);
    let broken = write(&dir, "broken.wit", "package demo:store;\ninterface x { f: func(; }\n");
    let two_worlds = write(&dir, "two.wit", &format!("{BASE}world other {{ export counters; }}\n"));
    let wasm = component_of(&dir, "c", BASE);
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-wasm-lint"))
            .args(["wasm-lint", "compat"])
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let path = |p: &Path| p.to_str().unwrap().to_string();
    for (args, says) in [
        (vec![path(&good)], "takes two inputs"),
        (vec![path(&good), path(&dir.join("missing.wit"))], "does not exist"),
        (vec![path(&good), path(&broken)], "cannot parse"),
        (vec!["--frobnicate".into(), path(&good), path(&good)], "unknown option `--frobnicate`"),
        (vec!["--message-format=xml".into(), path(&good), path(&good)], "unknown message format"),
        (vec![path(&two_worlds), path(&wasm)], "several worlds (app, other); choose one with `--world NAME`"),
        (vec!["--world".into(), "nope".into(), path(&good), path(&good)], "has no world `nope`"),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stderr) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: ") && stderr.contains(says), "{args:?}: {stderr}");
    }
    // `--world` picks one world of several.
    let (code, stderr) = run(&["--world", "app", &path(&two_worlds), &path(&wasm)]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// WASI 0.2.9's own WIT (vendored in the pinned toolchain's rust-src), whose worlds live in
/// `deps/`: its `wasi:cli/command` world against itself and against edited copies.
#[test]
fn real_wasi_worlds() {
    let sysroot = std::process::Command::new("rustc").args(["--print", "sysroot"]).output().unwrap().stdout;
    let vendor = PathBuf::from(String::from_utf8(sysroot).unwrap().trim()).join("lib/rustlib/src/rust/library/vendor");
    let wasi = std::fs::read_dir(&vendor).unwrap().flatten().map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("wasip2-1.0.3"))
        .expect("wasip2 in rust-src")
        .join("wit");
    let dir = case_dir("wasi");
    let copy = |name: &str, edit: &dyn Fn(String) -> String| {
        let to = dir.join(name);
        for entry in std::fs::read_dir(wasi.join("deps")).unwrap().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let text = if entry.file_name() == "cli.wit" {
                let edited = edit(text.clone());
                assert_ne!(edited, text, "the edit applies");
                edited
            } else {
                text
            };
            write(&to, &format!("deps/{}", entry.file_name().to_string_lossy()), &text);
        }
        write(&to, "wasi-crate.wit", &std::fs::read_to_string(wasi.join("wasi-crate.wit")).unwrap());
        to
    };
    let world = ["--world", "wasi:cli/command"];
    assert_eq!(compat(&wasi, &wasi, &world).status.code(), Some(0));
    // The command no longer asks for its arguments: fewer imports, still compatible.
    let fewer = copy("fewer", &|t| t.replacen("  @since(version = 0.2.0)\n  get-arguments: func() -> list<string>;\n", "", 1));
    let out = compat(&wasi, &fewer, &world);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // `run` returning a value: the export's function type changed.
    let changed = copy("changed", &|t| t.replacen("  run: func() -> result;", "  run: func() -> result<u32>;", 1));
    let out = compat(&wasi, &changed, &world);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[type-changed]: world `command` export `wasi:cli/run@0.2.9` function `run`: result"), "{stdout}");
    // Without `--world`: the main package has no world, which is one sentence.
    let out = compat(&wasi, &wasi, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--world ns:pkg/world"));
}
