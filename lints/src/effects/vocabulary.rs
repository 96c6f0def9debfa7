//! The effect vocabulary, declared effects (the `#[wasm_lint::effect(..)]` marks), host profiles
//! and the names functions get in effect chains.
//!
//! The vocabulary mirrors `wasm::host::profile::Effect`; the lints only see the marks' names.

use std::fmt;

use rustc_hir::def::DefKind;
use rustc_hir::def_id::DefId;
use rustc_middle::ty::print::with_forced_trimmed_paths;
use rustc_middle::ty::{self, TyCtxt};
use rustc_span::{Span, Symbol};

use super::sources::is_generated_bindgen_item;

/// Names of the effects users declare, in canonical order (bit `i` of [`EffectSet`]).
pub const EFFECT_NAMES: [&str; 6] = ["js_call", "host_call", "io", "atomic_read", "atomic_write", "spawn"];

/// One effect, as an index into [`EFFECT_NAMES`], or [`Effect::IMPORT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Effect(u8);

impl Effect {
    pub const JS_CALL: Effect = Effect(0);
    pub const HOST_CALL: Effect = Effect(1);
    pub const IO: Effect = Effect(2);
    pub const ATOMIC_READ: Effect = Effect(3);
    pub const ATOMIC_WRITE: Effect = Effect(4);
    pub const SPAWN: Effect = Effect(5);
    /// A call to a raw host import whose module does not say what is behind it (`env`, a
    /// custom module, an `extern "C"` block without `wasm_import_module`). It is `host_call`,
    /// except that a function declaring `js_call` (and not `host_call`) classifies the imports
    /// it reaches as JavaScript. Shown as `host_call`.
    pub const IMPORT: Effect = Effect(6);
    /// Slots in per-effect tables.
    pub const COUNT: usize = 7;

    pub fn from_name(name: &str) -> Option<Effect> {
        EFFECT_NAMES.iter().position(|n| *n == name).map(|i| Effect(i as u8))
    }

    /// The user-facing name (`host_call` for raw imports).
    pub fn name(self) -> &'static str {
        if self == Effect::IMPORT { "host_call" } else { EFFECT_NAMES[usize::from(self.0)] }
    }

    /// The name in side files, where raw imports stay distinct.
    pub fn key(self) -> &'static str {
        if self == Effect::IMPORT { "import" } else { self.name() }
    }

    pub fn from_key(key: &str) -> Option<Effect> {
        if key == "import" { Some(Effect::IMPORT) } else { Effect::from_name(key) }
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn all() -> impl Iterator<Item = Effect> {
        (0..Effect::COUNT as u8).map(Effect)
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of effects (including the raw-import pseudo effect).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EffectSet(u8);

impl EffectSet {
    pub const NONE: EffectSet = EffectSet(0);

    pub fn of(effect: Effect) -> EffectSet {
        EffectSet(1 << effect.0)
    }

    pub fn with(self, effect: Effect) -> EffectSet {
        EffectSet(self.0 | 1 << effect.0)
    }

    pub fn union(self, other: EffectSet) -> EffectSet {
        EffectSet(self.0 | other.0)
    }

    pub fn minus(self, other: EffectSet) -> EffectSet {
        EffectSet(self.0 & !other.0)
    }

    pub fn contains(self, effect: Effect) -> bool {
        self.0 & 1 << effect.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Effect> {
        Effect::all().filter(move |e| self.contains(*e))
    }

    /// Raw imports folded into the effect they count as for a function declaring `self`:
    /// `js_call` when it declares `js_call` but not `host_call`, `host_call` otherwise.
    pub fn import_as(self) -> Effect {
        if self.contains(Effect::JS_CALL) && !self.contains(Effect::HOST_CALL) {
            Effect::JS_CALL
        } else {
            Effect::HOST_CALL
        }
    }

    /// The set with raw imports folded in as [`Self::import_as`] says for `declared`.
    pub fn resolve_imports(self, declared: EffectSet) -> EffectSet {
        if self.contains(Effect::IMPORT) {
            self.minus(EffectSet::of(Effect::IMPORT)).with(declared.import_as())
        } else {
            self
        }
    }

    /// `js_call, atomic_read` (or `none`), raw imports shown as `host_call`.
    pub fn names(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.iter().map(Effect::name).collect();
        names.sort_by_key(|n| EFFECT_NAMES.iter().position(|m| m == n));
        names.dedup();
        names
    }
}

impl fmt::Display for EffectSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() { f.write_str("none") } else { f.write_str(&self.names().join(", ")) }
    }
}

impl fmt::Debug for EffectSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{self}}}")
    }
}

