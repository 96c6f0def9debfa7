// Signatures: the records of a module's `wasmrust` section, and what they say about values.
// Format: docs/js-host.md, "The `wasmrust` section".

/** The record format this module reads (`wasm::abi::desc::FORMAT_VERSION`). */
export const FORMAT_VERSION = 1;
const SECTION = "wasmrust";

export const T_UNIT = 0, T_BOOL = 1, T_CHAR = 2, T_U8 = 3, T_I8 = 4, T_U16 = 5, T_I16 = 6, T_U32 = 7,
  T_I32 = 8, T_U64 = 9, T_I64 = 10, T_F32 = 11, T_F64 = 12, T_STRING = 0x10, T_BYTES = 0x11,
  T_REF = 0x12, T_LENT = 0x13, T_OPTION = 0x16, T_RESULT = 0x17;
const NAMES = { 0: "()", 1: "bool", 2: "char", 3: "u8", 4: "i8", 5: "u16", 6: "i16", 7: "u32",
  8: "i32", 9: "u64", 10: "i64", 11: "f32", 12: "f64", 16: "String", 17: "Vec<u8>" };
export const utf8 = new TextDecoder();

export class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.at = 0;
  }
  u8() {
    if (this.at >= this.b.length) throw new Error("wasmrust: truncated signature record");
    return this.b[this.at++];
  }
  leb() {
    let n = 0, shift = 0, b;
    do {
      b = this.u8();
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return n;
  }
  text(len) {
    const s = utf8.decode(this.b.subarray(this.at, this.at + len));
    this.at += len;
    return s;
  }
  type() {
    const c = this.u8();
    if (c === T_REF || c === T_LENT) {
      const kind = this.u8();
      return { c, test: { kind, name: kind ? this.text(this.u8()) : "" } };
    }
    if (c === T_OPTION) return { c, inner: this.type() };
    if (c === T_RESULT) return { c, ok: this.type(), err: this.type() };
    if (!(c in NAMES)) throw new Error(`wasmrust: unknown type code ${c} in a signature record`);
    return { c };
  }
}

/** The signatures recorded in a compiled module: `{ exports: [...], imports: [...] }`. */
export function readSignatures(module) {
  const out = { exports: [], imports: [] };
  for (const section of WebAssembly.Module.customSections(module, SECTION)) {
    const r = new Reader(new Uint8Array(section));
    while (r.at < r.b.length) {
      const version = r.u8();
      const len = r.leb();
      const end = r.at + len;
      if (version !== FORMAT_VERSION) {
        throw new Error(`wasmrust: the module's signature records use format ${version}, but this wasmrust.mjs reads format ${FORMAT_VERSION}: load the wasmrust.mjs that ships with the \`wasm\` crate version the module was built with (crates/wasm/js/wasmrust.mjs)`);
      }
      const kind = r.u8();
      if (kind === 0) {
        const name = r.text(r.leb());
        out.exports.push({ name, ...signature(r) });
      } else if (kind === 1) {
        const module = r.text(r.leb());
        const name = r.text(r.leb());
        out.imports.push({ module, name, ...signature(r) });
      }
      r.at = end; // record kinds this version does not know are skipped
    }
  }
  return out;
}

export function signature(r) {
  const params = [];
  for (let n = r.u8(); n > 0; n--) params.push(r.type());
  return { params, result: r.type() };
}

export function typeName(t) {
  if (t.c === T_OPTION) return `Option<${typeName(t.inner)}>`;
  if (t.c === T_RESULT) return `Result<${typeName(t.ok)}, ${typeName(t.err)}>`;
  if (t.c === T_REF || t.c === T_LENT) return (t.c === T_LENT ? "&" : "") + (t.test.kind ? `ExternRef<${t.test.name}>` : "ExternRef");
  return NAMES[t.c];
}

export const isRef = (t) => t.c === T_REF || t.c === T_LENT;

/** Flat core values of a type; `toWasm`: strings and bytes are one length going in, two coming out. */
export function flat(t, toWasm) {
  switch (t.c) {
    case T_UNIT: return [];
    case T_U64: case T_I64: return ["i64"];
    case T_F32: return ["f32"];
    case T_F64: return ["f64"];
    case T_STRING: case T_BYTES: return toWasm ? ["i32"] : ["i32", "i32"];
    case T_OPTION: return isRef(t.inner) ? ["i32"] : ["i32", ...flat(t.inner, toWasm)];
    case T_RESULT: return ["i32", ...flat(t.ok, toWasm), ...flat(t.err, toWasm)];
    default: return ["i32"];
  }
}

export const usesQueue = (t) => t.c === T_STRING || t.c === T_BYTES || (t.c === T_OPTION && usesQueue(t.inner)) ||
  (t.c === T_RESULT && (usesQueue(t.ok) || usesQueue(t.err)));

export function describeTest(test) {
  return ["any value", `an instance of ${test.name}`, `a value of type ${test.name}`, `a value passing ${test.name}`][test.kind];
}

export function describe(v) {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  if (typeof v === "object" || typeof v === "function") return `${typeof v === "function" ? "function" : "object"} ${v.constructor?.name ?? ""}`.trim();
  return `${typeof v} ${String(v)}`;
}

export const SLOT_READ = { i32: "r32", i64: "r64", f32: "rf32", f64: "rf64" };
export const SLOT_WRITE = { i32: "w32", i64: "w64", f32: "wf32", f64: "wf64" };
