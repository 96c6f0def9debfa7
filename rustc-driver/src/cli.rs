//! Command line of `cargo wasm-lint`: which arguments go to `cargo check`, which to the driver.

/// `cargo check` options that take a value (`--opt VALUE` or `--opt=VALUE`).
const CARGO_VALUE_OPTS: &[&str] = &[
    "--message-format", "--color", "--config", "-Z", "-m", "--exclude", "-F", "--features", "-j", "--jobs",
    "--profile", "--target-dir", "--manifest-path", "--lockfile-path",
];
/// `cargo check` options whose value is optional (`-p` alone lists packages).
const CARGO_OPTIONAL_VALUE_OPTS: &[&str] =
    &["-p", "--package", "--bin", "--example", "--test", "--bench", "--target"];
/// `cargo check` flags without a value.
const CARGO_FLAGS: &[&str] = &[
    "--future-incompat-report", "-v", "-vv", "--verbose", "-q", "--quiet", "--workspace", "--all",
    "--lib", "--bins", "--examples", "--tests", "--benches", "--all-targets", "--all-features",
    "--no-default-features", "--keep-going", "-r", "--release", "--unit-graph", "--timings",
    "--ignore-rust-version", "--locked", "--offline", "--frozen",
];
/// Host profiles `--host` accepts (`wasm::host::profile::Host`).
pub const HOSTS: &[&str] = &["browser", "node", "wasi", "wasmtime"];
/// The lint `--strict-effects` denies.
const STRICT_EFFECTS_LINT: &str = "wasm_lint::unknown_effect";

/// Lint-level flags accepted after `--`, each followed by a lint name.
const LINT_LEVEL_FLAGS: &[&str] =
    &["-D", "-W", "-A", "-F", "--deny", "--warn", "--allow", "--forbid", "--force-warn"];

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    /// `cargo wasm-lint mem <file.wasm>`: print a module's memory map.
    MemoryMap(Vec<String>),
    /// `cargo wasm-lint component [cargo build options]`: build and encode a component.
    Component(Vec<String>),
    /// `cargo wasm-lint compat OLD NEW [--world W] [--message-format json]`: can NEW replace OLD.
    Compat(Vec<String>),
    /// `cargo wasm-lint wit [cargo check options]`: print the crate's WIT, derived from its Rust
    /// exports (the options as for a check).
    Wit(Check),
    /// Run the lints: `cargo check <cargo_args>` with `lint_flags` given to the driver.
    Check(Check),
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Check {
    pub cargo_args: Vec<String>,
    /// Driver flags, e.g. `["-D", "wasm_lint::linear_forgotten"]`.
    pub lint_flags: Vec<String>,
    /// The profile asked for (`--profile P`, or `release` for `-r`/`--release`); the check runs
    /// in a profile of our own that inherits it (see [`Check::lint_profile`]).
    pub profile: Option<String>,
    /// The `--manifest-path` given, if any.
    pub manifest_path: Option<String>,
    /// `--host NAME`: check (and compile every crate) under that host profile.
    pub host: Option<String>,
    /// `--effects`: print each function's declared and inferred effects afterwards.
    pub effects: bool,
    /// The `--message-format` given, if any.
    pub message_format: Option<String>,
    /// Not an option: set for the build of `cargo wasm-lint component` that compiles a derived
    /// world's glue in (`component_derived.rs`), which gets a profile of its own.
    pub glue: bool,
}

/// The lint profile's name, or its prefix (`wasm-lint-<profile>`).
pub const LINT_PROFILE: &str = "wasm-lint";
/// The glue build's profile (prefix). `_`: no `wasm-lint-<profile>` can be named so.
pub const GLUE_PROFILE: &str = "wasm-lint_glue";

impl Check {
    /// `(name, inherits)` of the profile the lints run in. Its own name gives it its own
    /// directory under the target dir (`target/wasm-lint`), so metadata compiled without the
    /// driver is never reused, without asking cargo where the target dir is.
    ///
    /// The glue build has its own too (`target/wasm-lint_glue`): cargo names a path package's
    /// cdylib without a hash, so it keeps one fingerprint for it per profile folder, whatever
    /// the features or environment. Sharing one with the plain build (no glue, which tells
    /// whether the crate has a world of its own), each build would find the crate changed by the
    /// other and compile it again on every `cargo wasm-lint component`.
    pub fn lint_profile(&self) -> (String, String) {
        let name = if self.glue { GLUE_PROFILE } else { LINT_PROFILE };
        match self.profile.as_deref() {
            None | Some("dev") => (name.into(), "dev".into()),
            Some(p) => (format!("{name}-{p}"), p.into()),
        }
    }
}