/// Effects a function declares with `#[wasm::effect(..)]` / `#[wasm::pure]`.
#[derive(Clone, Copy, Debug)]
pub struct Declared {
    pub effects: EffectSet,
    /// The mark's span: the user's `#[wasm::effect(..)]` attribute.
    pub span: Span,
}

/// The declaration marks on `def_id` (local or from a dependency's metadata), merged.
pub fn declared(tcx: TyCtxt<'_>, def_id: DefId) -> Option<Declared> {
    if !matches!(tcx.def_kind(def_id), DefKind::Fn | DefKind::AssocFn) {
        return None;
    }
    if is_generated_bindgen_item(tcx.item_name(def_id).as_str()) {
        return None; // `#[wasm_bindgen]` copied the user's mark: it is about the user's body
    }
    let path = [Symbol::intern("wasm_lint"), Symbol::intern("effect")];
    let mut out: Option<Declared> = None;
    for attr in tcx.get_attrs_by_path(def_id, &path) {
        let mut effects = EffectSet::NONE;
        for item in attr.meta_item_list().unwrap_or_default() {
            if let Some(effect) = item.name().and_then(|n| Effect::from_name(n.as_str())) {
                effects = effects.with(effect);
            }
        }
        let declared = out.get_or_insert(Declared { effects: EffectSet::NONE, span: attr.span() });
        declared.effects = declared.effects.union(effects);
    }
    out
}

/// Whether `def_id` carries the `#[wasm_lint::export]` mark of `#[wasm::export]`.
pub fn has_export_mark(tcx: TyCtxt<'_>, def_id: DefId) -> bool {
    let path = [Symbol::intern("wasm_lint"), Symbol::intern("export")];
    tcx.get_attrs_by_path(def_id, &path).next().is_some()
}

/// The host profiles of `wasm::host::profile::Host` and the effects each removes.
pub const HOSTS: [(&str, &[Effect]); 4] = [
    ("browser", &[Effect::IO]),
    ("node", &[]),
    ("wasi", &[Effect::JS_CALL]),
    ("wasmtime", &[Effect::JS_CALL]),
];

/// The host profile of this compilation (`--cfg wasm_host="..."`), if one is selected.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    pub host: &'static str,
    pub removes: EffectSet,
}

impl Profile {
    pub fn of_session(tcx: TyCtxt<'_>) -> Option<Profile> {
        let key = Symbol::intern("wasm_host");
        tcx.sess.config.iter().find_map(|&(name, value)| {
            let value = value.filter(|_| name == key)?;
            HOSTS.iter().find(|(h, _)| *h == value.as_str()).map(|&(host, removes)| Profile {
                host,
                removes: removes.iter().fold(EffectSet::NONE, |s, &e| s.with(e)),
            })
        })
    }
}

/// How a function is named in effect chains: `fetch_and_cache`, `Cache::store`,
/// `<Disk as Store>::put`, `Store::put`, `run::{closure#0}`.
pub fn fn_name(tcx: TyCtxt<'_>, def_id: DefId) -> String {
    let name = name_of(tcx, def_id, true);
    if tcx.sess.opts.unstable_opts.ui_testing {
        // The UI tests check the shortcuts against rustc's printer.
        assert_eq!(name, name_of(tcx, def_id, false), "{def_id:?}");
    }
    name
}

