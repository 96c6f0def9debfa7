//! The encoding of one body's edges for the effect cache (`cache`): rustc's own
//! `TyEncoder` / `TyDecoder` for the types in them, with definitions named by `DefPathHash`.
//!
//! A blob: the number of definitions named, each as its `DefPathHash` and a hash of its
//! `DefKind`; then the edges, with definitions as indices into that table; then whether each
//! local function they name has a declaration (see `body_edges_untracked_declarations`); then
//! `MAGIC_END_BYTES` (what `MemDecoder` expects). Nothing with a span or an allocation is
//! encoded: such edges are not stored.

use std::hash::BuildHasher;
use std::num::NonZero;

use rustc_data_structures::fingerprint::Fingerprint;
use rustc_data_structures::fx::{FxBuildHasher, FxHashMap, FxHashSet};
use rustc_hir::def_id::{
    CRATE_DEF_ID, DefId, DefIndex, DefPathHash, LOCAL_CRATE, LocalDefId, StableCrateId,
};
use rustc_middle::mir::interpret::AllocId;
use rustc_middle::ty::codec::{TyDecoder, TyEncoder};
use rustc_middle::ty::{self, GenericArgsRef, Ty, TyCtxt};
use rustc_serialize::opaque::mem_encoder::MemEncoder;
use rustc_serialize::opaque::{MAGIC_END_BYTES, MemDecoder};
use rustc_serialize::{Decodable, Decoder, Encodable, Encoder};
use rustc_span::def_id::CrateNum;
use rustc_span::hygiene::{ExpnId, SyntaxContext};
use rustc_span::{
    AttrId, BlobDecoder, ByteSymbol, DUMMY_SP, Span, SpanDecoder, SpanEncoder, Symbol,
};

use crate::effects::call_graph::{Edge, EdgeKind, Target, Unknown};

/// Whether each local function a body's edges name has a declaration: read outside the
/// dependency graph, so checked when the edges are reused.
pub type DeclarationReads = Vec<(LocalDefId, bool)>;

/// Encodes `edges` and `reads`, or `None` if they would not decode to the same values. Also
/// returns the definitions the blob names, in table order.
pub fn encode_checked<'tcx>(
    tcx: TyCtxt<'tcx>,
    edges: &[Edge<'tcx>],
    reads: &[(LocalDefId, bool)],
) -> Option<(Vec<u8>, Vec<DefId>)> {
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
    e.emit_usize(reads.len());
    for &(def_id, has) in reads {
        e.encode_def_id(def_id.to_def_id());
        e.emit_u8(has.into());
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
    let read_back = decode(tcx, &blob, &e.defs);
    (read_back.is_some_and(|(d, r)| d == edges && r == reads)).then_some((blob, e.defs))
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

fn tagged_args<'tcx>(
    e: &mut EdgeEncoder<'tcx>,
    tag: u8,
    def_id: DefId,
    args: GenericArgsRef<'tcx>,
) {
    tagged(e, tag, def_id);
    args.encode(e);
}

/// Decodes a blob whose definitions are `defs`.
pub fn decode<'tcx>(
    tcx: TyCtxt<'tcx>,
    blob: &[u8],
    defs: &[DefId],
) -> Option<(Vec<Edge<'tcx>>, DeclarationReads)> {
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
    let count = d.read_usize();
    let mut reads = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        let def_id = d.decode_def_id().as_local()?;
        let has = match d.read_u8() {
            0 => false,
            1 => true,
            _ => return None,
        };
        reads.push((def_id, has));
    }
    (!d.bad && d.opaque.remaining() == 0).then_some((edges, reads))
}

/// Maps the definitions of stored blobs back to this session's `DefId`s.
pub struct Resolver<'tcx> {
    tcx: TyCtxt<'tcx>,
    crates: FxHashSet<StableCrateId>,
    memo: FxHashMap<(DefPathHash, u64), Option<DefId>>,
    declarations: FxHashMap<LocalDefId, bool>,
}

impl<'tcx> Resolver<'tcx> {
    pub fn new(tcx: TyCtxt<'tcx>) -> Resolver<'tcx> {
        let crates = std::iter::once(LOCAL_CRATE).chain(tcx.crates(()).iter().copied());
        let crates = crates.map(|c| tcx.stable_crate_id(c)).collect();
        Resolver { tcx, crates, memo: FxHashMap::default(), declarations: FxHashMap::default() }
    }

    /// Whether `def_id` has a declaration now (memoized).
    pub fn has_declaration(&mut self, def_id: LocalDefId) -> bool {
        let tcx = self.tcx;
        *self
            .declarations
            .entry(def_id)
            .or_insert_with(|| crate::effects::vocabulary::declared(tcx, def_id.to_def_id()).is_some())
    }

    /// The definitions of `blob`'s table, or `None` if one no longer exists as the same kind.
    pub fn defs(&mut self, blob: &[u8]) -> Option<Vec<DefId>> {
        let mut r = Reader { bytes: blob, at: 0 };
        let count = r.u32()? as usize;
        let mut defs = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let hash = DefPathHash(Fingerprint::from_le_bytes(r.take(16)?.try_into().ok()?));
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

/// Reads fixed-size little-endian fields.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}
