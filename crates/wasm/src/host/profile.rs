//! Host profiles: which effects the host a build targets can perform.
//!
//! A crate that ships to several hosts selects one per build with a cfg, passed to every crate
//! of the build:
//!
//! ```text
//! RUSTFLAGS='--cfg wasm_host="wasi"' cargo build --target wasm32-unknown-unknown --release
//! ```
//!
//! or, per project, in `.cargo/config.toml`:
//!
//! ```toml
//! [target.wasm32-unknown-unknown]
//! rustflags = ['--cfg', 'wasm_host="wasi"']
//! ```
//!
//! `cargo wasm-lint --host wasi` checks the same choice. Under a profile, the body of every
//! function declared with an effect the host lacks (`#[wasm::effect(js_call)]` under `wasi`)
//! compiles to a trap, so the imports only it reached vanish from the module, and the lint
//! `wasm_lint::effect_unavailable` rejects exported functions that reach such an effect. Without
//! the cfg no profile is selected and nothing is removed.
//!
//! The cfg is evaluated here, inside `wasm`, which declares it; code the macros generate in the
//! user's crate only asks [`REMOVED`], so the user's crate needs no `check-cfg` entry.

use core::fmt;

/// One kind of side effect a function can perform, as named in `#[wasm::effect(...)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Calls into JavaScript (wasm-bindgen imports, imports from the JS glue).
    JsCall,
    /// Calls a host import that is not JavaScript (WASI, Component Model imports).
    HostCall,
    /// Files, sockets, processes, environment, standard streams.
    Io,
    /// Reads shared memory atomically.
    AtomicRead,
    /// Writes shared memory atomically (read-modify-write is both read and write).
    AtomicWrite,
    /// Starts threads or scoped tasks.
    Spawn,
}

impl Effect {
    /// Every effect, in declaration order.
    pub const ALL: [Effect; 6] =
        [Effect::JsCall, Effect::HostCall, Effect::Io, Effect::AtomicRead, Effect::AtomicWrite, Effect::Spawn];

    /// The name used in `#[wasm::effect(...)]`.
    pub const fn name(self) -> &'static str {
        match self {
            Effect::JsCall => "js_call",
            Effect::HostCall => "host_call",
            Effect::Io => "io",
            Effect::AtomicRead => "atomic_read",
            Effect::AtomicWrite => "atomic_write",
            Effect::Spawn => "spawn",
        }
    }

    /// The effect called `name`, if any.
    pub fn from_name(name: &str) -> Option<Effect> {
        Effect::ALL.into_iter().find(|e| e.name() == name)
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of [`Effect`]s.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Effects(u8);

impl Effects {
    /// No effect: a pure function.
    pub const NONE: Effects = Effects(0);

    /// The set holding `effect` only.
    pub const fn of(effect: Effect) -> Effects {
        Effects(effect.bit())
    }

    /// This set with `effect` added.
    pub const fn with(self, effect: Effect) -> Effects {
        Effects(self.0 | effect.bit())
    }

    /// The effects in either set.
    pub const fn union(self, other: Effects) -> Effects {
        Effects(self.0 | other.0)
    }

    /// Whether `effect` is in the set.
    pub const fn contains(self, effect: Effect) -> bool {
        self.0 & effect.bit() != 0
    }

    /// Whether the sets share an effect.
    pub const fn intersects(self, other: Effects) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The effects in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Effect> {
        Effect::ALL.into_iter().filter(move |e| self.contains(*e))
    }
}

impl fmt::Debug for Effects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// A host a build can target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    /// A web page, through wasm-bindgen or hand-written JS glue.
    Browser,
    /// Node.js, through JS glue (it can also provide WASI).
    Node,
    /// A WASI host (wasmtime, wasmer, WAMR, ...): no JavaScript.
    Wasi,
    /// wasmtime embedded as a library (core modules or components): no JavaScript.
    Wasmtime,
}

impl Host {
    /// Every host, in declaration order.
    pub const ALL: [Host; 4] = [Host::Browser, Host::Node, Host::Wasi, Host::Wasmtime];

