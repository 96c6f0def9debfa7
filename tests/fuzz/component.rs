//! Fuzzing of `cargo wasm-lint component`'s encoding step (a unit-test module of
//! `rustc-driver/src/component.rs`, which includes it with `#[path]`): `encode_bytes` — all the
//! command runs after cargo's build — on corpus core modules mutated three ways: bytes anywhere,
//! bytes of the `component-type` custom section only (the world wit-component decodes), and
//! whole sections dropped or repeated. Every case must give a validated component or a
//! one-line error, never a panic.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::encode_bytes;

#[path = "rng.rs"]
mod rng;
use rng::Rng;

/// The module's sections as (id, body) pairs; `None` where the framing itself is broken.
fn sections(module: &[u8]) -> Option<Vec<(u8, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut at = 8;
    while at < module.len() {
        let id = module[at];
        let (len, body) = read_leb(module, at + 1)?;
        let end = body.checked_add(len)?;
        out.push((id, module.get(body..end)?.to_vec()));
        at = end;
    }
    Some(out)
}

fn read_leb(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(at)?;
        at += 1;
        value |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some((value, at));
        }
        shift += 7;
    }
}

fn assemble(sections: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    for (id, body) in sections {
        out.push(*id);
        let mut len = body.len();
        loop {
            let byte = (len & 0x7f) as u8;
            len >>= 7;
            out.push(if len == 0 { byte } else { byte | 0x80 });
            if len == 0 {
                break;
            }
        }
        out.extend(body);
    }
    out
}

/// Whether a custom section's body names a `component-type*` section.
fn is_component_type(body: &[u8]) -> bool {
    read_leb(body, 0).is_some_and(|(len, at)| body.get(at..at + len).is_some_and(|n| n.starts_with(b"component-type")))
}

/// One mutant of `module`: bytes anywhere, the world's bytes only, or sections dropped/repeated.
fn mutant(rng: &mut Rng, module: &[u8]) -> Vec<u8> {
    let Some(mut parts) = sections(module) else {
        let mut bytes = module.to_vec();
        rng::mutate_bytes(rng, &mut bytes);
        return bytes;
    };
    match rng.below(3) {
        0 => {
            let mut bytes = module.to_vec();
            rng::mutate_bytes(rng, &mut bytes);
            bytes
        }
        1 => {
            if let Some((_, body)) = parts.iter_mut().find(|(id, b)| *id == 0 && is_component_type(b)) {
                // Past the section's name, so the mutant is still recognised as a world.
                let name_end = read_leb(body, 0).map_or(0, |(len, at)| at + len);
                let mut payload = body.split_off(name_end.min(body.len()));
                rng::mutate_bytes(rng, &mut payload);
                body.extend(payload);
            }
            assemble(&parts)
        }
        _ => {
            for _ in 0..1 + rng.below(2) {
                let i = rng.below(parts.len());
                if rng.one_in(2) {
                    parts.remove(i);
                } else {
                    let copy = parts[i].clone();
                    parts.insert(rng.below(parts.len() + 1), copy);
                }
                if parts.is_empty() {
                    break;
                }
            }
            assemble(&parts)
        }
    }
}

#[test]
fn component_encoding_never_panics() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = rng::corpus(&root, "component");
    assert!(!corpus.is_empty(), "tests/fuzz/corpus/component has modules");
    let (mut cases, mut encoded) = (0, 0);
    let mut failures = Vec::new();
    let mut run = |what: String, bytes: &[u8]| {
        cases += 1;
        match catch_unwind(AssertUnwindSafe(|| encode_bytes("fuzz", bytes))) {
            Ok(Ok(component)) => {
                encoded += 1;
                // `validate(true)` already checked it; a component must at least parse as one.
                if !wasmparser::Parser::is_component(&component) {
                    failures.push(format!("{what}: the output is not a component"));
                }
            }
            Ok(Err(e)) if !e.is_empty() && !e.contains('\n') => {}
            Ok(Err(e)) => failures.push(format!("{what}: an unclear error {e:?}")),
            Err(_) => failures.push(format!("{what}: panicked")),
        }
    };
    for (file, bytes) in &corpus {
        run(format!("corpus {file}"), bytes);
    }
    for seed in rng::seeds("component", 3000) {
        let mut rng = Rng::new(seed);
        let original = rng.pick(&corpus).1.clone();
        let module = mutant(&mut rng, &original);
        run(format!("seed {seed}"), &module);
    }
    println!("fuzz component: {cases} cases run ({encoded} encoded), {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}
