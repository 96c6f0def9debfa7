//! `cargo wasm-lint --effects`: after the check, print each function's declared and inferred
//! effects of the workspace's crates, from the side files the driver left next to each crate's
//! metadata (`lib<name>-<hash>.wasm-effects`, see the lints' `effects_extern`). A crate that
//! failed has no metadata; the driver also drops its listing into `WASM_LINT_EFFECTS_DIR`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use serde_json::{Value, json};

/// Runs `cargo check` (already set up in `cmd`) reading its JSON messages to learn where each
/// crate's metadata went, then prints the effects of the crates whose lints ran. With a user
/// `--message-format=json...`, cargo's messages are passed through and the listing is JSON lines.
pub fn check_and_list(
    mut cmd: Command,
    message_format: Option<&str>,
    manifest_path: Option<&str>,
) -> Result<ExitStatus, String> {
    let json = message_format.is_some_and(|f| f.starts_with("json"));
    if message_format.is_none() {
        cmd.arg("--message-format=json-render-diagnostics");
    }
    let members = workspace_crates(manifest_path)?;
    let listing_dir = std::env::temp_dir().join(format!("wasm-lint-effects-{}", std::process::id()));
    std::fs::create_dir_all(&listing_dir).map_err(|e| format!("cannot create {}: {e}", listing_dir.display()))?;
    cmd.env(crate::env_names::EFFECTS_DIR, &listing_dir);
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = child.stdout.take().ok_or("cannot read cargo's output")?;
    let mut artifacts = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("cannot read cargo's output: {e}"))?;
        if json {
            println!("{line}");
        }
        let Ok(message) = serde_json::from_str::<Value>(&line) else { continue };
        if message["reason"] == "compiler-artifact" {
            let files = message["filenames"].as_array().into_iter().flatten().filter_map(Value::as_str);
            artifacts.extend(files.map(PathBuf::from));
        }
    }
    let status = child.wait().map_err(|e| format!("cannot run cargo: {e}"))?;
    let written: Vec<PathBuf> = std::fs::read_dir(&listing_dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let mut crates: Vec<Value> = Vec::new();
    for path in artifacts.iter().filter_map(|a| side_file(a)).chain(written) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Ok(krate) = serde_json::from_str::<Value>(&text) else { continue };
        let member = krate["crate"].as_str().is_some_and(|c| members.iter().any(|m| m == c));
        let seen = crates.iter().any(|c| c["crate"] == krate["crate"] && c["functions"] == krate["functions"]);
        if krate["linted"] == true && member && !seen {
            crates.push(krate);
        }
    }
    let _ = std::fs::remove_dir_all(&listing_dir);
    for krate in &crates {
        if json {
            for line in json_lines(krate) {
                println!("{line}");
            }
        } else {
            print!("{}", text(krate));
        }
    }
    Ok(status)
}

