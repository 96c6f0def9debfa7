//! The effect analysis across incremental sessions: only the bodies whose inputs changed are
//! read again.
//!
//! The analysis needs the call edges (`call_graph`) of every body each session, and with
//! incremental compilation nothing has MIR unless its borrow check re-ran, so reading every
//! body's edges again would rebuild all the crate's MIR. Instead each body's edges are a node
//! of rustc's own dependency graph: rustc has no way for a driver to add a query, so the
//! driver overrides the provider of `is_doc_notable_trait`, a query only rustdoc asks, and
//! computes a body's edges inside it. Every query the computation reads (the MIR, hence the
//! body and its typeck; `resolve_instance`, impls, attributes, ADT destructors, dependency
//! metadata) is recorded as a dependency, so `tcx.ensure_ok()` re-runs the provider exactly
//! when something the edges depend on changed, and skips it when all of it is green.
//!
//! Edges found in one session are kept for the next in `wasm-lint-effects.bin`, written into
//! rustc's incremental session directory: rustc publishes that directory only when the
//! session succeeds, together with the dependency graph the file matches, and copies it into
//! the next session's. A body whose node is green takes its edges from the file; the others
//! come from the provider. Edges hold types, encoded with rustc's own `TyEncoder` /
//! `TyDecoder` (definitions by `DefPathHash`); a body whose edges do not decode back to
//! exactly the same values is never stored. A file that is missing, truncated, of another
//! format or driver build, or whose checksum fails is ignored; a definition it names that no
//! longer exists (or is of another kind) makes that body be read from MIR.
//!
//! Spans are not stored: diagnostics point into few bodies, and those are read from MIR when
//! a diagnostic needs them (`Analysis::site`), which also checks that the edges were right.

use std::hash::{BuildHasher, Hasher};
use std::num::NonZero;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, OnceLock};

use rustc_data_structures::fx::{FxBuildHasher, FxHashMap, FxHashSet};
use rustc_hir::def_id::{CRATE_DEF_ID, DefId, DefIndex, DefPathHash, LOCAL_CRATE, LocalDefId, StableCrateId};
use rustc_middle::mir::interpret::AllocId;
use rustc_middle::ty::codec::{TyDecoder, TyEncoder};
use rustc_middle::ty::{self, GenericArgsRef, Ty, TyCtxt};
use rustc_middle::util::Providers;
use rustc_serialize::opaque::mem_encoder::MemEncoder;
use rustc_serialize::opaque::{MAGIC_END_BYTES, MemDecoder};
use rustc_serialize::{Decodable, Decoder, Encodable, Encoder};
use rustc_session::Session;
use rustc_span::def_id::CrateNum;
use rustc_span::hygiene::{ExpnId, SyntaxContext};
use rustc_span::{AttrId, BlobDecoder, ByteSymbol, DUMMY_SP, Span, SpanDecoder, SpanEncoder, Symbol};

use super::call_graph::{Edge, EdgeKind, Site, Target, Unknown, body_edges, is_analysed_body};
use super::effects_infer::{Analysis, BodyInput, analysed_bodies};

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

/// Installs the provider that makes each body's edges a node of the dependency graph.
pub fn install(_sess: &Session, providers: &mut Providers) {
    let _ = RUSTC_IS_DOC_NOTABLE_TRAIT.set(providers.queries.is_doc_notable_trait);
    providers.queries.is_doc_notable_trait = tracked_edges;
}

