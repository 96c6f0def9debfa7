//! The effect analysis across incremental sessions: only the bodies whose inputs changed are
//! read again.
//!
//! The analysis needs the call edges (`call_graph`) of every body each session, and with
//! incremental compilation nothing has MIR unless its borrow check re-ran, so reading every
//! body's edges again would rebuild all the crate's MIR. Instead each body's edges are a node
//! of rustc's own dependency graph: rustc has no way for a driver to add a query, so the
//! driver overrides the provider of `is_doc_notable_trait`, a query only rustdoc asks, and
//! computes a body's edges inside it. Every query the computation reads (the MIR, hence the
//! body and its typeck; `resolve_instance`, impls, ADT destructors, dependency metadata) is
//! recorded as a dependency, so `tcx.ensure_ok()` re-runs the provider exactly when something
//! the edges depend on changed, and skips it when all of it is green. One input is read
//! outside the graph: whether a local callee has a declaration (its attributes move with any
//! edit above it, which would make every caller of an annotated function look changed); each
//! answer is stored with the edges and checked when they are reused.
//!
//! Edges found in one session are kept for the next in `wasm-lint-effects.bin`, written into
//! rustc's incremental session directory: rustc publishes that directory only when the
//! session succeeds, together with the dependency graph the file matches, and copies it into
//! the next session's. A body whose node is green takes its edges from the file; the others
//! come from the provider (`codec` has the encoding; a body whose edges do not decode
//! back to exactly the same values is never stored). A file that is missing, truncated, of
//! another format, driver build or crate, or whose checksum fails is ignored; a definition it
//! names that no longer exists (or is of another kind) makes that body be read from MIR.
//!
//! Spans are not stored: diagnostics point into few bodies, and those are read from MIR when
//! a diagnostic needs them (`Analysis::site`), which also checks that the edges were right.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, OnceLock};

use rustc_data_structures::fingerprint::Fingerprint;
use rustc_data_structures::fx::{FxHashMap, FxHashSet};
use rustc_hir::def_id::{DefId, DefPathHash, LOCAL_CRATE, LocalDefId};
use rustc_middle::queries::mir_borrowck::ProvidedValue;
use rustc_middle::ty::TyCtxt;
use rustc_middle::util::Providers;
use rustc_session::Session;

use crate::effects::call_graph::{Site, body_edges, body_edges_untracked_declarations, is_analysed_body};
use crate::effects::codec::{Reader, Resolver, decode, encode_checked};
use crate::effects::infer::{Analysis, BodyInput, analysed_bodies};

/// The file, in the incremental session directory.
const FILE_NAME: &str = "wasm-lint-effects.bin";
const MAGIC: &[u8; 12] = b"WASMLINTFX\0\0";
/// Bumped when the encoding of files or edges changes.
const FORMAT_VERSION: u32 = 1;

type NotableProvider = for<'tcx> fn(TyCtxt<'tcx>, DefId) -> bool;

/// rustc's own `is_doc_notable_trait`, answered after the edges are computed.
static RUSTC_IS_DOC_NOTABLE_TRAIT: OnceLock<NotableProvider> = OnceLock::new();

/// What the provider computed this session, by body, until the lint pass takes it. Edges have
/// the session's lifetime, so they travel encoded (with the definitions they name).
static FRESH: LazyLock<Mutex<FxHashMap<LocalDefId, Fresh>>> = LazyLock::new(Default::default);

enum Fresh {
    /// No usable MIR (type errors).
    NoBody,
    /// `blob` is `None` when the edges cannot be stored (they do not survive encoding).
    Body { blob: Option<(Vec<u8>, Vec<DefId>)>, sites: Vec<Site> },
}

type BorrowckProvider = for<'tcx> fn(TyCtxt<'tcx>, LocalDefId) -> ProvidedValue<'tcx>;

/// The `mir_borrowck` provider installed before ours (the lints' hook).
static INNER_MIR_BORROWCK: OnceLock<BorrowckProvider> = OnceLock::new();

