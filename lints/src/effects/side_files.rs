//! Effects across crates.
//!
//! A check build (`--emit=metadata`) encodes no MIR, so a dependency's function bodies cannot be
//! read downstream. Instead every crate `wasm-lint-driver` compiles (capped dependencies
//! included) writes what it inferred for its own functions into a side file next to its
//! metadata, `lib<name>-<hash>.wasm-effects` (JSON), and downstream crates read it back, keyed by
//! `DefPathHash`. `cargo wasm-lint --effects` prints the same files.
//!
//! A dependency function's effects are, in order: its declaration mark; its import module for
//! functions in `extern` blocks (and wasm-bindgen's stand-ins for them); the source table for
//! std; the side file; otherwise unknown (allowed by default, rejected by
//! `wasm_lint::unknown_effect`). A function the side file lists with generic calls left open
//! is unknown too: absence from a side file means pure, an open call never does.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use rustc_data_structures::fx::FxHashMap;
use rustc_hir::def_id::{CrateNum, DefId, LOCAL_CRATE};
use rustc_middle::ty::{GenericArgsRef, TyCtxt};
use rustc_session::config::{OutFileName, OutputType};
use serde_json::{Value, json};

use crate::effects::call_graph::Unknown;
use crate::effects::vocabulary::{Effect, EffectSet, Profile, declared, fn_name};
use crate::effects::infer::{Analysis, describe_unknown};
use super::exports::is_generated;
use crate::effects::sources::{foreign_import, std_source};
use crate::utils::paths::is_std_crate;

/// Extension of the side files.
pub const SIDE_FILE_EXTENSION: &str = "wasm-effects";
/// Bumped when the format changes; older files are ignored.
const FORMAT_VERSION: u64 = 2;

/// What an extern function contributes to its callers.
#[derive(Clone, Debug, Default)]
pub struct ExternContract {
    pub effects: EffectSet,
    /// For each effect, the chain from the function to the source (the function included).
    pub chains: [Option<Vec<String>>; Effect::COUNT],
    /// The chain to the first call whose effects cannot be known.
    pub unknown: Option<Vec<String>>,
    /// The trait-method calls the function left open (on a type generic there), encoded by
    /// `codec` with the function's own generic parameters in them: a caller that knows those
    /// types can resolve them (`Analysis::open_calls`).
    pub open_calls: Option<std::rc::Rc<[u8]>>,
    /// `unknown` comes only from `open_calls`: once they all resolve, nothing is unknown.
    pub unknown_is_open_calls: bool,
}

impl ExternContract {
    fn source(effects: EffectSet, name: String) -> ExternContract {
        let mut contract = ExternContract { effects, ..Default::default() };
        for effect in effects.iter() {
            contract.chains[effect.index()] = Some(vec![name.clone()]);
        }
        contract
    }
}

/// Side files of the dependencies, loaded on first use.
#[derive(Default)]
pub struct SideFiles {
    crates: RefCell<FxHashMap<CrateNum, Option<FxHashMap<String, ExternContract>>>>,
}

impl SideFiles {
    pub fn contract<'tcx>(&self, tcx: TyCtxt<'tcx>, def_id: DefId, args: GenericArgsRef<'tcx>) -> ExternContract {
        if let Some(import) = foreign_import(tcx, def_id) {
            return ExternContract::source(import.effects, import.name);
        }
        if def_id.is_local() {
            return ExternContract::default();
        }
        if is_std_crate(tcx, def_id.krate) {
            let source = std_source(tcx, def_id, args);
            return ExternContract::source(source.effects, source.name);
        }
        let hash = tcx.def_path_hash(def_id).0.to_string();
        let mut crates = self.crates.borrow_mut();
        let functions = crates.entry(def_id.krate).or_insert_with(|| load(tcx, def_id.krate));
        match functions.as_ref().map(|f| f.get(&hash)) {
            Some(Some(contract)) => {
                // The chains start with the function as its own crate names it; name it as
                // this crate does (`dep::f`).
                let mut contract = contract.clone();
                let name = fn_name(tcx, def_id);
                for chain in contract.chains.iter_mut().chain([&mut contract.unknown]).flatten() {
                    if let Some(first) = chain.first_mut() {
                        *first = name.clone();
                    }
                }
                contract
            }
            // The crate was analysed and this function has no body of its own (e.g. a
            // required trait method): nothing to add.
            Some(None) => ExternContract::default(),
            None => ExternContract {
                unknown: Some(vec![describe_unknown(tcx, Unknown::Unanalysed(def_id))]),
                ..Default::default()
            },
        }
    }
}

/// Paths where the side file of crate `cnum` may be.
fn candidates(tcx: TyCtxt<'_>, cnum: CrateNum) -> Vec<PathBuf> {
    tcx.used_crate_source(cnum).paths().filter_map(|p| side_file_for(p)).collect()
}

/// `dir/libfoo-abc.rlib` -> `dir/libfoo-abc.wasm-effects`.
pub fn side_file_for(artifact: &Path) -> Option<PathBuf> {
    let stem = artifact.file_stem()?.to_str()?;
    Some(artifact.with_file_name(format!("{stem}.{SIDE_FILE_EXTENSION}")))
}

