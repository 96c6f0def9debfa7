//! The JS host's reference table (`crates/wasm/js/wasmrust.mjs`) and the native one
//! (`wasm::externref::table`) are the same algorithm: one pseudo-random script of inserts,
//! releases, lookups (of live, released, borrowed, pinned, expired and forged handles), borrows,
//! pins and pops runs on both, and every handle, object and error message must agree.

use std::fmt::Write as _;
use wasm::externref::table::{BORROWED, HandleError, INDEX_BITS, Table, tag_of};
use wasm_tests::{repo_root, run_node};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn result<T: std::fmt::Display>(r: Result<T, HandleError>, ok: impl Fn(T) -> String) -> String {
    match r {
        Ok(v) => ok(v),
        Err(e) => format!("error {e}"),
    }
}

/// Builds the script and the Rust table's answers.
fn script(steps: usize, seed: u64, tag: u32) -> (String, Vec<String>) {
    let mut rng = Rng(seed);
    let mut t = Table::<u32>::with_tag(tag);
    let mut seen: Vec<u32> = Vec::new();
    let (mut ops, mut answers) = (String::new(), Vec::new());
    let mut next_id = 1;
    let mut last_push = 0;
    for _ in 0..steps {
        let pick = |rng: &mut Rng, seen: &[u32]| match rng.below(10) {
            0 => 0,
            1 => rng.next() as u32,
            2 => (rng.below(64) as u32) | ((rng.below(4) as u32) << 20),
            _ if seen.is_empty() => 1,
            3 => {
                // A handle this table handed out, with another table's tag.
                let h = seen[rng.below(seen.len() as u64) as usize];
                let other = (tag_of(h) + 1 + rng.below(15) as u32) % 16;
                let shift = if h & BORROWED != 0 { 12 } else { INDEX_BITS };
                (h & !(15 << shift)) | (other << shift)
            }
            _ => seen[rng.below(seen.len() as u64) as usize],
        };
        let (op, arg, answer) = match rng.below(13) {
            0..=3 => {
                next_id += 1;
                let r = t.insert(next_id);
                if let Ok(h) = r {
                    seen.push(h);
                }
                ("insert", next_id, result(r, |h| h.to_string()))
            }
            4..=5 => {
                let h = pick(&mut rng, &seen);
                ("release", h, result(t.release(h), |o| format!("obj {o}")))
            }
            6..=8 => {
                let h = pick(&mut rng, &seen);
                ("get", h, result(t.get(h).copied(), |o| format!("obj {o}")))
            }
            9 => {
                next_id += 1;
                let r = t.push(next_id);
                if let Ok(h) = r {
                    seen.push(h);
                    last_push = h;
                }
                ("push", next_id, result(r, |h| h.to_string()))
            }
            10 => {
                // Mostly the latest borrow, which is often still on the stack.
                let h = if rng.below(2) == 0 { last_push } else { pick(&mut rng, &seen) };
                ("pin", h, result(t.pin(h), |p| format!("pinned {p}")))
            }
            11 => {
                let d = rng.below(u64::from(t.depth()) + 1) as u32;
                t.pop_to(d);
                ("pop_to", d, "ok".to_string())
            }
            _ => {
                let s = t.stats();
                ("stats", 0, format!("{} {} {}", s.live, s.length, s.borrowed))
            }
        };
        writeln!(ops, "{op} {arg}").unwrap();
        answers.push(answer);
    }
    (ops, answers)
}

#[test]
fn js_and_native_tables_agree_on_every_operation() {
    let tag = 5;
    let (ops, expected) = script(20_000, 0x9e37_79b9_7f4a_7c15, tag);
    let kinds = |prefix: &str| expected.iter().filter(|a| a.starts_with(prefix)).count();
    assert!(kinds("error wasmrust: stale host") > 100, "the script covers stale handles");
    assert!(kinds("error wasmrust: stale borrowed") > 100, "and expired borrows");
    assert!(kinds("error wasmrust: invalid host reference 0x") > 100, "and forged handles");
    let other = expected.iter().filter(|a| a.contains("from another instance (tag")).count();
    assert!(other > 100, "and handles of another table");
    assert!(kinds("obj ") > 1000, "and live ones");
    assert!(kinds("pinned true") > 100 && kinds("pinned false") > 100, "and pins");

    let dir = wasm_tests::target_dir().join("extern-table");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("script.txt");
    std::fs::write(&path, ops).unwrap();
    let script = repo_root().join("tests/e2e/table_replay.mjs");
    let js = run_node(&script, &[path.as_os_str(), tag.to_string().as_ref()]);
    let js: Vec<&str> = js.lines().collect();
    assert_eq!(js.len(), expected.len());
    for (i, (js, rust)) in js.iter().zip(&expected).enumerate() {
        assert_eq!(js, rust, "operation {i} differs");
    }
}