/// Typeck roots borrow-checked in this session, whose MIR rustc built anyway (for the stats).
static BORROW_CHECKED: LazyLock<Mutex<FxHashSet<LocalDefId>>> = LazyLock::new(Default::default);

/// Installs the provider that makes each body's edges a node of the dependency graph. Call
/// after `passes::borrowck::install`.
pub fn install(_sess: &Session, providers: &mut Providers) {
    let _ = RUSTC_IS_DOC_NOTABLE_TRAIT.set(providers.queries.is_doc_notable_trait);
    providers.queries.is_doc_notable_trait = tracked_edges;
    let _ = INNER_MIR_BORROWCK.set(providers.queries.mir_borrowck);
    providers.queries.mir_borrowck = counted_mir_borrowck;
}

fn counted_mir_borrowck<'tcx>(tcx: TyCtxt<'tcx>, root: LocalDefId) -> ProvidedValue<'tcx> {
    lock(&BORROW_CHECKED).insert(root);
    let inner = INNER_MIR_BORROWCK.get().expect("install() ran before any query");
    inner(tcx, root)
}

/// The overridden `is_doc_notable_trait`: for an analysed body, computes its edges (every
/// query read is a dependency of this node) and leaves them for [`analysis`].
fn tracked_edges(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    if let Some(local) = def_id.as_local()
        && is_analysed_body(tcx, local)
    {
        let fresh = match body_edges_untracked_declarations(tcx, local) {
            (None, _) => Fresh::NoBody,
            (Some(body), reads) => {
                Fresh::Body { blob: encode_checked(tcx, &body.edges, &reads), sites: body.sites }
            }
        };
        lock(&FRESH).insert(local, fresh);
    }
    let rustc = RUSTC_IS_DOC_NOTABLE_TRAIT.get().expect("install() ran before any query");
    rustc(tcx, def_id)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A body's edges as found this session, and the blob to store for it (if storable).
enum Found<'tcx> {
    NoBody,
    Body { input: BodyInput<'tcx>, blob: Option<Vec<u8>> },
}

/// The effect analysis of the crate whose lints run, and the cache to save once its results
/// are known to be good (see `Analysis::is_stale`). Without incremental compilation every body
/// is read from MIR and nothing is saved.
pub fn analysis(tcx: TyCtxt<'_>) -> (Analysis<'_>, Option<NewCache>) {
    let Some(path) = cache_path(tcx) else {
        if tcx.sess.opts.unstable_opts.ui_testing {
            return (round_trip(tcx), None);
        }
        return (Analysis::run(tcx), None);
    };
    let stored = Stored::load(tcx, &path);
    let mut resolver = Resolver::new(tcx);
    let mut cache = NewCache { path, entries: Vec::new() };
    let mut bodies = Vec::new();
    let mut stats = Stats::default();
    for def_id in analysed_bodies(tcx) {
        // Runs `tracked_edges` for this body, unless all it read when it last ran is green.
        tcx.ensure_ok().is_doc_notable_trait(def_id.to_def_id());
        let hash = tcx.def_path_hash(def_id.to_def_id());
        let fresh = lock(&FRESH).remove(&def_id);
        let found = match fresh {
            Some(fresh) => {
                stats.fresh += 1;
                if !lock(&BORROW_CHECKED).contains(&tcx.typeck_root_def_id_local(def_id)) {
                    stats.rebuilt += 1;
                }
                from_fresh(tcx, def_id, fresh)
            }
            None => {
                stats.unchanged += 1;
                stored.as_ref().and_then(|s| from_stored(tcx, def_id, s.get(hash)?, &mut resolver))
            }
        };
        // Otherwise (new to the file, or not storable) from MIR. For a green body this gives
        // what its provider gave when it last ran, so it is stored too.
        let found = found.unwrap_or_else(|| {
            stats.read += 1;
            from_mir(tcx, def_id)
        });
        match found {
            Found::NoBody => cache.entries.push((hash, None)),
            Found::Body { input, blob } => {
                if blob.is_some() {
                    cache.entries.push((hash, blob));
                }
                bodies.push(input);
            }
        }
    }
    lock(&FRESH).clear();
    stats.log(tcx, stored.is_some());
    (Analysis::new(tcx, bodies), Some(cache))
}

fn from_fresh(tcx: TyCtxt<'_>, def_id: LocalDefId, fresh: Fresh) -> Option<Found<'_>> {
    match fresh {
        Fresh::NoBody => Some(Found::NoBody),
        Fresh::Body { blob: Some((blob, defs)), sites } => {
            let (edges, _) = decode(tcx, &blob, &defs)?;
            Some(Found::Body {
                input: BodyInput { def_id, edges, sites: Some(sites) },
                blob: Some(blob),
            })
        }
        Fresh::Body { blob: None, .. } => None,
    }
}

/// A green body's stored edges, if they still apply: the definitions they name exist, and the
/// local functions they name still have (or lack) a declaration.
fn from_stored<'tcx>(
    tcx: TyCtxt<'tcx>,
    def_id: LocalDefId,
    entry: Option<&[u8]>,
    resolver: &mut Resolver<'tcx>,
) -> Option<Found<'tcx>> {
    let Some(blob) = entry else { return Some(Found::NoBody) };
    let defs = resolver.defs(blob)?;
    let (edges, reads) = decode(tcx, blob, &defs)?;
    if !reads.iter().all(|&(callee, has)| resolver.has_declaration(callee) == has) {
        return None;
    }
    Some(Found::Body { input: BodyInput { def_id, edges, sites: None }, blob: Some(blob.to_vec()) })
}