fn tracked_edges(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    if let Some(local) = def_id.as_local()
        && is_analysed_body(tcx, local)
    {
        let fresh = match body_edges(tcx, local) {
            None => Fresh::NoBody,
            Some(body) => Fresh::Body { blob: encode_checked(tcx, &body.edges), sites: body.sites },
        };
        FRESH.lock().unwrap_or_else(|e| e.into_inner()).insert(local, fresh);
    }
    let rustc = RUSTC_IS_DOC_NOTABLE_TRAIT.get().expect("install() ran before any query");
    rustc(tcx, def_id)
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
    FRESH.lock().unwrap_or_else(|e| e.into_inner()).clear();
    for def_id in analysed_bodies(tcx) {
        // Runs `tracked_edges` for this body unless everything it read last time is green.
        tcx.ensure_ok().is_doc_notable_trait(def_id.to_def_id());
        let hash = tcx.def_path_hash(def_id.to_def_id());
        let fresh = FRESH.lock().unwrap_or_else(|e| e.into_inner()).remove(&def_id);
        match fresh {
            Some(_) => stats.fresh += 1,
            None => stats.reused += 1,
        }
        let reused = match fresh {
            Some(Fresh::NoBody) => Some(None),
            Some(Fresh::Body { blob: Some((blob, defs)), sites }) => decode(tcx, &blob, &defs).map(|edges| {
                let input = BodyInput { def_id, edges, sites: Some(sites) };
                Some((input, blob))
            }),
            Some(Fresh::Body { blob: None, .. }) => None,
            None => stored.as_ref().and_then(|s| s.get(hash)).and_then(|entry| match entry {
                None => Some(None),
                Some(blob) => {
                    let defs = resolver.defs(blob)?;
                    let edges = decode(tcx, blob, &defs)?;
                    Some(Some((BodyInput { def_id, edges, sites: None }, blob.to_vec())))
                }
            }),
        };
        match reused {
            Some(None) => cache.entries.push((hash, None)),
            Some(Some((input, blob))) => {
                bodies.push(input);
                cache.entries.push((hash, Some(blob)));
            }
            // Not stored (new to the file, or not storable): read from MIR. For a green body
            // this gives what its provider gave when it last ran, so it is stored too.
            None => {
                stats.read += 1;
                match body_edges(tcx, def_id) {
                    None => cache.entries.push((hash, None)),
                    Some(body) => {
                        if let Some((blob, _)) = encode_checked(tcx, &body.edges) {
                            cache.entries.push((hash, Some(blob)));
                        }
                        bodies.push(BodyInput { def_id, edges: body.edges, sites: Some(body.sites) });
                    }
                }
            }
        }
    }
    FRESH.lock().unwrap_or_else(|e| e.into_inner()).clear();
    stats.log(tcx, stored.is_some());
    (Analysis::new(tcx, bodies), Some(cache))
}

