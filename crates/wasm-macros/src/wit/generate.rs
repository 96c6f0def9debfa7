//! WIT → Rust bindings: wit-parser loads the WIT, wit-bindgen-rust writes wit-bindgen's module
//! shape, and [`super::marks`] adds WasmRust's marks. A plain library: no compiler needed, so the
//! unit tests below call it on strings and temporary folders.

use std::path::{Path, PathBuf};

use wit_bindgen_core::WorldGenerator;
use wit_bindgen_core::wit_parser::{PackageId, Resolve, TypeDefKind, TypeOwner, WorldId, WorldItem};

/// Where the WIT comes from.
pub enum WitSource {
    /// A `.wit` file or a folder of them (with `deps/`), resolved against the crate root, and
    /// the path as the user wrote it (for messages).
    Path { path: PathBuf, shown: String },
    /// WIT text written in the macro call.
    Inline(String),
}

/// Which imported resources stay affine (wit-bindgen's implicit `[resource-drop]` on scope end).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Affine {
    /// Every imported resource handle is linear (the default).
    #[default]
    None,
    /// No imported resource handle is linear.
    All,
    /// These resources (WIT names, `bucket` or `iface.bucket`) stay affine.
    Named(Vec<String>),
}

/// What the macro asked for.
pub struct Request {
    pub source: WitSource,
    pub world: Option<String>,
    pub affine: Affine,
    /// Path of the `wasm` crate in the generated code (`::wasm` unless renamed).
    pub krate: String,
    /// Whether lint marks are emitted (only when the macro crate runs under `cargo wasm-lint`).
    pub lint_marks: bool,
    /// `@unstable(feature = ..)` gates that are on.
    pub features: Vec<String>,
}

/// An imported resource: its WIT name, its interface (`None` at world level) and the Rust type
/// name wit-bindgen gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedResource {
    pub wit_name: String,
    pub interface: Option<String>,
    pub rust_name: String,
}

/// The generated bindings and the files they were read from (for rebuilds on change).
pub struct Generated {
    pub code: proc_macro2::TokenStream,
    pub files: Vec<PathBuf>,
}

/// A failure, as one sentence plus, for parse errors, wit-parser's position in the source.
#[derive(Debug, PartialEq, Eq)]
pub struct WitError {
    pub message: String,
    /// 1-based line and column in the WIT text (inline sources only map it to a token).
    pub position: Option<(usize, usize)>,
    /// `line L, column C of FILE`, for messages where no span can point at the place.
    pub location: Option<String>,
}

impl WitError {
    /// The message with the location, for a span that cannot point inside the WIT.
    pub fn with_location(&self) -> String {
        match &self.location {
            Some(at) => format!("{} ({at})", self.message),
            None => self.message.clone(),
        }
    }

    fn new(message: impl Into<String>) -> Self {
        WitError { message: message.into(), position: None, location: None }
    }

    /// An error from wit-parser, which renders `--> file:LINE:COL` under its message.
    fn from_parser(resolve: &Resolve, context: &str, err: anyhow::Error) -> Self {
        let text = resolve.render_error(&err);
        let first = text.lines().next().unwrap_or_default();
        let arrow = text.lines().find_map(parse_arrow);
        WitError {
            message: format!("{context}: {first}"),
            position: arrow.as_ref().map(|(_, line, col)| (*line, *col)),
            location: arrow.map(|(file, line, col)| format!("line {line}, column {col} of {file}")),
        }
    }
}

/// `--> name:LINE:COL` → (name, LINE, COL).
fn parse_arrow(line: &str) -> Option<(String, usize, usize)> {
    let rest = line.trim_start().strip_prefix("-->")?.trim();
    let mut parts = rest.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, col))
}

/// Loads the WIT, selects the world and generates the bindings.
pub fn generate(request: &Request) -> Result<Generated, WitError> {
    let mut resolve = Resolve::default();
    resolve.features.extend(request.features.iter().cloned());
    let (package, files) = load(&mut resolve, &request.source)?;
    let world = select_world(&resolve, package, request.world.as_deref())?;
    let imported = imported_resources(&resolve, world);
    let linear = choose_linear(imported, &request.affine)?;

    let mut opts = wit_bindgen_rust::Opts::default();
    opts.runtime_path = Some(format!("{}::component::rt", request.krate));
    opts.format = false;
    // Interfaces from `deps/` are generated too (wit-bindgen otherwise wants a `with` for each).
    opts.generate_all = true;
    let mut out = wit_bindgen_core::Files::default();
    // wit-bindgen-rust panics on a few valid worlds; the macro answers with an error instead.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| opts.build().generate(&mut resolve, world, &mut out)));
    match run {
        Ok(result) => result.map_err(|e| WitError::new(format!("cannot generate bindings for this world: {e:#}")))?,
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Err(WitError::new(format!(
                "wit-bindgen-rust 0.60 cannot generate bindings for this world (it stopped with: {reason})"
            )));
        }
    }
    let source: String = out.iter().map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned()).collect();
    let mut file = syn::parse_file(&source)
        .map_err(|e| WitError::new(format!("wit-bindgen-rust produced code that does not parse: {e}")))?;
    super::guest_traits::explain_guest_traits(&mut file);
    let code = super::marks::add_marks(file, &linear, &request.krate, request.lint_marks);
    Ok(Generated { code, files })
}