/// Parses the arguments after `cargo wasm-lint` (cargo passes the subcommand name first; the
/// caller strips it). Errors are one sentence saying what to do.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some("mem") => return Ok(Command::MemoryMap(args[1..].to_vec())),
        Some("component") => return Ok(Command::Component(args[1..].to_vec())),
        Some("compat") => return Ok(Command::Compat(args[1..].to_vec())),
        Some("wit") => {
            return match parse(&args[1..])? {
                Command::Check(check) => Ok(Command::Wit(check)),
                other => Ok(other),
            };
        }
        _ => {}
    }
    let mut check = Check::default();
    let mut strict_effects = false;
    let mut iter = args.iter().peekable();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            check.lint_flags = parse_lint_flags(iter.by_ref().cloned().collect())?;
            break;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (name, inline_value) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        // Short options may be glued to their value: `-pfoo`, `-j2`, `-Zflag`.
        let (name, inline_value) = match split_short(name) {
            Some((n, v)) if inline_value.is_none() => (n, Some(v)),
            _ => (name, inline_value),
        };
        // Our own options, not forwarded to cargo.
        match name {
            "--host" => {
                let host = match inline_value {
                    Some(v) => v,
                    None => iter.next().cloned().ok_or_else(|| {
                        format!("`--host` needs a host profile, one of {}", HOSTS.join(", "))
                    })?,
                };
                if !HOSTS.contains(&host.as_str()) {
                    return Err(format!("unknown host `{host}`; the host profiles are {}", HOSTS.join(", ")));
                }
                check.host = Some(host);
                continue;
            }
            "--effects" | "--strict-effects" if inline_value.is_some() => {
                return Err(format!("`{name}` takes no value; remove `={}`", inline_value.unwrap()));
            }
            "--effects" => {
                check.effects = true;
                continue;
            }
            "--strict-effects" => {
                strict_effects = true;
                continue;
            }
            _ => {}
        }
        if CARGO_FLAGS.contains(&name) {
            if let Some(value) = inline_value {
                return Err(format!("`{name}` takes no value; remove `={value}`"));
            }
            if name == "-r" || name == "--release" {
                check.profile = Some("release".into());
            } else {
                check.cargo_args.push(arg.clone());
            }
            continue;
        }
        let first_arg_index = check.cargo_args.len();
        check.cargo_args.push(arg.clone());
        let value = if CARGO_VALUE_OPTS.contains(&name) {
            match inline_value {
                Some(v) => Some(v),
                None => {
                    let v = iter.next().ok_or_else(|| {
                        format!("`{name}` needs a value; see `cargo wasm-lint --help`")
                    })?;
                    check.cargo_args.push(v.clone());
                    Some(v.clone())
                }
            }
        } else if CARGO_OPTIONAL_VALUE_OPTS.contains(&name) {
            match inline_value {
                Some(v) => Some(v),
                None => match iter.peek() {
                    Some(v) if !v.starts_with('-') => {
                        let v = iter.next().unwrap();
                        check.cargo_args.push(v.clone());
                        Some(v.clone())
                    }
                    _ => None,
                },
            }
        } else if name.starts_with('-') {
            if let Some(known) = closest_option(name) {
                return Err(format!("unknown option `{name}`; did you mean `{known}`? (see `cargo wasm-lint --help`)"));
            }
            return Err(format!(
                "unknown option `{name}`; `cargo wasm-lint` takes the options of `cargo check` \
                 and lint flags after `--` (see `cargo wasm-lint --help`)"
            ));
        } else {
            return Err(format!(
                "unexpected argument `{arg}`; `cargo wasm-lint` takes the options of `cargo check` \
                 (to select a package use `-p {arg}`)"
            ));
        };
        match name {
            "--profile" => {
                check.profile = value;
                check.cargo_args.truncate(first_arg_index); // replaced by our own profile
            }
            "--manifest-path" | "-m" => check.manifest_path = value,
            "--message-format" => check.message_format = value,
            _ => {}
        }
    }
    if strict_effects {
        // First, so a later `-A wasm_lint::unknown_effect` after `--` still wins.
        check.lint_flags.splice(0..0, ["-D".to_string(), STRICT_EFFECTS_LINT.to_string()]);
    }
    Ok(Command::Check(check))
}

/// Our own options, for "did you mean".
const OWN_OPTS: &[&str] = &["--host", "--effects", "--strict-effects", "--help", "--version"];