fn load(tcx: TyCtxt<'_>, cnum: CrateNum) -> Option<FxHashMap<String, ExternContract>> {
    let text = candidates(tcx, cnum).into_iter().find_map(|p| std::fs::read_to_string(p).ok())?;
    let json: Value = serde_json::from_str(&text).ok()?;
    if json["version"].as_u64() != Some(FORMAT_VERSION) {
        return None;
    }
    let mut out = FxHashMap::default();
    for f in json["functions"].as_array()? {
        let Some(hash) = f["hash"].as_str() else { continue };
        let mut contract = ExternContract::default();
        for key in f["effects"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            let Some(effect) = Effect::from_key(key) else { continue };
            contract.effects = contract.effects.with(effect);
            contract.chains[effect.index()] = strings(&f["chains"][key]);
        }
        // Trait methods called on a type still generic there (a default method calling
        // `self.drive(..)`): what they do is known only where the type is, so unknown here,
        // never pure.
        let generic = strings(&f["generic"]).unwrap_or_default();
        contract.open_calls = f["open_calls"].as_str().and_then(from_hex).map(Into::into);
        contract.unknown_is_open_calls = f["unknown"].is_null() && contract.open_calls.is_some();
        contract.unknown = strings(&f["unknown"]).or_else(|| {
            let first = generic.first()?;
            Some(vec![f["name"].as_str().unwrap_or_default().to_string(), format!("`{first}` on a type generic there")])
        });
        out.insert(hash.to_string(), contract);
    }
    Some(out)
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()).collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The function's open trait-method calls, encoded for downstream crates (`None` if there are
/// none, or one cannot be stored: the function then stays unknown there).
fn open_calls<'tcx>(tcx: TyCtxt<'tcx>, deferred: &[(DefId, GenericArgsRef<'tcx>, crate::effects::infer::Reach<'tcx>)]) -> Option<String> {
    use crate::effects::call_graph::{Edge, EdgeKind, Target};
    // A full list may have dropped calls: the function must stay unknown downstream.
    if deferred.is_empty() || deferred.len() >= crate::effects::infer::MAX_DEFERRED {
        return None;
    }
    let edges: Vec<Edge<'tcx>> =
        deferred.iter().map(|&(d, args, _)| Edge { target: Target::Deferred(d, args), kind: EdgeKind::Call }).collect();
    let (blob, _) = crate::effects::codec::encode_checked(tcx, &edges, &[])?;
    Some(to_hex(&blob))
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
}

/// The side file of the crate being compiled: every analysed body, with its declaration and
/// inferred effects (raw imports folded in as its declaration says), chains and whether it is
/// exported. Closures are included (a downstream crate may call one returned to it) but marked.
pub fn crate_json(analysis: &Analysis<'_>, linted: bool, is_export: impl Fn(rustc_hir::def_id::LocalDefId) -> bool) -> Value {
    let tcx = analysis.tcx;
    let mut functions = Vec::new();
    for def_id in analysis.bodies() {
        let Some(summary) = analysis.summary(def_id) else { continue };
        let declared = declared(tcx, def_id.to_def_id());
        let settled = summary.effects.is_empty() && summary.unknown.is_none() && summary.deferred.is_empty();
        if !linted && declared.is_none() && settled {
            continue; // a dependency's pure functions: absence means pure
        }
        let mut chains = serde_json::Map::new();
        for effect in summary.effects.iter() {
            chains.insert(effect.key().into(), json!(analysis.chain(def_id, effect)));
        }
        let unknown = summary.unknown.map(|_| analysis.unknown_chain(def_id));
        let generic: Vec<String> =
            summary.deferred.iter().map(|(d, _, _)| fn_name(tcx, *d)).collect();
        let inferred = match declared {
            Some(d) => summary.effects.resolve_imports(d.effects),
            None => summary.effects,
        };
        let span = tcx.sess.source_map().span_to_diagnostic_string(tcx.def_span(def_id));
        functions.push(json!({
            "hash": tcx.def_path_hash(def_id.to_def_id()).0.to_string(),
            "name": fn_name(tcx, def_id.to_def_id()),
            // The full path, for listings where two functions share a name.
            "path": rustc_middle::ty::print::with_no_trimmed_paths!(tcx.def_path_str(def_id.to_def_id())),
            // Listed under the function that makes or wraps them (macro internals too).
            "closure": tcx.is_closure_like(def_id.to_def_id()) || is_generated(tcx, def_id) || is_macro_internal(tcx, def_id),
            "span": span,
            "declared": declared.map(|d| d.effects.names()),
            "inferred": inferred.names(),
            "effects": summary.effects.iter().map(Effect::key).collect::<Vec<_>>(),
            "chains": chains,
            "unknown": unknown,
            "generic": generic,
            "open_calls": open_calls(tcx, &summary.deferred),
            "export": is_export(def_id),
        }));
    }
    json!({
        "version": FORMAT_VERSION,
        "crate": tcx.crate_name(LOCAL_CRATE).as_str(),
        "linted": linted,
        "host": Profile::of_session(tcx).map(|p| p.host),
        "functions": functions,
    })
}

/// Writes the side file of the crate being compiled next to its metadata. Failing to write it
/// only makes downstream crates less precise, so errors are ignored.
pub fn write(tcx: TyCtxt<'_>, json: &Value) {
    let OutFileName::Real(metadata) = tcx.output_filenames(()).path(OutputType::Metadata) else { return };
    let Some(path) = side_file_for(&metadata) else { return };
    let _ = std::fs::write(path, json.to_string());
}

/// A helper a macro generated (`__linear_type_is_not_clone`, wasm-bindgen's `__wbg_*`
/// stand-ins): not something the user wrote or calls.
fn is_macro_internal(tcx: TyCtxt<'_>, def_id: rustc_hir::def_id::LocalDefId) -> bool {
    tcx.def_span(def_id).from_expansion() && tcx.opt_item_name(def_id.to_def_id()).is_some_and(|n| n.as_str().starts_with("__"))
}