fn load(resolve: &mut Resolve, source: &WitSource) -> Result<(PackageId, Vec<PathBuf>), WitError> {
    match source {
        WitSource::Inline(text) => {
            let package = resolve
                .push_str("inline.wit", text)
                .map_err(|e| WitError::from_parser(resolve, "the inline WIT does not parse", e))?;
            Ok((package, Vec::new()))
        }
        WitSource::Path { path, shown } => {
            if !path.exists() {
                return Err(WitError::new(format!(
                    "the WIT path `{shown}` does not exist (paths are relative to the crate's Cargo.toml)"
                )));
            }
            let (package, map) = resolve
                .push_path(path)
                .map_err(|e| WitError::from_parser(resolve, &format!("the WIT at `{shown}` does not parse"), e))?;
            Ok((package, map.paths().map(Path::to_path_buf).collect()))
        }
    }
}

fn select_world(resolve: &Resolve, package: PackageId, world: Option<&str>) -> Result<WorldId, WitError> {
    let worlds = &resolve.packages[package].worlds;
    if worlds.is_empty() {
        return Err(WitError::new(format!(
            "the WIT package `{}` has no world; add `world NAME {{ ... }}` and name it with `world = \"NAME\"`",
            resolve.packages[package].name
        )));
    }
    let names = || worlds.keys().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if let Some(name) = world
        && !name.contains(':')
        && !worlds.contains_key(name)
    {
        return Err(WitError::new(format!("no world named `{name}` in the WIT package; its worlds are {}", names())));
    }
    if world.is_none() && worlds.len() > 1 {
        return Err(WitError::new(format!("the WIT package has several worlds ({}); choose one with `world = \"NAME\"`", names())));
    }
    resolve
        .select_world(&[package], world)
        .map_err(|e| WitError::new(format!("cannot select the world: {e:#}")))
}

/// Every resource type the world imports, directly or through an imported interface.
pub fn imported_resources(resolve: &Resolve, world: WorldId) -> Vec<ImportedResource> {
    use heck::ToUpperCamelCase;
    let mut found = Vec::new();
    let mut push = |id, interface: Option<String>| {
        let ty = &resolve.types[id];
        if let (TypeDefKind::Resource, Some(name)) = (&ty.kind, &ty.name) {
            found.push(ImportedResource { wit_name: name.clone(), interface, rust_name: name.to_upper_camel_case() });
        }
    };
    for item in resolve.worlds[world].imports.values() {
        match item {
            WorldItem::Type { id, .. } => {
                if matches!(resolve.types[*id].owner, TypeOwner::World(_)) {
                    push(*id, None);
                }
            }
            WorldItem::Interface { id, .. } => {
                let iface = &resolve.interfaces[*id];
                for ty in iface.types.values() {
                    push(*ty, iface.name.clone());
                }
            }
            WorldItem::Function(_) => {}
        }
    }
    found
}