fn from_mir(tcx: TyCtxt<'_>, def_id: LocalDefId) -> Found<'_> {
    match body_edges_untracked_declarations(tcx, def_id) {
        (None, _) => Found::NoBody,
        (Some(body), reads) => {
            let blob = encode_checked(tcx, &body.edges, &reads).map(|(blob, _)| blob);
            Found::Body {
                input: BodyInput { def_id, edges: body.edges, sites: Some(body.sites) },
                blob,
            }
        }
    }
}

/// How a session found its bodies' edges. With `WASM_LINT_EFFECTS_CACHE_LOG=FILE` set, one
/// JSON line per crate is appended to FILE (for tests; not tracked by cargo).
#[derive(Default)]
struct Stats {
    /// Bodies whose inputs changed (or are new): their edges were computed again.
    fresh: usize,
    /// Of those, the bodies whose MIR was built for it (rustc did not borrow-check them).
    rebuilt: usize,
    /// Bodies whose inputs are all unchanged: edges from the previous session, if it stored
    /// them (else counted in `read` too).
    unchanged: usize,
    /// Bodies read from MIR outside the tracked provider (not in the file, or not storable).
    read: usize,
}

impl Stats {
    fn log(&self, tcx: TyCtxt<'_>, loaded: bool) {
        let Some(path) = std::env::var_os("WASM_LINT_EFFECTS_CACHE_LOG") else { return };
        let line = serde_json::json!({
            "crate": tcx.crate_name(LOCAL_CRATE).as_str(),
            "loaded": loaded,
            "fresh": self.fresh,
            "rebuilt": self.rebuilt,
            "unchanged": self.unchanged,
            "read": self.read,
        });
        if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
            let _ = std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes());
        }
    }
}

