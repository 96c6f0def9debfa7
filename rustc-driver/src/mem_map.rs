//! `cargo wasm-lint mem <file.wasm>`: prints a module's static memory layout — memory limits,
//! the shadow stack, data segments, and where the heap starts — read with `wasmparser`.
//!
//! The stack pointer, `__data_end` and `__heap_base` are found by name (exports or the `name`
//! section) as wasm-ld emits them. Rust's cdylibs no longer export the last two unless linked
//! with `--export=__heap_base --export=__data_end`; without them the figures are derived from
//! the data segments and marked: a lower bound, since zero-initialized data (`.bss`) has no
//! segment.
// Until `main` dispatches `mem` here, `run` has no caller outside the tests.

use std::fmt::Write as _;
use wasmparser::{
    DataKind, ExternalKind, KnownCustom, Name, Operator, Parser, Payload, TypeRef, ValType,
};

/// Entry point: `args` are the arguments after `mem` (one path to a `.wasm` file).
pub fn run(args: &[String]) -> Result<(), String> {
    let [path] = args else {
        return Err("usage: cargo wasm-lint mem <file.wasm>".to_string());
    };
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    print!("{}", render(&bytes).map_err(|e| format!("{path}: {e}"))?);
    Ok(())
}

struct Segment {
    index: u32,
    name: Option<String>,
    start: u64,
    len: u64,
}

#[derive(Default)]
struct Module {
    memories: Vec<wasmparser::MemoryType>,
    imported_memories: usize,
    /// Initial value of each global (imported ones are `None`), and whether it is mutable i32/i64.
    globals: Vec<(Option<u64>, bool)>,
    global_names: Vec<(u32, String)>,
    exports: Vec<(String, u32)>,
    segments: Vec<Segment>,
    passive: usize,
}

/// The memory map of the module in `bytes`, as printed by `run`.
pub fn render(bytes: &[u8]) -> Result<String, String> {
    if !bytes.starts_with(b"\0asm") {
        return Err("not a WebAssembly module (it does not start with `\\0asm`)".to_string());
    }
    let m = parse(bytes).map_err(|e| {
        format!("not a valid wasm module: {} (at byte {:#x})", e.message(), e.offset())
    })?;
    let mut out = String::new();
    let w = &mut out;
    if m.memories.is_empty() {
        writeln!(w, "no linear memory").unwrap();
        return Ok(out);
    }
    for (i, mem) in m.memories.iter().enumerate() {
        let page = 1u64 << mem.page_size_log2();
        let max = match mem.maximum {
            // u128: a 64-bit memory's page count times the page size can exceed u64.
            Some(p) => format!("{p} pages ({} bytes)", u128::from(p) * u128::from(page)),
            None => "none".to_string(),
        };
        let imported = if i < m.imported_memories { ", imported" } else { "" };
        let flags = format!(
            "{}{}{imported}",
            if mem.shared { ", shared" } else { "" },
            if mem.memory64 { ", 64-bit" } else { "" }
        );
        writeln!(
            w,
            "memory {i}: initial {} pages ({} bytes), maximum {max}{flags}",
            mem.initial,
            u128::from(mem.initial) * u128::from(page)
        )
        .unwrap();
    }
    let global = |name: &str| -> Option<u64> {
        let index = m
            .exports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, i)| *i)
            .or_else(|| m.global_names.iter().find(|(_, n)| n == name).map(|(i, _)| *i))?;
        m.globals.get(index as usize)?.0
    };
    // wasm-ld's stack pointer is named, else it is the first mutable integer global.
    let sp = global("__stack_pointer").or_else(|| m.globals.iter().find(|g| g.1).and_then(|g| g.0));
    // Saturating: a segment past the end of a 64-bit address space is invalid anyway.
    let segs_end = m.segments.iter().map(|s| s.start.saturating_add(s.len)).max().unwrap_or(0);
    let segs_start = m.segments.iter().map(|s| s.start).min().unwrap_or(segs_end);
    let data_end = global("__data_end");
    let heap_base = global("__heap_base");

    match sp {
        Some(sp) if sp <= segs_start => {
            writeln!(w, "stack: {:#010x}..{sp:#010x} ({sp} bytes, below the data; grows down)", 0)
                .unwrap();
        }
        Some(sp) => {
            let low = data_end.unwrap_or(segs_end);
            writeln!(w, "stack: {low:#010x}..{sp:#010x} ({} bytes, above the data; grows down)", sp.saturating_sub(low))
                .unwrap();
        }
        None => writeln!(w, "stack: none found (no stack pointer global)").unwrap(),
    }
    writeln!(w, "data segments: {} active, {} passive", m.segments.len(), m.passive).unwrap();
    for s in &m.segments {
        let name = s.name.as_deref().unwrap_or("-");
        writeln!(
            w,
            "  #{:<3} {name:<12} {:#010x}..{:#010x} {:>9} bytes",
            s.index,
            s.start,
            u128::from(s.start) + u128::from(s.len),
            s.len
        )
        .unwrap();
    }
    let (data_end, derived) = match data_end {
        Some(d) => (d, ""),
        None => (segs_end, " (derived: .bss not counted; link with --export=__data_end)"),
    };
    writeln!(w, "data end (__data_end)    {data_end:#010x}{derived}").unwrap();
    let (heap_base, derived) = match heap_base {
        Some(h) => (h, ""),
        None => (data_end.max(sp.unwrap_or(0)).saturating_add(15) & !15, " (derived: at least this)"),
    };
    writeln!(w, "heap base (__heap_base)  {heap_base:#010x}{derived}").unwrap();
    let initial = u128::from(m.memories[0].initial) << m.memories[0].page_size_log2();
    let heap_base = u128::from(heap_base);
    if initial > heap_base {
        writeln!(
            w,
            "heap: {heap_base:#010x}..{initial:#010x} ({} bytes free before the first memory.grow)",
            initial - heap_base
        )
        .unwrap();
    } else {
        writeln!(w, "heap: starts at {heap_base:#010x}, past the initial memory: grows on first use")
            .unwrap();
    }
    if let Some(s) = m.segments.iter().find(|s| u128::from(s.start) + u128::from(s.len) > initial) {
        writeln!(w, "warning: data segment #{} ends past the initial memory", s.index).unwrap();
    }
    Ok(out)
}