    /// The value of `--cfg wasm_host="..."` that selects this host.
    pub const fn name(self) -> &'static str {
        match self {
            Host::Browser => "browser",
            Host::Node => "node",
            Host::Wasi => "wasi",
            Host::Wasmtime => "wasmtime",
        }
    }

    /// The effects this host cannot perform, so a build for it removes them.
    ///
    /// `spawn` is never removed: `wasm::thread::scope` runs its tasks in sequence where the host
    /// has no threads. Atomics work on every host (without shared memory they are plain accesses).
    pub const fn removes(self) -> Effects {
        match self {
            // No file system, sockets or processes in a page; std's versions fail there.
            Host::Browser => Effects::of(Effect::Io),
            Host::Node => Effects::NONE,
            Host::Wasi | Host::Wasmtime => Effects::of(Effect::JsCall),
        }
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many `wasm_host` values this build sets (more than one is a mistake reported below).
const SELECTED_COUNT: usize = cfg!(wasm_host = "browser") as usize
    + cfg!(wasm_host = "node") as usize
    + cfg!(wasm_host = "wasi") as usize
    + cfg!(wasm_host = "wasmtime") as usize;

const _: () = match SELECTED_COUNT {
    0 | 1 => (),
    _ => panic!("more than one `--cfg wasm_host=\"...\"` is set; select one host profile per build"),
};

/// The host selected with `--cfg wasm_host="..."` when `wasm` was compiled, or `None` (no
/// profile: every effect stays).
pub const SELECTED: Option<Host> = if cfg!(wasm_host = "browser") {
    Some(Host::Browser)
} else if cfg!(wasm_host = "node") {
    Some(Host::Node)
} else if cfg!(wasm_host = "wasi") {
    Some(Host::Wasi)
} else if cfg!(wasm_host = "wasmtime") {
    Some(Host::Wasmtime)
} else {
    None
};

/// The effects the selected profile removes (none without a profile).
pub const REMOVED: Effects = match SELECTED {
    Some(host) => host.removes(),
    None => Effects::NONE,
};

/// Whether the selected profile removes one of `declared`: then the body of a function declared
/// with them is [`unavailable`]. `#[wasm::effect]` evaluates this in a `const` block.
#[doc(hidden)]
#[crate::pure]
pub const fn removes_any(declared: Effects) -> bool {
    REMOVED.intersects(declared)
}

/// What the body of a function whose declared effects the profile removes does instead: trap.
/// On wasm it is the `unreachable` instruction, so nothing the old body reached stays linked.
#[doc(hidden)]
#[inline]
#[crate::pure]
pub fn unavailable() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("this function's effects are not available on the selected host profile (wasm_host)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for effect in Effect::ALL {
            assert_eq!(Effect::from_name(effect.name()), Some(effect));
        }
        assert_eq!(Effect::from_name("jscall"), None);
    }

    #[test]
    fn sets() {
        let set = Effects::of(Effect::Io).with(Effect::Spawn);
        assert!(set.contains(Effect::Io) && set.contains(Effect::Spawn) && !set.contains(Effect::JsCall));
        assert_eq!(set.iter().collect::<alloc::vec::Vec<_>>(), [Effect::Io, Effect::Spawn]);
        assert!(set.intersects(Effects::of(Effect::Spawn)));
        assert!(!set.intersects(Effects::of(Effect::JsCall)));
        assert!(Effects::NONE.is_empty());
        assert_eq!(set.union(Effects::of(Effect::JsCall)).iter().count(), 3);
    }

    #[test]
    fn server_hosts_remove_js_and_nothing_removes_spawn() {
        assert!(Host::Wasi.removes().contains(Effect::JsCall));
        assert!(Host::Wasmtime.removes().contains(Effect::JsCall));
        assert!(!Host::Browser.removes().contains(Effect::JsCall));
        assert!(Host::Node.removes().is_empty());
        assert!(Host::ALL.iter().all(|h| !h.removes().contains(Effect::Spawn)));
    }
}
