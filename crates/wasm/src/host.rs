//! What the host running this code offers: capabilities detected once at run time, and the
//! host profile a build targets ([`profile`], chosen at compile time with `--cfg wasm_host`).

pub mod profile;

use core::num::NonZeroUsize;
use core::sync::atomic::{AtomicUsize, Ordering};

/// Capabilities of the host (the process on native targets, the embedder on wasm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// This code can start threads (`wasm::thread::scope` runs tasks in parallel).
    pub threads: bool,
    /// How many threads can run at once, the caller's included; 1 without threads.
    pub parallelism: NonZeroUsize,
}

/// 0 until detected; then `parallelism << 1 | threads`.
static DETECTED: AtomicUsize = AtomicUsize::new(0);

/// The host's capabilities, detected on the first call and cached for the process.
pub fn capabilities() -> Capabilities {
    let mut bits = DETECTED.load(Ordering::Relaxed);
    if bits == 0 {
        // Two threads racing here detect the same answer; either store is fine.
        let caps = detect();
        bits = caps.parallelism.get() << 1 | usize::from(caps.threads);
        DETECTED.store(bits, Ordering::Relaxed);
    }
    Capabilities {
        threads: bits & 1 == 1,
        parallelism: NonZeroUsize::new(bits >> 1).unwrap_or(NonZeroUsize::MIN),
    }
}

/// Threads exist with `std` on native targets, and on wasm only with the `atomics` feature and a
/// `std` that can spawn (it reports its parallelism then).
#[cfg(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics")))]
fn detect() -> Capabilities {
    match std::thread::available_parallelism() {
        Ok(parallelism) => Capabilities { threads: true, parallelism },
        Err(_) => Capabilities { threads: !cfg!(target_family = "wasm"), parallelism: NonZeroUsize::MIN },
    }
}

#[cfg(not(all(feature = "std", any(not(target_family = "wasm"), target_feature = "atomics"))))]
fn detect() -> Capabilities {
    Capabilities { threads: false, parallelism: NonZeroUsize::MIN }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detected_once_and_stable() {
        let first = capabilities();
        assert_ne!(DETECTED.load(Ordering::Relaxed), 0);
        assert_eq!(capabilities(), first);
        #[cfg(all(feature = "std", not(target_family = "wasm")))]
        assert_eq!(Some(first.parallelism), std::thread::available_parallelism().ok());
    }
}