/// How a session found its bodies' edges. With `WASM_LINT_EFFECTS_CACHE_LOG=FILE` set, one
/// JSON line per crate is appended to FILE (for tests; not tracked by cargo).
#[derive(Default)]
struct Stats {
    /// Bodies whose inputs changed (or are new): their edges were computed again.
    fresh: usize,
    /// Bodies whose inputs are all unchanged: edges from the previous session, if it stored
    /// them (else counted in `read` too).
    reused: usize,
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
            "reused": self.reused,
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
            let read_back = encode_checked(tcx, &body.edges)
                .and_then(|(blob, _)| decode(tcx, &blob, &resolver.defs(&blob)?));
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
                let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
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
            let hash = DefPathHash(rustc_data_structures::fingerprint::Fingerprint::from_le_bytes(
                r.take(16)?.try_into().ok()?,
            ));
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

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

// ---- Encoding of one body's edges -------------------------------------------------------
//
// A blob: the number of definitions named, each as its `DefPathHash` and a hash of its
// `DefKind`; then the edges, encoded with the definitions as indices into that table; then
// `MAGIC_END_BYTES` (what `MemDecoder` expects).

/// Encodes `edges`, or `None` if they would not decode to the same values. Also returns the
/// definitions the blob names, in table order.
fn encode_checked<'tcx>(tcx: TyCtxt<'tcx>, edges: &[Edge<'tcx>]) -> Option<(Vec<u8>, Vec<DefId>)> {
    let mut e = EdgeEncoder {
        data: MemEncoder::new(),
        defs: Vec::new(),
        def_index: FxHashMap::default(),
        types: FxHashMap::default(),
        predicates: FxHashMap::default(),
        failed: false,
    };
    e.emit_usize(edges.len());
    for edge in edges {
        encode_edge(&mut e, edge);
    }
    if e.failed {
        return None;
    }
    let mut blob = Vec::new();
    blob.extend_from_slice(&(e.defs.len() as u32).to_le_bytes());
    for &def_id in &e.defs {
        blob.extend_from_slice(&tcx.def_path_hash(def_id).0.to_le_bytes());
        blob.extend_from_slice(&kind_hash(tcx, def_id).to_le_bytes());
    }
    blob.extend_from_slice(&e.data.finish());
    blob.extend_from_slice(MAGIC_END_BYTES);
    (decode(tcx, &blob, &e.defs).as_deref() == Some(edges)).then_some((blob, e.defs))
}

fn kind_hash(tcx: TyCtxt<'_>, def_id: DefId) -> u64 {
    FxBuildHasher.hash_one(tcx.def_kind(def_id))
}

fn encode_edge<'tcx>(e: &mut EdgeEncoder<'tcx>, edge: &Edge<'tcx>) {
    match edge.target {
        Target::Local(def_id, args) => tagged_args(e, 0, def_id.to_def_id(), args),
        Target::Declared(def_id) => tagged(e, 1, def_id),
        Target::Extern(def_id, args) => tagged_args(e, 2, def_id, args),
        Target::Deferred(def_id, args) => tagged_args(e, 3, def_id, args),
        Target::Unknown(Unknown::FnPointer) => e.emit_u8(4),
        Target::Unknown(Unknown::DynCall(def_id)) => tagged(e, 5, def_id),
        Target::Unknown(Unknown::Generic(def_id)) => tagged(e, 6, def_id),
        Target::Unknown(Unknown::Unanalysed(def_id)) => tagged(e, 7, def_id),
    }
    match edge.kind {
        EdgeKind::Call => e.emit_u8(0),
        EdgeKind::Made => e.emit_u8(1),
        EdgeKind::Drop => e.emit_u8(2),
        EdgeKind::Bound(def_id) => tagged(e, 3, def_id),
    }
}

fn tagged(e: &mut EdgeEncoder<'_>, tag: u8, def_id: DefId) {
    e.emit_u8(tag);
    e.encode_def_id(def_id);
}

fn tagged_args<'tcx>(e: &mut EdgeEncoder<'tcx>, tag: u8, def_id: DefId, args: GenericArgsRef<'tcx>) {
    tagged(e, tag, def_id);
    args.encode(e);
}

/// Decodes a blob whose definitions are `defs`.
fn decode<'tcx>(tcx: TyCtxt<'tcx>, blob: &[u8], defs: &[DefId]) -> Option<Vec<Edge<'tcx>>> {
    let table = 4 + 24 * defs.len();
    if blob.get(..4)? != (defs.len() as u32).to_le_bytes() {
        return None;
    }
    let opaque = MemDecoder::new(blob.get(table..)?, 0).ok()?;
    let mut d = EdgeDecoder { tcx, opaque, defs, types: FxHashMap::default(), bad: false };
    let count = d.read_usize();
    let mut edges = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        let target = match d.read_u8() {
            0 => {
                let def_id = d.decode_def_id().as_local()?;
                Target::Local(def_id, Decodable::decode(&mut d))
            }
            1 => Target::Declared(d.decode_def_id()),
            2 => Target::Extern(d.decode_def_id(), Decodable::decode(&mut d)),
            3 => Target::Deferred(d.decode_def_id(), Decodable::decode(&mut d)),
            4 => Target::Unknown(Unknown::FnPointer),
            5 => Target::Unknown(Unknown::DynCall(d.decode_def_id())),
            6 => Target::Unknown(Unknown::Generic(d.decode_def_id())),
            7 => Target::Unknown(Unknown::Unanalysed(d.decode_def_id())),
            _ => return None,
        };
        let kind = match d.read_u8() {
            0 => EdgeKind::Call,
            1 => EdgeKind::Made,
            2 => EdgeKind::Drop,
            3 => EdgeKind::Bound(d.decode_def_id()),
            _ => return None,
        };
        edges.push(Edge { target, kind });
    }
    (!d.bad && d.opaque.remaining() == 0).then_some(edges)
}