/// [`fn_name`]. With `shortcuts`, local functions and closures are named from their def keys
/// rather than through rustc's path printer, which gives the same here but first computes the
/// visible paths of every dependency's items (milliseconds per session).
fn name_of(tcx: TyCtxt<'_>, def_id: DefId, shortcuts: bool) -> String {
    let shortcuts = shortcuts && !tcx.sess.verbose_internals();
    with_forced_trimmed_paths!({
        if tcx.is_closure_like(def_id) {
            // `outer::{closure#0}::{closure#1}`: the enclosing function's name, then the path
            // of closures inside it.
            let root = tcx.typeck_root_def_id(def_id);
            let suffix = match shortcuts && root.is_local() {
                true => closure_path(tcx, def_id, root),
                false => {
                    let path = tcx.def_path_str(def_id);
                    path.strip_prefix(&tcx.def_path_str(root)).unwrap_or("::{closure}").to_string()
                }
            };
            return format!("{}{suffix}", name_of(tcx, root, shortcuts));
        }
        let name = tcx.item_name(def_id);
        if tcx.def_kind(def_id) == DefKind::AssocFn {
            if let Some(impl_id) = tcx.impl_of_assoc(def_id) {
                let self_ty = tcx.type_of(impl_id).instantiate_identity().skip_normalization();
                return match tcx.impl_opt_trait_ref(impl_id) {
                    Some(trait_ref) => {
                        let trait_name = tcx.item_name(trait_ref.skip_binder().def_id);
                        format!("<{} as {trait_name}>::{name}", type_name(tcx, self_ty))
                    }
                    None => format!("{}::{name}", type_name(tcx, self_ty)),
                };
            }
            if let Some(trait_id) = tcx.trait_of_assoc(def_id) {
                return format!("{}::{name}", tcx.item_name(trait_id));
            }
        }
        if def_id.is_local() {
            // A trimmed path prints a function as its name.
            if shortcuts && tcx.def_kind(def_id) == DefKind::Fn {
                return name.to_string();
            }
            tcx.def_path_str(def_id)
        } else {
            format!("{}::{}", tcx.crate_name(def_id.krate), name)
        }
    })
}

/// `::{closure#0}::{closure#1}`: the def path of `def_id` below `root`, as rustc prints it
/// (one `::segment` per parent; the segments of closures, coroutines and inline consts are
/// anonymous, so need no `r#`).
fn closure_path(tcx: TyCtxt<'_>, def_id: DefId, root: DefId) -> String {
    let mut segments = Vec::new();
    let mut current = def_id;
    while current != root {
        let key = tcx.def_key(current);
        segments.push(key.disambiguated_data.as_sym(false));
        let Some(parent) = key.parent else { break };
        current = DefId { index: parent, ..current };
    }
    segments.iter().rev().map(|s| format!("::{s}")).collect()
}

/// A type's name for chains: std atomics by their familiar alias (`AtomicU32`, not
/// `Atomic<u32>`), ADTs without their generic arguments, anything else as rustc prints it.
pub fn type_name<'tcx>(tcx: TyCtxt<'tcx>, ty: ty::Ty<'tcx>) -> String {
    match ty.kind() {
        ty::Adt(adt, args) => {
            let name = tcx.item_name(adt.did());
            if name.as_str() == "Atomic" && !args.is_empty() {
                let inner = match args.type_at(0).kind() {
                    ty::Bool => "Bool".to_string(),
                    ty::RawPtr(..) => "Ptr".to_string(),
                    other => {
                        let s = format!("{other:?}");
                        let mut c = s.chars();
                        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                    }
                };
                format!("Atomic{inner}")
            } else {
                name.to_string()
            }
        }
        _ => with_forced_trimmed_paths!(ty.to_string()),
    }
}
