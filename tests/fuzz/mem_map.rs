//! Fuzzing of `cargo wasm-lint mem` (a unit-test module of `rustc-driver/src/mem_map.rs`, which
//! includes it with `#[path]`): `render` — all that `mem` runs besides reading the file — on
//! mutated corpus modules and on generated ones with extreme memory limits, globals and segment
//! offsets. Every case must give a map or a one-line error, never a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::render;

#[path = "rng.rs"]
mod rng;
use rng::Rng;

fn leb(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            return out.push(byte);
        }
        out.push(byte | 0x80);
    }
}

/// Signed LEB128 (for `i32.const` / `i64.const`).
fn sleb(mut v: i64, out: &mut Vec<u8>) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0) {
            return out.push(byte);
        }
        out.push(byte | 0x80);
    }
}

fn section(id: u8, body: &[u8], out: &mut Vec<u8>) {
    out.push(id);
    leb(body.len() as u64, out);
    out.extend(body);
}

fn extreme(rng: &mut Rng) -> i64 {
    let any = rng.next() as i64;
    *rng.pick(&[
        0,
        1,
        -1,
        16,
        0x10_0000,
        i32::MAX as i64,
        i32::MIN as i64,
        u32::MAX as i64,
        i64::MAX,
        i64::MIN,
        any,
    ])
}

/// A constant expression: `i32.const`, `i64.const` or `global.get`.
fn const_expr(rng: &mut Rng, out: &mut Vec<u8>) {
    match rng.below(3) {
        0 => {
            out.push(0x41);
            sleb(extreme(rng) as i32 as i64, out);
        }
        1 => {
            out.push(0x42);
            sleb(extreme(rng), out);
        }
        _ => {
            out.push(0x23);
            leb(rng.below(4) as u64, out);
        }
    }
    out.push(0x0b);
}

/// A module with one memory (32- or 64-bit, any limits and page size), some integer globals
/// (some exported or named as wasm-ld names them) and active data segments anywhere.
fn generated(rng: &mut Rng) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    let memory64 = rng.one_in(2);
    let mut mem = vec![1];
    let (has_max, custom_page) = (rng.one_in(2), rng.one_in(4));
    mem.push(u8::from(has_max) | if memory64 { 4 } else { 0 } | if custom_page { 8 } else { 0 });
    let limit = |rng: &mut Rng| {
        if memory64 {
            extreme(rng) as u64
        } else {
            extreme(rng) as u32 as u64
        }
    };
    leb(limit(rng), &mut mem);
    if has_max {
        leb(limit(rng), &mut mem);
    }
    if custom_page {
        leb(*rng.pick(&[0, 16, 63, 64]), &mut mem);
    }
    section(5, &mem, &mut m);
    let count = rng.below(4);
    let mut globals = vec![count as u8];
    for _ in 0..count {
        globals.extend([*rng.pick(&[0x7f, 0x7e]), u8::from(rng.one_in(2))]);
        const_expr(rng, &mut globals);
    }
    section(6, &globals, &mut m);
    let names = ["__stack_pointer", "__data_end", "__heap_base"];
    let mut exports = vec![3];
    for (i, n) in names.iter().enumerate() {
        exports.push(n.len() as u8);
        exports.extend(n.as_bytes());
        exports.extend([3, i as u8]);
    }
    section(7, &exports, &mut m);
    let count = rng.below(4);
    let mut data = vec![count as u8];
    for _ in 0..count {
        data.push(0);
        const_expr(rng, &mut data);
        let len = rng.below(20);
        leb(len as u64, &mut data);
        data.extend(std::iter::repeat_n(7u8, len));
    }
    section(11, &data, &mut m);
    m
}

#[test]
fn mem_map_never_panics() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = rng::corpus(&root, "mem");
    let (mut cases, mut maps) = (0, 0);
    let mut failures = Vec::new();
    let mut run = |what: String, bytes: &[u8]| {
        cases += 1;
        match catch_unwind(AssertUnwindSafe(|| render(bytes))) {
            Ok(Ok(_)) => maps += 1,
            Ok(Err(e)) if !e.is_empty() && !e.contains('\n') => {}
            Ok(Err(e)) => failures.push(format!("{what}: an unclear error {e:?}")),
            Err(_) => failures.push(format!("{what}: panicked")),
        }
    };
    for (file, bytes) in &corpus {
        run(format!("corpus {file}"), bytes);
    }
    for seed in rng::seeds("mem", 3000) {
        let mut rng = Rng::new(seed);
        let mut bytes = if corpus.is_empty() || rng.one_in(2) {
            generated(&mut rng)
        } else {
            rng.pick(&corpus).1.clone()
        };
        if rng.below(3) > 0 {
            rng::mutate_bytes(&mut rng, &mut bytes);
        }
        run(format!("seed {seed}"), &bytes);
    }
    println!(
        "fuzz mem: {cases} cases run ({maps} printed a map), {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
