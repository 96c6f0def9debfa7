//! The seeded case generator shared by the fuzz harnesses (each includes this file with
//! `#[path]`, so the proc-macro crate, the driver and `tests/` use one copy without a new crate).
//!
//! A harness runs `fixed` deterministic seeds (the same cases on every run) and then a random
//! budget: `WASMRUST_FUZZ_CASES` more seeds (default 100) drawn from `WASMRUST_FUZZ_SEED` (default:
//! the clock). A failure names its seed; `WASMRUST_FUZZ_SEED=<seed> WASMRUST_FUZZ_CASES=1` replays
//! it (the first random seed is the base seed itself).
#![allow(dead_code)] // each harness uses its own subset

#[path = "splitmix.rs"]
mod splitmix;
pub use splitmix::Rng;

/// The seeds of one harness run: `0..fixed`, then the random budget (100 by default).
pub fn seeds(name: &str, fixed: u64) -> Vec<u64> {
    seeds_with(name, fixed, 100)
}

/// [`seeds`] for a harness whose cases are long: `default_random` random seeds unless
/// `WASMRUST_FUZZ_CASES` says otherwise.
pub fn seeds_with(name: &str, fixed: u64, default_random: u64) -> Vec<u64> {
    let env = |key: &str| {
        std::env::var(key)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let random = env("WASMRUST_FUZZ_CASES").unwrap_or(default_random);
    let base = env("WASMRUST_FUZZ_SEED").unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        now.map_or(1, |d| d.as_nanos() as u64) | (1 << 63)
    });
    println!("fuzz {name}: {fixed} fixed seeds + {random} random from WASMRUST_FUZZ_SEED={base}");
    (0..fixed)
        .chain((0..random).map(|i| base.wrapping_add(i)))
        .collect()
}

/// Applies one to four byte-level mutations to `bytes`: bit flips, boundary values, inserted,
/// removed, duplicated or truncated runs.
pub fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len) };
        match rng.below(7) {
            0 if len > 0 => bytes[at] ^= 1 << rng.below(8),
            1 if len > 0 => bytes[at] = *rng.pick(&[0, 1, 0x7f, 0x80, 0xff, 0x40, 0x3f]),
            2 => bytes.insert(at, rng.next() as u8),
            3 if len > 0 => {
                let n = 1 + rng.below((len - at).min(16));
                bytes.drain(at..at + n);
            }
            4 if len > 0 => {
                let n = 1 + rng.below((len - at).min(16));
                let run: Vec<u8> = bytes[at..at + n].to_vec();
                let to = rng.below(len + 1);
                bytes.splice(to..to, run);
            }
            5 => bytes.truncate(at),
            _ if len > 0 => bytes[at] = rng.next() as u8,
            _ => bytes.push(rng.next() as u8),
        }
    }
}

/// The files of `tests/fuzz/corpus/<dir>` (path relative to the repository root), sorted.
pub fn corpus(repo_root: &std::path::Path, dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo_root.join("tests/fuzz/corpus").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("corpus file");
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}