fn const_value(expr: &wasmparser::ConstExpr<'_>, globals: &[(Option<u64>, bool)]) -> Option<u64> {
    let mut ops = expr.get_operators_reader();
    match ops.read().ok()? {
        Operator::I32Const { value } => Some(value as u32 as u64),
        Operator::I64Const { value } => Some(value as u64),
        Operator::GlobalGet { global_index } => globals.get(global_index as usize)?.0,
        _ => None,
    }
}

fn parse(bytes: &[u8]) -> wasmparser::Result<Module> {
    let mut m = Module::default();
    let mut data_names = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload? {
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    match import?.ty {
                        TypeRef::Memory(mem) => {
                            m.memories.push(mem);
                            m.imported_memories += 1;
                        }
                        TypeRef::Global(g) => m.globals.push((None, g.mutable)),
                        _ => {}
                    }
                }
            }
            Payload::MemorySection(r) => {
                for mem in r {
                    m.memories.push(mem?);
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g?;
                    let int = matches!(g.ty.content_type, ValType::I32 | ValType::I64);
                    let value = const_value(&g.init_expr, &m.globals);
                    m.globals.push((value, g.ty.mutable && int));
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e?;
                    if e.kind == ExternalKind::Global {
                        m.exports.push((e.name.to_string(), e.index));
                    }
                }
            }
            Payload::DataSection(r) => {
                for (index, d) in r.into_iter().enumerate() {
                    let d = d?;
                    match d.kind {
                        DataKind::Active { memory_index: 0, offset_expr } => {
                            let start = const_value(&offset_expr, &m.globals).unwrap_or(0);
                            let len = d.data.len() as u64;
                            m.segments.push(Segment { index: index as u32, name: None, start, len });
                        }
                        DataKind::Active { .. } => {}
                        DataKind::Passive => m.passive += 1,
                    }
                }
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(names) = c.as_known() {
                    for name in names {
                        match name? {
                            Name::Global(map) => {
                                for n in map {
                                    let n = n?;
                                    m.global_names.push((n.index, n.name.to_string()));
                                }
                            }
                            Name::Data(map) => {
                                for n in map {
                                    let n = n?;
                                    data_names.push((n.index, n.name.to_string()));
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for s in &mut m.segments {
        s.name = data_names.iter().find(|(i, _)| *i == s.index).map(|(_, n)| n.clone());
    }
    m.segments.sort_by_key(|s| s.start);
    Ok(m)
}

#[cfg(test)]
#[path = "../../tests/fuzz/mem_map.rs"]
mod fuzz;

#[cfg(test)]
mod tests {
    use super::*;

    /// LEB128 for the hand-made modules below.
    fn leb(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }

    fn section(id: u8, body: Vec<u8>, out: &mut Vec<u8>) {
        out.push(id);
        leb(body.len() as u64, out);
        out.extend(body);
    }

    fn name(s: &str, out: &mut Vec<u8>) {
        leb(s.len() as u64, out);
        out.extend(s.as_bytes());
    }

    /// A module laid out as wasm-ld lays out Rust's: stack first (1 MiB), one data segment,
    /// `__stack_pointer` (unexported, named), `__data_end` and `__heap_base` exported.
    fn module(max_pages: Option<u64>) -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let mut mem = vec![1];
        match max_pages {
            Some(max) => {
                mem.push(1);
                leb(17, &mut mem);
                leb(max, &mut mem);
            }
            None => {
                mem.push(0);
                leb(17, &mut mem);
            }
        }
        section(5, mem, &mut m);
        let mut globals = vec![3];
        for (mutable, value) in [(1, 0x10_0000), (0, 0x10_0010), (0, 0x10_0010)] {
            globals.extend([0x7f, mutable, 0x41]);
            // i32.const is signed LEB; these values are positive and below 2^27.
            let mut v = Vec::new();
            leb(value, &mut v);
            if v.last().unwrap() & 0x40 != 0 {
                *v.last_mut().unwrap() |= 0x80;
                v.push(0);
            }
            globals.extend(v);
            globals.push(0x0b);
        }
        section(6, globals, &mut m);
        let mut exports = vec![2];
        for (n, index) in [("__data_end", 1), ("__heap_base", 2)] {
            name(n, &mut exports);
            exports.extend([3, index]);
        }
        section(7, exports, &mut m);
        let mut data = vec![1, 0, 0x41, 0x80, 0x80, 0xc0, 0x00, 0x0b];
        leb(16, &mut data);
        data.extend([7u8; 16]);
        section(11, data, &mut m);
        let mut names = Vec::new();
        name("name", &mut names);
        for (sub, n) in [(7u8, "__stack_pointer"), (9, ".rodata")] {
            let mut map = vec![1, 0];
            name(n, &mut map);
            names.push(sub);
            leb(map.len() as u64, &mut names);
            names.extend(map);
        }
        section(0, names, &mut m);
        m
    }

    #[test]
    fn rust_style_layout() {
        let map = render(&module(None)).unwrap();
        assert!(map.contains("memory 0: initial 17 pages (1114112 bytes), maximum none"), "{map}");
        assert!(map.contains("stack: 0x00000000..0x00100000 (1048576 bytes, below the data"), "{map}");
        assert!(map.contains("#0   .rodata      0x00100000..0x00100010        16 bytes"), "{map}");
        assert!(map.contains("data end (__data_end)    0x00100010\n"), "{map}");
        assert!(map.contains("heap base (__heap_base)  0x00100010\n"), "{map}");
        assert!(map.contains("(65520 bytes free before the first memory.grow)"), "{map}");
    }

    #[test]
    fn maximum_is_reported() {
        let map = render(&module(Some(32))).unwrap();
        assert!(map.contains("maximum 32 pages (2097152 bytes)"), "{map}");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(render(b"not wasm").unwrap_err().contains("not a WebAssembly module"));
        let mut truncated = module(None);
        truncated.truncate(20);
        let err = render(&truncated).unwrap_err();
        assert!(err.contains("not a valid wasm module") && !err.contains('\n'), "{err}");
        assert!(run(&[]).unwrap_err().contains("usage"));
        assert!(run(&["/nonexistent.wasm".into()]).unwrap_err().contains("cannot read"));
    }

    #[test]
    fn module_without_memory() {
        assert_eq!(render(b"\0asm\x01\0\0\0").unwrap(), "no linear memory\n");
    }
}