/// Maps the definitions of stored blobs back to this session's `DefId`s.
struct Resolver<'tcx> {
    tcx: TyCtxt<'tcx>,
    crates: FxHashSet<StableCrateId>,
    memo: FxHashMap<(DefPathHash, u64), Option<DefId>>,
}

impl<'tcx> Resolver<'tcx> {
    fn new(tcx: TyCtxt<'tcx>) -> Resolver<'tcx> {
        let crates = std::iter::once(LOCAL_CRATE).chain(tcx.crates(()).iter().copied());
        Resolver { tcx, crates: crates.map(|c| tcx.stable_crate_id(c)).collect(), memo: FxHashMap::default() }
    }

    /// The definitions of `blob`'s table, or `None` if one no longer exists as the same kind.
    fn defs(&mut self, blob: &[u8]) -> Option<Vec<DefId>> {
        let mut r = Reader { bytes: blob, at: 0 };
        let count = r.u32()? as usize;
        let mut defs = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let hash = DefPathHash(rustc_data_structures::fingerprint::Fingerprint::from_le_bytes(
                r.take(16)?.try_into().ok()?,
            ));
            let kind = r.u64()?;
            defs.push(self.resolve(hash, kind)?);
        }
        Some(defs)
    }

    fn resolve(&mut self, hash: DefPathHash, kind: u64) -> Option<DefId> {
        let (tcx, crates) = (self.tcx, &self.crates);
        *self.memo.entry((hash, kind)).or_insert_with(|| {
            if !crates.contains(&hash.stable_crate_id()) {
                return None; // `def_path_hash_to_def_id` requires a known crate
            }
            let def_id = tcx.def_path_hash_to_def_id(hash)?;
            (kind_hash(tcx, def_id) == kind).then_some(def_id)
        })
    }
}

struct EdgeEncoder<'tcx> {
    data: MemEncoder,
    defs: Vec<DefId>,
    def_index: FxHashMap<DefId, u32>,
    types: FxHashMap<Ty<'tcx>, usize>,
    predicates: FxHashMap<ty::PredicateKind<'tcx>, usize>,
    /// Something that cannot be stored was met (a span, an allocation).
    failed: bool,
}

macro_rules! delegate_emit {
    ($($name:ident: $ty:ty),*) => {
        $(fn $name(&mut self, v: $ty) { self.data.$name(v) })*
    };
}

impl Encoder for EdgeEncoder<'_> {
    delegate_emit!(emit_usize: usize, emit_u128: u128, emit_u64: u64, emit_u32: u32, emit_u16: u16, emit_u8: u8,
        emit_isize: isize, emit_i128: i128, emit_i64: i64, emit_i32: i32, emit_i16: i16);
    fn emit_raw_bytes(&mut self, s: &[u8]) {
        self.data.emit_raw_bytes(s)
    }
}

impl SpanEncoder for EdgeEncoder<'_> {
    fn encode_span(&mut self, _span: Span) {
        self.failed = true;
    }
    fn encode_symbol(&mut self, sym: Symbol) {
        self.emit_str(sym.as_str());
    }
    fn encode_byte_symbol(&mut self, byte_sym: ByteSymbol) {
        self.emit_byte_str(byte_sym.as_byte_str());
    }
    fn encode_expn_id(&mut self, _expn_id: ExpnId) {
        self.failed = true;
    }
    fn encode_syntax_context(&mut self, _syntax_context: SyntaxContext) {
        self.failed = true;
    }
    fn encode_crate_num(&mut self, _crate_num: CrateNum) {
        self.failed = true;
    }
    fn encode_def_index(&mut self, _def_index: DefIndex) {
        self.failed = true;
    }
    fn encode_def_id(&mut self, def_id: DefId) {
        let next = self.defs.len() as u32;
        let index = *self.def_index.entry(def_id).or_insert(next);
        if index == next {
            self.defs.push(def_id);
        }
        self.emit_u32(index);
    }
}