/// The known long option nearest to a mistyped one (`--effect` -> `--effects`), if one is near.
fn closest_option(name: &str) -> Option<&'static str> {
    if !name.starts_with("--") {
        return None;
    }
    let known = OWN_OPTS.iter().chain(CARGO_VALUE_OPTS).chain(CARGO_OPTIONAL_VALUE_OPTS).chain(CARGO_FLAGS);
    known
        .filter(|k| k.starts_with("--"))
        .map(|k| (edit_distance(name, k), *k))
        .filter(|&(d, k)| d <= (k.len() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Levenshtein distance in bytes (options are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.bytes().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// `-pfoo` -> (`-p`, `foo`) for single-letter options that take values.
fn split_short(arg: &str) -> Option<(&'static str, String)> {
    if arg.starts_with("--") || arg.len() <= 2 {
        return None;
    }
    ["-p", "-j", "-Z", "-F", "-m"]
        .into_iter()
        .find(|short| arg.starts_with(short))
        .map(|short| (short, arg[2..].to_string()))
}

/// Validates flags after `--`: only lint levels for lints (`-D wasm_lint::linear_forgotten`).
fn parse_lint_flags(flags: Vec<String>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut iter = flags.into_iter();
    while let Some(flag) = iter.next() {
        let (level, lint) = if let Some(short) = LINT_LEVEL_FLAGS.iter().find(|f| flag.len() > 2 && flag.starts_with(*f) && f.len() == 2) {
            (short.to_string(), flag[2..].to_string())
        } else if let Some((level, lint)) = flag.split_once('=').filter(|(l, _)| LINT_LEVEL_FLAGS.contains(l)) {
            (level.to_string(), lint.to_string())
        } else if LINT_LEVEL_FLAGS.contains(&flag.as_str()) {
            let lint = iter.next().ok_or_else(|| format!("`{flag}` needs a lint name, e.g. `{flag} wasm_lint::linear_forgotten`"))?;
            (flag, lint)
        } else {
            return Err(format!(
                "`{flag}` after `--` is not a lint flag; use `-D`, `-W`, `-A` or `-F` followed by a lint, e.g. `-- -D wasm_lint::linear_forgotten`"
            ));
        };
        out.push(level);
        out.push(lint);
    }
    Ok(out)
}

pub const HELP: &str = "\
Run the WasmRust lints (wasm_lint::*) on a crate: `cargo check` with the lints enabled.

Usage: cargo wasm-lint [CARGO CHECK OPTIONS] [-- LINT FLAGS]
       cargo wasm-lint mem <FILE.wasm>
       cargo wasm-lint component [CARGO BUILD OPTIONS]   (build a Component Model component)
       cargo wasm-lint compat OLD NEW   (can NEW, WIT or component, replace OLD? see compat --help)
       cargo wasm-lint wit [-p PACKAGE] [CARGO CHECK OPTIONS]   (print the WIT of the Rust exports)

Every `cargo check` option works (-p, --workspace, --all-targets, --target, --features,
--message-format=json, ...). Results are cached in <target-dir>/wasm-lint, apart from normal
builds. The exit status is non-zero when a deny-level lint fires.

Effect options:
    --host NAME         check under a host profile (browser, node, wasi, wasmtime): every crate
                        gets --cfg wasm_host=\"NAME\", and exports reaching an effect that host
                        lacks are rejected (wasm_lint::effect_unavailable)
    --effects           afterwards, print each function's declared and inferred effects with the
                        chain to each source (JSON lines with --message-format=json)
    --strict-effects    reject calls whose effects cannot be known (fn pointers, undeclared trait
                        methods through dyn or generics): -D wasm_lint::unknown_effect

Lint flags after `--` set levels: -D (deny), -W (warn), -A (allow), -F (forbid), e.g.
    cargo wasm-lint -- -D wasm_lint::linear_forgotten -A wasm_lint::unused_effect
Silence one site in code with
    #[cfg_attr(wasm_lint, allow(wasm_lint::linear_not_consumed))]

Subcommands:
    mem <FILE.wasm>   print the module's static memory layout (data, stack, heap base, limits)
";

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn check(s: &str) -> Check {
        match parse(&args(s)) {
            Ok(Command::Check(c)) => c,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn forwards_cargo_options() {
        let c = check("-p foo --all-targets --target wasm32-unknown-unknown --features a,b --message-format=json");
        assert_eq!(c.cargo_args, args("-p foo --all-targets --target wasm32-unknown-unknown --features a,b --message-format=json"));
        assert!(c.lint_flags.is_empty());
        assert_eq!(c.lint_profile(), ("wasm-lint".into(), "dev".into()));
    }

    #[test]
    fn optional_values_and_glued_short_options() {
        assert_eq!(check("-p --workspace").cargo_args, args("-p --workspace"));
        assert_eq!(check("-pfoo -j2").cargo_args, args("-pfoo -j2"));
        let c = check("--manifest-path x/Cargo.toml --target-dir t");
        assert_eq!(c.manifest_path.as_deref(), Some("x/Cargo.toml"));
        assert_eq!(c.cargo_args, args("--manifest-path x/Cargo.toml --target-dir t"));
    }

    #[test]
    fn profiles_become_our_own_inheriting_ones() {
        let release = check("-p foo --release");
        assert_eq!(release.cargo_args, args("-p foo"));
        assert_eq!(release.lint_profile(), ("wasm-lint-release".into(), "release".into()));
        let custom = check("--profile=ci -p foo");
        assert_eq!(custom.cargo_args, args("-p foo"));
        assert_eq!(custom.lint_profile(), ("wasm-lint-ci".into(), "ci".into()));
        assert_eq!(check("--profile dev").lint_profile(), ("wasm-lint".into(), "dev".into()));
        let glue = |s: &str| Check { glue: true, ..check(s) }.lint_profile();
        assert_eq!(glue("-r"), ("wasm-lint_glue-release".into(), "release".into()));
        assert_eq!(glue(""), ("wasm-lint_glue".into(), "dev".into()));
    }

    #[test]
    fn lint_flags_after_double_dash() {
        let c = check("--workspace -- -D wasm_lint::a -Wwasm_lint::b --allow=wasm_lint::c");
        assert_eq!(c.lint_flags, args("-D wasm_lint::a -W wasm_lint::b --allow wasm_lint::c"));
    }

    #[test]
    fn rejects_unknown_options_with_one_sentence() {
        for bad in ["--frobnicate", "--release=yes", "-- --emit=mir", "-- -D", "stray", "--features"] {
            let err = parse(&args(bad)).expect_err(bad);
            assert!(!err.contains('\n'), "{bad}: {err}");
        }
    }

    #[test]
    fn effect_options_are_ours_not_cargos() {
        let c = check("--host wasi --effects -p app --strict-effects -- -W wasm_lint::x");
        assert_eq!(c.cargo_args, args("-p app"));
        assert_eq!(c.host.as_deref(), Some("wasi"));
        assert!(c.effects);
        assert_eq!(c.lint_flags, args("-D wasm_lint::unknown_effect -W wasm_lint::x"));
        assert_eq!(check("--host=browser").host.as_deref(), Some("browser"));
        assert_eq!(check("--message-format=json").message_format.as_deref(), Some("json"));
        assert_eq!(check("--message-format json").cargo_args, args("--message-format json"));
    }

    #[test]
    fn bad_effect_options_are_one_sentence() {
        for bad in ["--host", "--host deno", "--effects=yes", "--strict-effects=1"] {
            let err = parse(&args(bad)).expect_err(bad);
            assert!(!err.contains('\n'), "{bad}: {err}");
        }
        let err = parse(&args("--host deno")).unwrap_err();
        assert!(err.contains("browser, node, wasi, wasmtime"), "{err}");
    }

    #[test]
    fn near_misses_name_the_option() {
        for (typo, meant) in [("--effect", "--effects"), ("--strict-effect", "--strict-effects"), ("--hots", "--host"),
            ("--workspaces", "--workspace"), ("--all-target", "--all-targets"), ("--feature=a", "--features")] {
            let err = parse(&args(typo)).expect_err(typo);
            assert!(err.contains(&format!("did you mean `{meant}`?")), "{typo}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
        let far = parse(&args("--frobnicate")).unwrap_err();
        assert!(!far.contains("did you mean"), "{far}");
    }

    #[test]
    fn wit_takes_the_check_options() {
        match parse(&args("wit -p shapes --release")) {
            Ok(Command::Wit(c)) => {
                assert_eq!(c.cargo_args, args("-p shapes"));
                assert_eq!(c.profile.as_deref(), Some("release"));
            }
            other => panic!("{other:?}"),
        }
        assert!(parse(&args("wit --frobnicate")).is_err());
    }

    #[test]
    fn help_version_and_mem() {
        assert_eq!(parse(&args("--help")), Ok(Command::Help));
        assert_eq!(parse(&args("-V")), Ok(Command::Version));
        assert_eq!(parse(&args("mem a.wasm")), Ok(Command::MemoryMap(args("a.wasm"))));
        assert_eq!(parse(&args("compat a.wit b.wit")), Ok(Command::Compat(args("a.wit b.wit"))));
    }
}