/// Crate names of the workspace's targets (`my-app` -> `my_app`), from `cargo metadata`.
fn workspace_crates(manifest_path: Option<&str>) -> Result<Vec<String>, String> {
    let mut cmd = crate::cargo();
    cmd.args(["metadata", "--no-deps", "--format-version", "1"]);
    if let Some(path) = manifest_path {
        cmd.args(["--manifest-path", path]);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let json: Value = serde_json::from_slice(&out.stdout)
        .map_err(|_| format!("`cargo metadata` failed: {}", String::from_utf8_lossy(&out.stderr).trim()))?;
    let targets = json["packages"].as_array().into_iter().flatten().flat_map(|p| p["targets"].as_array().into_iter().flatten());
    let build_script = |t: &&Value| t["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "custom-build"));
    Ok(targets.filter(|t| !build_script(t)).filter_map(|t| t["name"].as_str()).map(|n| n.replace('-', "_")).collect())
}

/// `dir/libfoo-abc.rmeta` -> `dir/libfoo-abc.wasm-effects`, if it exists.
fn side_file(artifact: &Path) -> Option<PathBuf> {
    let stem = artifact.file_stem()?.to_str()?;
    let path = artifact.with_file_name(format!("{stem}.wasm-effects"));
    path.is_file().then_some(path)
}

/// The functions worth listing: named functions (closures are part of their function).
fn functions(krate: &Value) -> impl Iterator<Item = &Value> {
    krate["functions"].as_array().into_iter().flatten().filter(|f| f["closure"] != true)
}

/// The effects in canonical order.
const EFFECTS: [&str; 6] = ["js_call", "host_call", "io", "atomic_read", "atomic_write", "spawn"];

/// `(effect, "a -> b -> c")` in canonical order. A raw import counts as `js_call` for a function
/// declaring `js_call` but not `host_call`, else as `host_call` (the lints' rule).
fn chains(f: &Value) -> Vec<(String, String)> {
    let declared: Vec<&str> = f["declared"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let import_as = if declared.contains(&"js_call") && !declared.contains(&"host_call") { "js_call" } else { "host_call" };
    let mut out: Vec<(String, String)> = Vec::new();
    for (key, chain) in f["chains"].as_object().into_iter().flatten() {
        let effect = if key == "import" { import_as } else { key.as_str() };
        let chain: Vec<&str> = chain.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !out.iter().any(|(e, _)| e == effect) {
            out.push((effect.to_string(), chain.join(" -> ")));
        }
    }
    out.sort_by_key(|(e, _)| EFFECTS.iter().position(|n| n == e));
    out
}

fn names(v: &Value) -> String {
    let list: Vec<&str> = v.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if list.is_empty() { "pure".into() } else { list.join(", ") }
}

/// The human-readable listing of one crate.
pub fn text(krate: &Value) -> String {
    let mut out = format!("effects of crate `{}`", krate["crate"].as_str().unwrap_or("?"));
    match krate["host"].as_str() {
        Some(host) => out.push_str(&format!(" (host profile `{host}`)\n")),
        None => out.push_str(" (no host profile)\n"),
    }
    let mut seen = std::collections::HashSet::new();
    let shared: std::collections::HashSet<&str> =
        functions(krate).filter_map(|f| f["name"].as_str()).filter(|n| !seen.insert(*n)).collect();
    let label = |f: &Value| label(f, &shared);
    let width = functions(krate).map(|f| label(f).len()).max().unwrap_or(0).min(48);
    for f in functions(krate) {
        let declared = match &f["declared"] {
            Value::Null => String::new(),
            d => format!("declared: {:<24} ", names(d)),
        };
        out.push_str(&format!("  {:<width$}  {declared}inferred: {}\n", label(f), names(&f["inferred"])));
        for (effect, chain) in chains(f) {
            out.push_str(&format!("      {effect}: {chain}\n"));
        }
        if let Some(unknown) = f["unknown"].as_array() {
            let chain: Vec<&str> = unknown.iter().filter_map(Value::as_str).collect();
            out.push_str(&format!("      unknown: {}\n", chain.join(" -> ")));
        }
    }
    out
}

/// How a function is listed: its name, or its full path when another listed function has the
/// same name (`api::fetch_text`, `cache::fetch_text`).
fn label(f: &Value, shared: &std::collections::HashSet<&str>) -> String {
    let mut name = f["name"].as_str().unwrap_or("?");
    if shared.contains(name) {
        name = f["path"].as_str().unwrap_or(name);
    }
    if f["export"] == true { format!("{name} (export)") } else { name.to_string() }
}

/// One JSON object per function, tagged `"reason": "wasm-lint-effects"` like cargo's messages.
pub fn json_lines(krate: &Value) -> Vec<String> {
    functions(krate)
        .map(|f| {
            let chains: serde_json::Map<String, Value> =
                chains(f).into_iter().map(|(e, c)| (e, Value::String(c))).collect();
            json!({
                "reason": "wasm-lint-effects",
                "crate": krate["crate"],
                "host": krate["host"],
                "function": f["name"],
                "path": f["path"],
                "span": f["span"],
                "export": f["export"],
                "declared": f["declared"],
                "inferred": f["inferred"],
                "chains": chains,
                "unknown": f["unknown"],
            })
            .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        json!({
            "crate": "app", "host": "wasi", "linted": true,
            "functions": [
                {"name": "fib", "closure": false, "declared": null, "inferred": [], "chains": {},
                 "unknown": null, "export": true, "span": "src/lib.rs:1:1: 1:10"},
                {"name": "fetch", "closure": false, "declared": ["js_call"], "inferred": ["js_call", "atomic_write"],
                 "chains": {"import": ["fetch", "env::get (import)"], "atomic_write": ["fetch", "AtomicU32::store"]},
                 "unknown": null, "export": false, "span": "src/lib.rs:5:1: 5:10"},
                {"name": "fetch::{closure#0}", "closure": true, "declared": null, "inferred": [], "chains": {},
                 "unknown": null, "export": false, "span": "src/lib.rs:6:1: 6:10"}
            ]
        })
    }

    #[test]
    fn text_lists_declared_inferred_and_chains() {
        let out = text(&sample());
        assert!(out.starts_with("effects of crate `app` (host profile `wasi`)\n"), "{out}");
        assert!(out.contains("fib (export)"), "{out}");
        assert!(out.contains("inferred: pure"), "{out}");
        assert!(out.contains("declared: js_call"), "{out}");
        assert!(out.contains("      js_call: fetch -> env::get (import)\n"), "{out}");
        assert!(out.contains("      atomic_write: fetch -> AtomicU32::store\n"), "{out}");
        assert!(!out.contains("closure"), "closures belong to their function: {out}");
    }

    #[test]
    fn functions_sharing_a_name_are_listed_by_path() {
        let krate = json!({
            "crate": "app", "host": null,
            "functions": [
                {"name": "fetch_text", "path": "api::fetch_text", "closure": false, "declared": null, "inferred": [],
                 "chains": {}, "unknown": null, "export": true},
                {"name": "fetch_text", "path": "cache::fetch_text", "closure": false, "declared": null, "inferred": [],
                 "chains": {}, "unknown": null, "export": true},
                {"name": "render", "path": "ui::render", "closure": false, "declared": null, "inferred": [],
                 "chains": {}, "unknown": null, "export": false}
            ]
        });
        let out = text(&krate);
        assert!(out.contains("  api::fetch_text (export)"), "{out}");
        assert!(out.contains("  cache::fetch_text (export)"), "{out}");
        assert!(out.contains("  render "), "a unique name stays short: {out}");
    }

    #[test]
    fn json_lines_are_cargo_style_messages() {
        let lines = json_lines(&sample());
        assert_eq!(lines.len(), 2);
        let fetch: Value = serde_json::from_str(&lines[1]).unwrap();
        assert_eq!(fetch["reason"], "wasm-lint-effects");
        assert_eq!(fetch["function"], "fetch");
        assert_eq!(fetch["chains"]["js_call"], "fetch -> env::get (import)");
        assert_eq!(fetch["declared"], json!(["js_call"]));
    }
}
