//! `cargo wasm-lint compat OLD NEW`: can NEW replace OLD for OLD's users?
//!
//! The rule is the Component Model's type check of a component supplied where another is
//! expected (Explainer.md, "Type checking"; the value-type subtyping of the removed
//! Subtyping.md is not part of it): NEW may export more and import less than OLD, matched by
//! name, and every value type and function type the two share must be equal. Interface names
//! match by "canonversion" (Explainer.md, "Import and export definitions"): `@1.2.0` and
//! `@1.4.1` are both `@1`, `@0.2.0` and `@0.2.6` both `@0.2`, while `@1` and `@2` are different
//! names. The walk below reports every difference with both sides' WIT location; afterwards
//! wit-component's `semver_check` (the same type check done by wasmparser on synthesized
//! components) must agree, so a difference the walk does not model still fails the verdict.

mod walk;

use std::path::Path;

use wit_parser::{Resolve, Span, WorldId};

/// One input: a WIT file or folder, or a component.
pub struct Side {
    pub resolve: Resolve,
    /// The worlds to compare: all of a WIT package's, or a component's one.
    pub worlds: Vec<WorldId>,
    /// The path given, shown where the input has no source locations (components).
    pub label: String,
    pub is_component: bool,
}

/// Why NEW cannot replace OLD at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incompatibility {
    /// A stable kebab-case name of the rule broken (`export-removed`, `param-type`, ...).
    pub code: &'static str,
    /// The world item, e.g. "world `app` export `x:y/z@1` function `get`".
    pub item: String,
    pub message: String,
    /// `file:line:col` in OLD and NEW (the input path for a component).
    pub old: String,
    pub new: String,
}

/// The verdict: compatible when `incompatibilities` is empty.
pub struct Report {
    /// `(old world, new world)` names compared.
    pub worlds: Vec<(String, String)>,
    pub incompatibilities: Vec<Incompatibility>,
}

/// Reads a `.wasm` component (or binary WIT package) or a WIT file or folder.
pub fn load(path: &Path) -> Result<Side, String> {
    let label = path.display().to_string();
    let bytes = if path.is_file() { std::fs::read(path).ok() } else { None };
    if let Some(bytes) = bytes.filter(|b| b.starts_with(b"\0asm")) {
        let decoded = wit_component::decode(&bytes).map_err(|e| format!("cannot read `{label}`: {e:#}"))?;
        return Ok(match decoded {
            wit_component::DecodedWasm::Component(resolve, world) => {
                Side { resolve, worlds: vec![world], label, is_component: true }
            }
            wit_component::DecodedWasm::WitPackage(resolve, pkg) => {
                let worlds = resolve.packages[pkg].worlds.values().copied().collect();
                Side { resolve, worlds, label, is_component: false }
            }
        });
    }
    if !path.exists() {
        return Err(format!("`{label}` does not exist; give a .wit file, a WIT folder or a component .wasm"));
    }
    let mut resolve = Resolve::default();
    let (pkg, _) = resolve.push_path(path).map_err(|e| format!("cannot parse `{label}`: {e:#}"))?;
    let worlds = resolve.packages[pkg].worlds.values().copied().collect();
    Ok(Side { resolve, worlds, label, is_component: false })
}

/// Compares the worlds of OLD and NEW: the one named `world`, else each OLD world with the NEW
/// world of its name (a component has one world, paired with the other side's only world).
pub fn compare(old: &Side, new: &Side, world: Option<&str>) -> Result<Report, String> {
    let mut report = Report { worlds: Vec::new(), incompatibilities: Vec::new() };
    for (o, n) in pairs(old, new, world)? {
        let old_name = old.resolve.worlds[o].name.clone();
        let Some(n) = n else {
            report.incompatibilities.push(Incompatibility {
                code: "world-removed",
                item: format!("world `{old_name}`"),
                message: "is not in NEW".into(),
                old: location(old, old.resolve.worlds[o].span),
                new: new.label.clone(),
            });
            continue;
        };
        report.worlds.push((old_name, new.resolve.worlds[n].name.clone()));
        let mut found = walk::world(old, new, o, n);
        if found.is_empty() {
            found.extend(semver_cross_check(old, new, o, n));
        }
        report.incompatibilities.extend(found);
    }
    Ok(report)
}

