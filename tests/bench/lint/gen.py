#!/usr/bin/env python3
"""Generates a realistic crate of several thousand lines that uses `wasm` (linear resources,
containers, branches, loops, closures, traits, generics), for timing `cargo wasm-lint` against
`cargo check`. Usage: gen.py OUT_DIR WASM_CRATE_PATH [MODULES]"""
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
wasm_path = pathlib.Path(sys.argv[2]).resolve()
modules = int(sys.argv[3]) if len(sys.argv) > 3 else 40

(out / "src").mkdir(parents=True, exist_ok=True)
(out / "Cargo.toml").write_text(f"""[package]
name = "lint-bench"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
wasm = {{ path = "{wasm_path}" }}
""")

MODULE = """
use std::collections::HashMap;

/// Changed by the benchmark between runs to model an edit of one function body.
const EDIT_{i}: u32 = 0;
use wasm::Handle;

/// A host texture: released exactly once.
#[wasm::linear]
pub struct Texture{i}(Handle);

#[wasm::linear]
pub enum Stream{i} {{
    Open(Handle),
    Paused(Handle, u32),
}}

#[derive(Debug, Clone, Default)]
pub struct Stats{i} {{
    pub uploads: u64,
    pub bytes: u64,
    pub names: Vec<String>,
}}

impl Texture{i} {{
    pub fn create(id: u32) -> Option<Self> {{
        Handle::from_raw(id + 1).map(Texture{i})
    }}
    pub fn upload(&mut self, data: &[u8], stats: &mut Stats{i}) {{
        stats.uploads += 1;
        stats.bytes += data.len() as u64;
    }}
    pub fn id(&self) -> u32 {{
        self.0.to_raw()
    }}
    pub fn release(self) -> u32 {{
        self.0.to_raw()
    }}
}}

impl Stream{i} {{
    pub fn open(id: u32) -> Self {{
        Stream{i}::Open(Handle::from_raw(id | 1).unwrap())
    }}
    pub fn pause(self, at: u32) -> Self {{
        match self {{
            Stream{i}::Open(h) => Stream{i}::Paused(h, at),
            Stream{i}::Paused(h, _) => Stream{i}::Paused(h, at),
        }}
    }}
    pub fn close(self) -> u32 {{
        match self {{
            Stream{i}::Open(h) | Stream{i}::Paused(h, _) => h.to_raw(),
        }}
    }}
}}

pub trait Renderer{i} {{
    fn render(&mut self, frame: u32) -> u32;
}}

pub struct Scene{i} {{
    textures: Vec<Texture{i}>,
    stats: Stats{i},
    lookup: HashMap<String, u32>,
}}

impl Scene{i} {{
    pub fn new() -> Self {{
        Scene{i} {{ textures: Vec::new(), stats: Stats{i}::default(), lookup: HashMap::new() }}
    }}
    pub fn load(&mut self, names: &[&str]) -> Result<usize, String> {{
        for (n, name) in names.iter().enumerate() {{
            let Some(mut tex) = Texture{i}::create(n as u32) else {{
                return Err(format!("cannot create {{name}}"));
            }};
            tex.upload(name.as_bytes(), &mut self.stats);
            self.lookup.insert(name.to_string(), tex.id());
            self.stats.names.push(name.to_string());
            self.textures.push(tex);
        }}
        Ok(self.textures.len())
    }}
    pub fn finish(self) -> (u32, Stats{i}) {{
        let mut sum = 0;
        for tex in self.textures {{
            sum += tex.release();
        }}
        (sum, self.stats)
    }}
}}

impl Renderer{i} for Scene{i} {{
    fn render(&mut self, frame: u32) -> u32 {{
        let mut acc = frame;
        for (k, v) in &self.lookup {{
            acc = acc.wrapping_mul(31).wrapping_add(*v + k.len() as u32);
        }}
        acc
    }}
}}

pub fn pipeline_{i}(frames: u32, names: &[&str]) -> Result<u32, String> {{
    let mut scene = Scene{i}::new();
    let loaded = match scene.load(names) {{
        Ok(n) => n,
        Err(e) => {{
            scene.finish();
            return Err(e);
        }}
    }};
    let mut stream = Stream{i}::open(loaded as u32);
    let mut total = 0u32;
    for frame in 0..frames {{
        total = total.wrapping_add(scene.render(frame));
        if frame % 7 == 3 {{
            stream = stream.pause(frame);
        }}
    }}
    let (sum, stats) = scene.finish();
    let closed = stream.close();
    Ok(total ^ sum ^ closed ^ stats.uploads as u32)
}}

pub fn select_{i}(ids: &[u32], want: u32) -> Option<u32> {{
    let mut kept: Option<Texture{i}> = None;
    for &id in ids {{
        let Some(tex) = Texture{i}::create(id) else {{
            if let Some(old) = kept.take() {{
                old.release();
            }}
            return None;
        }};
        if id == want {{
            if let Some(old) = kept.take() {{
                old.release();
            }}
            kept = Some(tex);
        }} else {{
            tex.release();
        }}
    }}
    kept.map(|t| t.release())
}}

pub fn batch_{i}(count: u32) -> u32 {{
    let textures: Vec<Texture{i}> = (0..count).filter_map(Texture{i}::create).collect();
    let ids: Vec<u32> = textures.iter().map(|t| t.id()).collect();
    let released: u32 = textures.into_iter().map(|t| t.release()).sum();
    released + ids.len() as u32
}}

pub fn plain_math_{i}(values: &[f64]) -> (f64, f64) {{
    let mean = values.iter().sum::<f64>() / values.len().max(1) as f64 + EDIT_{i} as f64;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / values.len().max(1) as f64;
    (mean, var.sqrt())
}}

pub fn parse_{i}(text: &str) -> Result<Vec<(String, u32)>, std::num::ParseIntError> {{
    let mut out = Vec::new();
    for line in text.lines() {{
        let mut parts = line.splitn(2, '=');
        let key = parts.next().unwrap_or_default().trim().to_string();
        let value = parts.next().unwrap_or("0").trim().parse::<u32>()?;
        out.push((key, value));
    }}
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}}
"""

lib = ["//! Generated benchmark crate: many modules of wasm-using code.\n"]
for i in range(modules):
    (out / "src" / f"m{i}.rs").write_text(MODULE.format(i=i))
    lib.append(f"pub mod m{i};\n")
(out / "src" / "lib.rs").write_text("".join(lib))
lines = sum(len((out / "src" / f"m{i}.rs").read_text().splitlines()) for i in range(modules))
print(f"generated {modules} modules, {lines} lines in {out}")