impl<'tcx> TyEncoder<'tcx> for EdgeEncoder<'tcx> {
    const CLEAR_CROSS_CRATE: bool = true;

    fn position(&self) -> usize {
        self.data.position()
    }
    fn type_shorthands(&mut self) -> &mut FxHashMap<Ty<'tcx>, usize> {
        &mut self.types
    }
    fn predicate_shorthands(&mut self) -> &mut FxHashMap<ty::PredicateKind<'tcx>, usize> {
        &mut self.predicates
    }
    fn encode_alloc_id(&mut self, _alloc_id: &AllocId) {
        self.failed = true;
    }
}

struct EdgeDecoder<'a, 'tcx> {
    tcx: TyCtxt<'tcx>,
    opaque: MemDecoder<'a>,
    defs: &'a [DefId],
    types: FxHashMap<usize, Ty<'tcx>>,
    /// Something was read that the encoder never writes.
    bad: bool,
}

macro_rules! delegate_read {
    ($($name:ident: $ty:ty),*) => {
        $(fn $name(&mut self) -> $ty { self.opaque.$name() })*
    };
}

impl Decoder for EdgeDecoder<'_, '_> {
    delegate_read!(read_usize: usize, read_u128: u128, read_u64: u64, read_u32: u32, read_u16: u16, read_u8: u8,
        read_isize: isize, read_i128: i128, read_i64: i64, read_i32: i32, read_i16: i16);
    fn read_raw_bytes(&mut self, len: usize) -> &[u8] {
        self.opaque.read_raw_bytes(len)
    }
    fn peek_byte(&self) -> u8 {
        self.opaque.peek_byte()
    }
    fn position(&self) -> usize {
        self.opaque.position()
    }
}

impl BlobDecoder for EdgeDecoder<'_, '_> {
    fn decode_symbol(&mut self) -> Symbol {
        Symbol::intern(self.read_str())
    }
    fn decode_byte_symbol(&mut self) -> ByteSymbol {
        ByteSymbol::intern(self.read_byte_str())
    }
    fn decode_def_index(&mut self) -> DefIndex {
        self.bad = true;
        CRATE_DEF_ID.local_def_index
    }
}

impl SpanDecoder for EdgeDecoder<'_, '_> {
    fn decode_span(&mut self) -> Span {
        self.bad = true;
        DUMMY_SP
    }
    fn decode_expn_id(&mut self) -> ExpnId {
        self.bad = true;
        ExpnId::root()
    }
    fn decode_syntax_context(&mut self) -> SyntaxContext {
        self.bad = true;
        SyntaxContext::root()
    }
    fn decode_crate_num(&mut self) -> CrateNum {
        self.bad = true;
        LOCAL_CRATE
    }
    fn decode_def_id(&mut self) -> DefId {
        let index = self.read_u32() as usize;
        self.defs.get(index).copied().unwrap_or_else(|| {
            self.bad = true;
            CRATE_DEF_ID.to_def_id()
        })
    }
    fn decode_attr_id(&mut self) -> AttrId {
        self.bad = true;
        AttrId::from_u32(0)
    }
}

impl<'tcx> TyDecoder<'tcx> for EdgeDecoder<'_, 'tcx> {
    const CLEAR_CROSS_CRATE: bool = true;

    fn interner(&self) -> TyCtxt<'tcx> {
        self.tcx
    }
    fn cached_ty_for_shorthand<F>(&mut self, shorthand: usize, or_insert_with: F) -> Ty<'tcx>
    where
        F: FnOnce(&mut Self) -> Ty<'tcx>,
    {
        if let Some(&ty) = self.types.get(&shorthand) {
            return ty;
        }
        let ty = or_insert_with(self);
        self.types.insert(shorthand, ty);
        ty
    }
    fn with_position<F, R>(&mut self, pos: usize, f: F) -> R
    where
        F: FnOnce(&mut Self) -> R,
    {
        let at = self.opaque.split_at(pos);
        let previous = std::mem::replace(&mut self.opaque, at);
        let out = f(self);
        self.opaque = previous;
        out
    }
    fn decode_alloc_id(&mut self) -> AllocId {
        self.bad = true;
        AllocId(NonZero::<u64>::MIN)
    }
}