/// Which OLD world is compared with which NEW world (`None`: missing in NEW).
fn pairs(old: &Side, new: &Side, world: Option<&str>) -> Result<Vec<(WorldId, Option<WorldId>)>, String> {
    let named = |side: &Side, name: &str| {
        let short = side.worlds.iter().copied().find(|w| side.resolve.worlds[*w].name == name);
        short.or_else(|| qualified_world(&side.resolve, name))
    };
    let only = |side: &Side| match side.worlds.as_slice() {
        [w] => Ok(*w),
        [] => Err(format!("`{}` has no world", side.label)),
        _ => Err(format!(
            "`{}` has several worlds ({}); choose one with `--world NAME`",
            side.label,
            side.worlds.iter().map(|w| side.resolve.worlds[*w].name.as_str()).collect::<Vec<_>>().join(", ")
        )),
    };
    if let Some(name) = world {
        let o = if old.is_component { only(old)? } else {
            named(old, name).ok_or_else(|| format!("`{}` has no world `{name}`", old.label))?
        };
        let n = if new.is_component { Some(only(new)?) } else { named(new, name) };
        return Ok(vec![(o, n)]);
    }
    if old.is_component || new.is_component {
        return Ok(vec![(only(old)?, Some(only(new)?))]);
    }
    if old.worlds.is_empty() {
        return Err(format!("`{}` has no world to compare; name one of its dependencies' with `--world ns:pkg/world`", old.label));
    }
    Ok(old.worlds.iter().map(|&o| (o, named(new, &old.resolve.worlds[o].name))).collect())
}

/// A world of any package by its qualified name, `ns:pkg/world` (or `ns:pkg/world@version`), for
/// a folder whose worlds live in `deps/` (WASI's own WIT, whose main package has none).
fn qualified_world(resolve: &Resolve, name: &str) -> Option<WorldId> {
    resolve.worlds.iter().map(|(id, _)| id).find(|&id| {
        let world = &resolve.worlds[id];
        let Some(pkg) = world.package.map(|p| &resolve.packages[p].name) else { return false };
        let plain = format!("{}:{}/{}", pkg.namespace, pkg.name, world.name);
        name == plain || pkg.version.as_ref().is_some_and(|v| name == format!("{plain}@{v}"))
    })
}

/// `file:line:col` of a span, or the input's path when it has no source (a component).
fn location(side: &Side, span: Span) -> String {
    if span.is_known() { side.resolve.render_location(span) } else { side.label.clone() }
}

/// wit-component's `semver_check(resolve, prev, new)` accepts when a component shaped like
/// `prev` can stand where one shaped like `new` is expected ("new host, old guests": `new` may
/// import more and export less). Our question puts NEW in `prev`'s place. It needs both worlds
/// in one `Resolve` and in the same package (it ignores versions), so NEW's packages are given
/// a marker version before merging, keeping them apart from OLD's.
fn semver_cross_check(old: &Side, new: &Side, o: WorldId, n: WorldId) -> Option<Incompatibility> {
    let package_of = |side: &Side, w: WorldId| {
        let pkg = &side.resolve.packages[side.resolve.worlds[w].package?];
        Some((pkg.name.namespace.clone(), pkg.name.name.clone()))
    };
    if package_of(old, o)? != package_of(new, n)? {
        return None; // `semver_check` compares worlds of one package only
    }
    let mut combined = old.resolve.clone();
    let mut other = new.resolve.clone();
    for (_, pkg) in other.packages.iter_mut() {
        pkg.name.version = Some("0.0.0-compat-new".parse().expect("a valid version"));
    }
    other.package_names = other.packages.iter().map(|(id, p)| (p.name.clone(), id)).collect();
    let remap = combined.merge(other).ok()?;
    let merged_new = remap.worlds.get(n.index()).copied().flatten()?;
    let err = wit_component::semver_check(combined, merged_new, o).err()?;
    Some(Incompatibility {
        code: "component-type",
        item: format!("world `{}`", old.resolve.worlds[o].name),
        message: format!("the component type check rejects NEW: {}", format!("{err:#}").replace('\n', " ")),
        old: location(old, old.resolve.worlds[o].span),
        new: location(new, new.resolve.worlds[n].span),
    })
}