/// The imported resources that stay linear under `affine`; an unknown name is an error.
fn choose_linear(imported: Vec<ImportedResource>, affine: &Affine) -> Result<Vec<ImportedResource>, WitError> {
    let names = match affine {
        Affine::None => return Ok(imported),
        Affine::All => return Ok(Vec::new()),
        Affine::Named(names) => names,
    };
    let matches = |r: &ImportedResource, name: &str| match name.split_once('.') {
        Some((iface, res)) => r.interface.as_deref() == Some(iface) && r.wit_name == res,
        None => r.wit_name == name,
    };
    for name in names {
        if !imported.iter().any(|r| matches(r, name)) {
            let known: Vec<String> = imported.iter().map(|r| format!("`{}`", r.wit_name)).collect();
            return Err(WitError::new(format!(
                "`affine` names `{name}`, which is not an imported resource of the world (imported: {})",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            )));
        }
    }
    Ok(imported.into_iter().filter(|r| !names.iter().any(|n| matches(r, n))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(wit: &str, world: Option<&str>) -> Request {
        Request {
            source: WitSource::Inline(wit.to_string()),
            world: world.map(str::to_string),
            affine: Affine::None,
            krate: "::wasm".to_string(),
            lint_marks: true,
            features: Vec::new(),
        }
    }

    const STORE: &str = "package test:store;
interface kv {
    resource bucket {
        constructor(name: string);
        get: func(key: string) -> option<string>;
    }
    open: func(name: string) -> bucket;
    close: func(b: bucket);
}
world app {
    import kv;
    export run: func(n: u32) -> u32;
}";

    #[test]
    fn generates_wit_bindgen_shape_through_wasm() {
        let out = generate(&request(STORE, Some("app"))).unwrap().code.to_string();
        assert!(out.contains("pub mod test"), "interfaces nest by package path");
        assert!(out.contains("pub struct Bucket"));
        assert!(out.contains(":: wasm :: component :: rt"), "runtime reached through `wasm`");
        assert!(out.contains("pub trait Guest"));
    }

    #[test]
    fn imported_resources_are_linear_unless_affine() {
        let mut resolve = Resolve::default();
        let package = resolve.push_str("t.wit", STORE).unwrap();
        let world = resolve.select_world(&[package], Some("app")).unwrap();
        let imported = imported_resources(&resolve, world);
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].rust_name, "Bucket");
        assert_eq!(imported[0].interface.as_deref(), Some("kv"));
        let out = generate(&request(STORE, Some("app"))).unwrap().code.to_string();
        assert!(out.contains("impl :: wasm :: Linear for Bucket"), "{out}");
        assert!(out.contains("impl :: wasm :: Release for Bucket"));
        for affine in [Affine::All, Affine::Named(vec!["bucket".into()]), Affine::Named(vec!["kv.bucket".into()])] {
            let mut req = request(STORE, Some("app"));
            req.affine = affine;
            let out = generate(&req).unwrap().code.to_string();
            assert!(!out.contains("Linear for Bucket"), "{out}");
        }
        let mut req = request(STORE, Some("app"));
        req.affine = Affine::Named(vec!["pail".into()]);
        let err = generate(&req).err().unwrap();
        assert!(err.message.contains("`pail`") && err.message.contains("`bucket`"), "{}", err.message);
    }

    #[test]
    fn exported_resources_are_not_linear() {
        let wit = "package t:e;
interface counters { resource counter { constructor(); bump: func() -> u32; } }
world app { export counters; }";
        let out = generate(&request(wit, None)).unwrap().code.to_string();
        assert!(out.contains("pub struct Counter") && !out.contains("Linear for"), "{out}");
    }

    #[test]
    fn import_functions_carry_the_host_call_mark() {
        let out = generate(&request(STORE, Some("app"))).unwrap().code.to_string();
        assert!(out.contains("# [wasm_lint :: effect (host_call)] pub fn open"), "{out}");
        assert!(out.contains("# [wasm_lint :: effect (host_call)] pub fn get"));
        assert!(!out.contains("# [wasm_lint :: effect (host_call)] pub fn run"));
        let mut req = request(STORE, Some("app"));
        req.lint_marks = false;
        assert!(!generate(&req).unwrap().code.to_string().contains("wasm_lint"));
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let err = generate(&request("package a:b;\nworld app {\n  import x: func(a: strin);\n}", None)).err().unwrap();
        assert_eq!(err.position, Some((3, 21)), "{}", err.message);
        assert!(err.message.contains("strin"), "{}", err.message);
    }

    #[test]
    fn world_errors_are_one_sentence() {
        let err = generate(&request("package a:b;\ninterface i {}", None)).err().unwrap();
        assert!(err.message.contains("has no world"), "{}", err.message);
        let err = generate(&request(STORE, Some("ap"))).err().unwrap();
        assert_eq!(err.message, "no world named `ap` in the WIT package; its worlds are `app`");
        let two = "package a:b;\nworld x {}\nworld y {}";
        let err = generate(&request(two, None)).err().unwrap();
        assert!(err.message.contains("several worlds (`x`, `y`)"), "{}", err.message);
    }

    #[test]
    fn folders_with_deps_load_and_missing_paths_are_errors() {
        let dir = std::env::temp_dir().join(format!("wasm-wit-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("deps/dep")).unwrap();
        std::fs::write(dir.join("deps/dep/types.wit"), "package my:dep;\ninterface types { type id = u64; }").unwrap();
        std::fs::write(dir.join("app.wit"), "package my:app;\nworld app { use my:dep/types.{id}; export next: func(i: id) -> id; }").unwrap();
        let mut req = request("", Some("app"));
        req.source = WitSource::Path { path: dir.clone(), shown: "wit".into() };
        let generated = generate(&req).unwrap();
        assert_eq!(generated.files.len(), 2);
        req.source = WitSource::Path { path: dir.join("nope"), shown: "nope".into() };
        let err = generate(&req).err().unwrap();
        assert!(err.message.starts_with("the WIT path `nope` does not exist"), "{}", err.message);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn arrow_lines_parse() {
        assert_eq!(parse_arrow("     --> inline.wit:3:21"), Some(("inline.wit".into(), 3, 21)));
        assert_eq!(parse_arrow("     --> C:\\x\\a.wit:10:2"), Some(("C:\\x\\a.wit".into(), 10, 2)));
        assert_eq!(parse_arrow("nothing"), None);
    }
}