/// The analysis with every body's edges taken through the file's encoding (definitions
/// resolved back from their hashes) and their sites left to be found from MIR, as a later
/// session would: under `-Zui-testing` the lints' UI tests run this path, and the pass checks
/// it against [`Analysis::run`].
fn round_trip(tcx: TyCtxt<'_>) -> Analysis<'_> {
    let mut resolver = Resolver::new(tcx);
    let bodies = analysed_bodies(tcx)
        .filter_map(|def_id| {
            let body = body_edges(tcx, def_id)?;
            let read_back = encode_checked(tcx, &body.edges, &[])
                .and_then(|(blob, _)| decode(tcx, &blob, &resolver.defs(&blob)?))
                .map(|(edges, _)| edges);
            Some(match read_back {
                Some(edges) => BodyInput { def_id, edges, sites: None },
                None => BodyInput { def_id, edges: body.edges, sites: Some(body.sites) },
            })
        })
        .collect();
    Analysis::new(tcx, bodies)
}

/// Removes the file from the session directory: a session whose lints do not run (a capped
/// crate) does not keep it in step with the dependency graph it publishes.
pub fn forget(tcx: TyCtxt<'_>) {
    if let Some(path) = cache_path(tcx) {
        let _ = std::fs::remove_file(path);
    }
}

fn cache_path(tcx: TyCtxt<'_>) -> Option<PathBuf> {
    if !tcx.dep_graph.is_fully_enabled() {
        return None;
    }
    tcx.sess.incr_comp_session_dir_opt().map(|dir| dir.join(FILE_NAME))
}

/// An identity of the running driver binary: files written by another build are ignored.
/// `wasm-lint-driver` also passes it to rustc, so that rustc drops its incremental state too.
pub fn driver_build_id() -> u64 {
    static ID: OnceLock<u64> = OnceLock::new();
    *ID.get_or_init(|| {
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write_u32(FORMAT_VERSION);
        if let Ok(exe) = std::env::current_exe() {
            hasher.write(exe.as_os_str().as_encoded_bytes());
            if let Ok(meta) = std::fs::metadata(&exe) {
                hasher.write_u64(meta.len());
                let modified =
                    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                hasher.write_u128(modified.map_or(0, |d| d.as_nanos()));
            }
        }
        hasher.finish()
    })
}

/// The file of the previous session: body -> encoded edges (`None`: no usable MIR).
struct Stored {
    bytes: Vec<u8>,
    entries: FxHashMap<DefPathHash, Option<(usize, usize)>>,
}

impl Stored {
    fn load(tcx: TyCtxt<'_>, path: &Path) -> Option<Stored> {
        let bytes = std::fs::read(path).ok()?;
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if checksum(body).to_le_bytes() != sum {
            return None;
        }
        let mut r = Reader { bytes: body, at: 0 };
        if r.take(MAGIC.len())? != MAGIC
            || r.u32()? != FORMAT_VERSION
            || r.u64()? != driver_build_id()
            || r.u64()? != tcx.stable_crate_id(LOCAL_CRATE).as_u64()
        {
            return None;
        }
        let count = r.u32()? as usize;
        let mut entries = FxHashMap::default();
        for _ in 0..count {
            let hash = DefPathHash(Fingerprint::from_le_bytes(r.take(16)?.try_into().ok()?));
            let entry = match r.u8()? {
                0 => None,
                1 => {
                    let len = r.u32()? as usize;
                    let start = r.at;
                    r.take(len)?;
                    Some((start, len))
                }
                _ => return None,
            };
            entries.insert(hash, entry);
        }
        (r.at == body.len()).then_some(Stored { bytes, entries })
    }

    /// `None`: not stored; `Some(None)`: stored without edges.
    fn get(&self, hash: DefPathHash) -> Option<Option<&[u8]>> {
        self.entries.get(&hash).map(|e| e.map(|(start, len)| &self.bytes[start..start + len]))
    }
}

/// What the session found, to be saved when its results are known to be good.
pub struct NewCache {
    path: PathBuf,
    entries: Vec<(DefPathHash, Option<Vec<u8>>)>,
}

impl NewCache {
    /// Writes the file (to a new file renamed over the old one: the old one is a hard link to
    /// the previous session's). Failing only costs the next session time.
    pub fn save(self, tcx: TyCtxt<'_>) {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&driver_build_id().to_le_bytes());
        out.extend_from_slice(&tcx.stable_crate_id(LOCAL_CRATE).as_u64().to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for (hash, blob) in &self.entries {
            out.extend_from_slice(&hash.0.to_le_bytes());
            match blob {
                None => out.push(0),
                Some(blob) => {
                    out.push(1);
                    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
                    out.extend_from_slice(blob);
                }
            }
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        let tmp = self.path.with_extension("tmp");
        if std::fs::write(&tmp, &out).is_err() || std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(&self.path);
        }
    }

    /// Drops the file: its bodies' edges were found wrong.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}