/// Text output: the verdict, then one line per incompatibility.
pub fn render_text(report: &Report, old: &str, new: &str) -> String {
    let mut out = String::new();
    let worlds = report.worlds.iter().map(|(o, _)| format!("`{o}`")).collect::<Vec<_>>().join(", ");
    match report.incompatibilities.len() {
        0 => out.push_str(&format!("compatible: `{new}` can replace `{old}` (world {worlds})\n")),
        n => out.push_str(&format!(
            "incompatible: `{new}` cannot replace `{old}`: {n} incompatibilit{}\n",
            if n == 1 { "y" } else { "ies" }
        )),
    }
    for i in &report.incompatibilities {
        out.push_str(&format!("error[{}]: {}: {} (old {}; new {})\n", i.code, i.item, i.message, i.old, i.new));
    }
    out
}

/// `--message-format=json`: one JSON object.
pub fn render_json(report: &Report, old: &str, new: &str) -> String {
    let items: Vec<_> = report
        .incompatibilities
        .iter()
        .map(|i| {
            serde_json::json!({ "code": i.code, "item": i.item, "message": i.message, "old": i.old, "new": i.new })
        })
        .collect();
    let worlds: Vec<_> = report.worlds.iter().map(|(o, n)| serde_json::json!({ "old": o, "new": n })).collect();
    let verdict = if report.incompatibilities.is_empty() { "compatible" } else { "incompatible" };
    serde_json::json!({ "verdict": verdict, "old": old, "new": new, "worlds": worlds, "incompatibilities": items })
        .to_string()
}

/// Arguments of `cargo wasm-lint compat`.
#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    pub old: String,
    pub new: String,
    pub world: Option<String>,
    pub json: bool,
}

pub const HELP: &str = "\
Can NEW replace OLD for OLD's users? Compares two WIT files/folders or two components.

Usage: cargo wasm-lint compat [OPTIONS] OLD NEW

NEW may export more and import less than OLD; shared types and functions must be equal
(parameter names included); interface versions match by semver (1.2 ~ 1.4, 0.2.0 ~ 0.2.6).
Exit status: 0 compatible, 1 incompatible, 2 bad arguments or unreadable input.

Options:
    --world NAME                 compare this world only (default: every world of OLD's
                                 package); `ns:pkg/world` names a world of a dependency
    --message-format human|json  one JSON object instead of text
";

/// Parses the arguments after `compat`; `Ok(None)` asks for help.
pub fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut paths = Vec::new();
    let (mut world, mut json) = (None, false);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| iter.next().cloned()).ok_or_else(|| format!("`{name}` needs a value"));
        match name {
            "-h" | "--help" => return Ok(None),
            "--world" => world = Some(value()?),
            "--message-format" => match value()?.as_str() {
                "json" => json = true,
                "human" | "short" => json = false,
                other => return Err(format!("unknown message format `{other}`; use `human` or `json`")),
            },
            _ if name.starts_with('-') => {
                return Err(format!("unknown option `{name}` for `compat`; see `cargo wasm-lint compat --help`"))
            }
            _ => paths.push(arg.clone()),
        }
    }
    match <[String; 2]>::try_from(paths) {
        Ok([old, new]) => Ok(Some(Args { old, new, world, json })),
        Err(paths) => Err(format!(
            "`compat` takes two inputs, OLD and NEW (WIT files/folders or components), got {}",
            paths.len()
        )),
    }
}

/// Runs `compat`: prints the report and returns whether NEW is compatible.
pub fn run(args: &[String]) -> Result<bool, String> {
    let Some(args) = parse_args(args)? else {
        print!("{HELP}");
        return Ok(true);
    };
    let old = load(Path::new(&args.old))?;
    let new = load(Path::new(&args.new))?;
    let report = compare(&old, &new, args.world.as_deref())?;
    if args.json {
        println!("{}", render_json(&report, &args.old, &args.new));
    } else {
        print!("{}", render_text(&report, &args.old, &args.new));
    }
    Ok(report.incompatibilities.is_empty())
}

#[cfg(test)]
mod tests;
