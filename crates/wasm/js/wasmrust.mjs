// wasmrust.mjs: the JS host of WasmRust modules (Node and browsers, no bundler, no build step).
//
//   import { instantiate } from "./wasmrust.mjs";
//   const { exports, table } = await instantiate(bytes, { imports: { console: { log: console.log } } });
//
// A module built with `#[wasm::export]` / `#[wasm::import]` records every signature in its
// `wasmrust` custom section; this module reads them and builds typed JS functions at
// instantiation: exports that take and return JS values, and wrappers around the host functions
// the module imports. Host objects reach wasm through a generation-checked reference table.
// Format and rules: docs/js-host.md in the WasmRust repository.

/** The record format this file reads (`wasm::abi::desc::FORMAT_VERSION`). */
export const FORMAT_VERSION = 1;
const SECTION = "wasmrust";

// ---- The host reference table: the algorithm of crates/wasm/src/externref/table.rs, in JS.
// Same handle encoding, same first-in first-out free list, same error texts (tests/extern_table.rs
// replays one script on both). Owned handle (bit 31 clear): bits 0..20 slot index, bits 20..31
// generation (1..2047). Borrowed handle (bit 31 set): bits 0..16 stack index, bits 16..31
// generation (1..32767).

const INDEX_BITS = 20;
const MAX_SLOTS = 1 << INDEX_BITS;
const INDEX_MASK = MAX_SLOTS - 1;
const GEN_MAX = 0x7ff;
const BORROW_INDEX_MASK = 0xffff;
const BORROW_GEN_MAX = 0x7fff;
const MAX_BORROWED = 1 << 16;
const NIL = -1;
const LIVE = -2;

const hex = (h) => "0x" + (h >>> 0).toString(16).padStart(8, "0");
const nextGen = (g, max) => (g >= max ? 1 : g + 1);

/** A host reference was refused: stale (used after release), forged, or the table is full. */
export class HandleError extends Error {
  constructor(message) {
    super(message);
    this.name = "HandleError";
  }
}

/** A generation-checked table of host objects; slots are reused first-in, first-out. */
export class HandleTable {
  constructor() {
    this.objs = [];
    this.gens = [];
    this.next = []; // LIVE, or the next free slot (NIL at the tail)
    this.head = NIL;
    this.tail = NIL;
    this.live = 0;
    this.bobjs = [];
    this.bgens = [];
    this.depth = 0;
  }

  /** Stores `o`; returns its owned handle. */
  insert(o) {
    let i = this.head;
    if (i !== NIL) {
      this.head = this.next[i];
      if (this.head === NIL) this.tail = NIL;
    } else {
      i = this.objs.length;
      if (i >= MAX_SLOTS) throw new HandleError("wasmrust: host reference table is full");
      this.gens.push(1);
      this.objs.push(undefined);
      this.next.push(NIL);
    }
    this.objs[i] = o;
    this.next[i] = LIVE;
    this.live++;
    return (this.gens[i] << INDEX_BITS) | i;
  }

  /** The object behind an owned or borrowed handle (an i32 from wasm, or its u32 value). */
  get(h) {
    h |= 0;
    if (h < 0) {
      const i = h & BORROW_INDEX_MASK;
      if (i < this.depth && this.bgens[i] === (h >>> 16) - 0x8000) return this.bobjs[i];
      throw this.error(h);
    }
    const i = h & INDEX_MASK;
    if (this.next[i] === LIVE && this.gens[i] === h >>> INDEX_BITS) return this.objs[i];
    throw this.error(h);
  }

  /** Releases an owned handle and returns its object. */
  take(h) {
    h |= 0;
    if (h < 0) throw new HandleError(`wasmrust: cannot release borrowed host reference ${hex(h)}: the call that lent it releases it`);
    const o = this.get(h);
    this.free(h & INDEX_MASK);
    return o;
  }

  /** Releases an owned handle. */
  release(h) {
    this.take(h);
  }

  free(i) {
    this.objs[i] = undefined;
    this.gens[i] = nextGen(this.gens[i], GEN_MAX);
    this.next[i] = NIL;
    if (this.tail === NIL) this.head = i;
    else this.next[this.tail] = i;
    this.tail = i;
    this.live--;
  }

  /** Lends `o` to the current call; the handle dies when the stack pops below it. */
  push(o) {
    const i = this.depth;
    if (i >= MAX_BORROWED) throw new HandleError("wasmrust: host reference table is full");
    if (i === this.bobjs.length) {
      this.bobjs.push(undefined);
      this.bgens.push(0);
    }
    const g = nextGen(this.bgens[i], BORROW_GEN_MAX);
    this.bgens[i] = g;
    this.bobjs[i] = o;
    this.depth = i + 1;
    return 0x80000000 | (g << 16) | i;
  }

  /** Ends the borrows made since the stack was at `depth`. */
  popTo(depth) {
    while (this.depth > depth) this.bobjs[--this.depth] = undefined;
  }

  error(h) {
    if (h < 0) return new HandleError(`wasmrust: stale borrowed host reference ${hex(h)}: a borrowed reference lives only until the call that lent it returns`);
    if (h === 0) return new HandleError("wasmrust: invalid host reference 0 (the null handle)");
    const i = h & INDEX_MASK;
    if (i >= this.objs.length) return new HandleError(`wasmrust: invalid host reference ${hex(h)}: its slot was never allocated (a forged handle, or one from another instance)`);
    return new HandleError(`wasmrust: stale host reference ${hex(h)} (slot ${i}, generation ${h >>> INDEX_BITS}; the slot is now at generation ${this.gens[i]}): it was used after it was released`);
  }

  /** `{ live, length, borrowed }`: owned references alive, slots allocated, borrow depth. */
  stats() {
    return { live: this.live, length: this.objs.length, borrowed: this.depth };
  }
}

// ---- Signatures: the records of the `wasmrust` section, and type descriptors.

const T_UNIT = 0, T_BOOL = 1, T_CHAR = 2, T_U8 = 3, T_I8 = 4, T_U16 = 5, T_I16 = 6, T_U32 = 7,
  T_I32 = 8, T_U64 = 9, T_I64 = 10, T_F32 = 11, T_F64 = 12, T_STRING = 0x10, T_BYTES = 0x11,
  T_REF = 0x12, T_LENT = 0x13, T_OPTION = 0x16, T_RESULT = 0x17;
const NAMES = { 0: "()", 1: "bool", 2: "char", 3: "u8", 4: "i8", 5: "u16", 6: "i16", 7: "u32",
  8: "i32", 9: "u64", 10: "i64", 11: "f32", 12: "f64", 16: "String", 17: "Vec<u8>" };
const utf8 = new TextDecoder();

class Reader {
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

function signature(r) {
  const params = [];
  for (let n = r.u8(); n > 0; n--) params.push(r.type());
  return { params, result: r.type() };
}

function typeName(t) {
  if (t.c === T_OPTION) return `Option<${typeName(t.inner)}>`;
  if (t.c === T_RESULT) return `Result<${typeName(t.ok)}, ${typeName(t.err)}>`;
  if (t.c === T_REF || t.c === T_LENT) return (t.c === T_LENT ? "&" : "") + (t.test.kind ? `ExternRef<${t.test.name}>` : "ExternRef");
  return NAMES[t.c];
}

const isRef = (t) => t.c === T_REF || t.c === T_LENT;

/** Flat core values of a type; `toWasm`: strings and bytes are one length going in, two coming out. */
function flat(t, toWasm) {
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

const usesQueue = (t) => t.c === T_STRING || t.c === T_BYTES || (t.c === T_OPTION && usesQueue(t.inner)) ||
  (t.c === T_RESULT && (usesQueue(t.ok) || usesQueue(t.err)));

// ---- Code generation: one small monomorphic JS function per signature.

class Gen {
  constructor(rt, fname) {
    this.rt = rt;
    this.fname = fname;
    this.lines = [];
    this.n = 0;
    this.names = [];
    this.values = [];
    this.borrows = false;
    this.scratch = false;
  }
  tmp(p = "t") {
    return p + this.n++;
  }
  emit(line) {
    this.lines.push(line);
  }
  /** A factory parameter bound to `value`. */
  dep(value, name) {
    const i = this.values.indexOf(value);
    if (i >= 0) return this.names[i];
    const n = name ? `${name}${this.names.length}` : `d${this.names.length}`;
    this.names.push(n);
    this.values.push(value);
    return n;
  }
  declare(flats) {
    const vars = flats.map((f) => this.tmp("r"));
    if (vars.length) this.emit(`let ${vars.map((v, i) => `${v} = ${flats[i] === "i64" ? "0n" : "0"}`).join(", ")};`);
    return vars;
  }
  build(params, body) {
    const src = `"use strict";\nreturn function $${this.fname.replace(/\W/g, "_")}(${params.join(", ")}) {\n${body}\n};`;
    if (globalThis.WASMRUST_DEBUG) console.log(src);
    return new Function(...this.names, src)(...this.values);
  }
}

/** Host value `v` into flat values `outs` (host -> wasm: export parameters, import results). */
function lowerIn(g, t, v, outs, where) {
  if (t.c === T_UNIT) return;
  const rt = g.rt;
  const o = outs.shift();
  const w = JSON.stringify(where);
  switch (t.c) {
    case T_BOOL: g.emit(`${o} = ${v} ? 1 : 0;`); return;
    case T_CHAR: g.emit(`${o} = ${g.dep(rt.charIn, "char")}(${v}, ${w});`); return;
    case T_U64: case T_I64: g.emit(`${o} = ${g.dep(rt.big, "big")}(${v}, ${w});`); return;
    case T_STRING:
      g.emit(`if (typeof ${v} !== "string") ${g.dep(rt.bad, "bad")}(${w}, "a string", ${v});`);
      if (g.scratch) g.emit(`${o} = ${g.dep(rt.putStr, "putStr")}(${v});`);
      else g.emit(`${g.dep(rt.Q, "Q")}[${g.dep(rt.S, "S")}.qn++] = ${v}; ${o} = ${v}.length;`);
      return;
    case T_BYTES: {
      const b = g.tmp("b");
      g.emit(`const ${b} = ${g.dep(rt.bytesIn, "bin")}(${v}, ${w});`);
      if (g.scratch) g.emit(`${o} = ${g.dep(rt.putBytes, "putBytes")}(${b});`);
      else g.emit(`${g.dep(rt.Q, "Q")}[${g.dep(rt.S, "S")}.qn++] = ${b}; ${o} = ${b}.length;`);
      return;
    }
    case T_REF: case T_LENT:
      checkRef(g, t, v, w);
      if (t.c === T_LENT) g.borrows = true;
      g.emit(`${o} = ${g.dep(rt.T, "T")}.${t.c === T_LENT ? "push" : "insert"}(${v});`);
      return;
    case T_OPTION:
      if (isRef(t.inner)) {
        g.emit(`if (${v} != null) {`);
        lowerIn(g, t.inner, v, [o], where);
        g.emit("}");
        return;
      }
      g.emit(`if (${v} != null) { ${o} = 1;`);
      lowerIn(g, t.inner, v, outs, where);
      g.emit("}");
      return;
    case T_RESULT: {
      const x = g.tmp("x");
      g.emit(`const ${x} = ${v};`);
      const okOuts = outs.splice(0, flat(t.ok, true).length);
      g.emit(`if (${x} !== null && typeof ${x} === "object" && "ok" in ${x}) {`);
      lowerIn(g, t.ok, `${x}.ok`, okOuts, where + " (ok)");
      g.emit(`} else if (${x} !== null && typeof ${x} === "object" && "err" in ${x}) { ${o} = 1;`);
      lowerIn(g, t.err, `${x}.err`, outs, where + " (err)");
      g.emit(`} else ${g.dep(rt.bad, "bad")}(${w}, "{ ok: value } or { err: value }", ${x});`);
      return;
    }
    default: g.emit(`${o} = ${v};`); // numbers: the wasm JS API converts (ToInt32, ToNumber)
  }
}

function checkRef(g, t, v, w) {
  if (t.test.kind === 0) return;
  const test = g.dep(g.rt.typeTest(t.test), "is");
  g.emit(`if (!${test}(${v})) ${g.dep(g.rt.bad, "bad")}(${w}, ${JSON.stringify(describeTest(t.test))}, ${v});`);
}

/** Flat values `raws` (expressions) into a host value (wasm -> host: export results, import parameters). */
function liftOut(g, t, raws, top) {
  const rt = g.rt;
  if (t.c === T_UNIT) return "undefined";
  const r = raws.shift();
  switch (t.c) {
    case T_BOOL: return `(${r} !== 0)`;
    case T_CHAR: return `String.fromCodePoint(${r})`;
    case T_U32: return `(${r} >>> 0)`;
    case T_U64: return `BigInt.asUintN(64, ${r})`;
    case T_STRING: return `${g.dep(rt.str, "str")}(${r}, ${raws.shift()})`;
    case T_BYTES: return `${g.dep(rt.bytesOut, "bout")}(${r}, ${raws.shift()})`;
    case T_REF: return `${g.dep(rt.T, "T")}.take(${r})`;
    case T_LENT: return `${g.dep(rt.T, "T")}.get(${r})`;
    case T_OPTION:
      if (isRef(t.inner)) return `(${r} === 0 ? null : ${liftOut(g, t.inner, [r], false)})`;
      return `(${r} === 0 ? null : ${liftOut(g, t.inner, raws, false)})`;
    case T_RESULT: {
      const ok = liftOut(g, t.ok, raws, false);
      const err = liftOut(g, t.err, raws, false);
      if (top) return `(${r} === 0 ? ${ok} : ${g.dep(rt.fail, "fail")}(${err}))`;
      return `(${r} === 0 ? { ok: ${ok} } : { err: ${err} })`;
    }
    default: return r;
  }
}

const SLOT_READ = { i32: "r32", i64: "r64", f32: "rf32", f64: "rf64" };
const SLOT_WRITE = { i32: "w32", i64: "w64", f32: "wf32", f64: "wf64" };

/** The typed JS function of an export. */
function exportWrapper(rt, sig, raw) {
  const g = new Gen(rt, sig.name);
  const args = sig.params.map((_, i) => `a${i}`);
  // Short strings and bytes go to the scratch area, popped (like lent references) on return.
  g.scratch = sig.params.some(usesQueue);
  if (g.scratch) g.emit(`${g.dep(rt.S, "S")}.qn = 0; ${g.dep(rt.S, "S")}.qi = 0;`);
  const depthLine = g.lines.length;
  const raws = [];
  sig.params.forEach((t, i) => {
    const outs = g.declare(flat(t, true));
    raws.push(...outs);
    lowerIn(g, t, args[i], outs, `${sig.name}: argument ${i + 1} (${typeName(t)})`);
  });
  const call = `${g.dep(raw, "raw")}(${raws.join(", ")})`;
  const flats = flat(sig.result, false);
  let ret;
  if (flats.length === 0) ret = `${call}; return undefined;`;
  else if (flats.length === 1) ret = `const x = ${call}; return ${liftOut(g, sig.result, ["x"], true)};`;
  else {
    const reads = flats.map((f, k) => `${g.dep(rt[SLOT_READ[f]], SLOT_READ[f])}(p + ${8 * k})`);
    ret = `const p = ${call}; return ${liftOut(g, sig.result, reads, true)};`;
  }
  if (g.borrows || g.scratch) {
    // Lent references and scratch bytes live until the call returns (or throws, also while
    // lowering arguments).
    const T = g.dep(rt.T, "T"), SC = g.dep(rt.SC, "SC");
    const save = [g.borrows && `const depth = ${T}.depth;`, g.scratch && `const top = ${SC}.top;`];
    const restore = [g.borrows && `${T}.popTo(depth);`, g.scratch && `${SC}.top = top;`];
    g.lines.splice(depthLine, 0, `${save.filter(Boolean).join(" ")} try {`);
    g.emit(`${ret} } finally { ${restore.filter(Boolean).join(" ")} }`);
  } else g.emit(ret);
  return g.build(args, g.lines.join("\n"));
}

/** Lowers the result of a host call into flat values and delivers them (`deliver(vars)` emits). */
function lowerResult(g, t, callExpr, deliver) {
  const rt = g.rt;
  const queue = usesQueue(t) ? `${g.dep(rt.S, "S")}.qn = 0; ${g.dep(rt.S, "S")}.qi = 0;` : "";
  const outs = g.declare(flat(t, true));
  if (t.c !== T_RESULT) {
    g.emit(`const v = ${callExpr}; ${queue}`);
    lowerIn(g, t, "v", outs.slice(), "result");
    deliver(outs);
    return;
  }
  // A Result result catches what the host function throws as Err.
  const okOuts = outs.slice(1, 1 + flat(t.ok, true).length);
  const errOuts = outs.slice(1 + okOuts.length);
  let filter = "true", errValue = "e";
  if (t.err.c === T_STRING) errValue = `(e instanceof Error ? e.message : String(e))`;
  if (isRef(t.err) && t.err.test.kind !== 0) filter = `${g.dep(rt.typeTest(t.err.test), "is")}(e)`;
  g.emit(`let v; try { v = ${callExpr}; } catch (e) { if (!${filter}) throw e; ${queue} ${outs[0]} = 1;`);
  lowerIn(g, t.err, errValue, errOuts.slice(), "thrown error");
  deliver(outs);
  g.emit(`} ${queue}`);
  lowerIn(g, t.ok, "v", okOuts.slice(), "result");
  deliver(outs);
}

/** The raw import the module calls: lifts the arguments, calls `f`, lowers its result. */
function importWrapper(rt, sig, f) {
  const g = new Gen(rt, sig.name);
  const rflats = flat(sig.result, true);
  const params = rflats.length > 1 ? ["retp"] : [];
  const args = sig.params.map((t) => {
    const raws = flat(t, false).map(() => g.tmp("p"));
    params.push(...raws);
    return liftOut(g, t, raws, false);
  });
  const call = `${g.dep(f, "f")}(${args.join(", ")})`;
  lowerResult(g, sig.result, call, (outs) => deliverSlots(g, rflats, outs, "retp", rflats.length > 1));
  return g.build(params, g.lines.join("\n"));
}

function deliverSlots(g, flats, outs, base, toSlots) {
  if (!toSlots) {
    g.emit(outs.length ? `return ${outs[0]};` : "return;");
    return;
  }
  outs.forEach((o, k) => g.emit(`${g.dep(g.rt[SLOT_WRITE[flats[k]]], SLOT_WRITE[flats[k]])}(${base} + ${8 * k}, ${o});`));
  g.emit("return;");
}

/** What `FuncRef::call` runs: arguments from slots at `ap`, result into slots at `rp`. */
function callThunk(rt, sig) {
  const g = new Gen(rt, "funcref_call");
  let k = 0;
  const args = sig.params.map((t) => {
    const raws = flat(t, false).map((f) => `${g.dep(rt[SLOT_READ[f]], SLOT_READ[f])}(ap + ${8 * k++})`);
    return liftOut(g, t, raws, false);
  });
  const rflats = flat(sig.result, true);
  lowerResult(g, sig.result, `f(${args.join(", ")})`, (outs) => deliverSlots(g, rflats, outs, "rp", true));
  return g.build(["f", "ap", "rp"], g.lines.join("\n"));
}

function describeTest(test) {
  return ["any value", `an instance of ${test.name}`, `a value of type ${test.name}`, `a value passing ${test.name}`][test.kind];
}

function describe(v) {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  if (typeof v === "object" || typeof v === "function") return `${typeof v === "function" ? "function" : "object"} ${v.constructor?.name ?? ""}`.trim();
  return `${typeof v} ${String(v)}`;
}

// ---- The same conversions without code generation, for pages whose Content Security Policy
// forbids `unsafe-eval` (`instantiate(.., { codegen: false })`, or detected): closures per type.

const zero = (f) => (f === "i64" ? 0n : 0);

/** `(v, out)`: pushes the flat values of host value `v` onto `out` (host -> wasm). */
function iLowerIn(rt, t, where, scratch) {
  switch (t.c) {
    case T_UNIT: return () => {};
    case T_BOOL: return (v, out) => out.push(v ? 1 : 0);
    case T_CHAR: return (v, out) => out.push(rt.charIn(v, where));
    case T_U64: case T_I64: return (v, out) => out.push(rt.big(v, where));
    case T_STRING:
      return (v, out) => {
        if (typeof v !== "string") rt.bad(where, "a string", v);
        out.push(scratch ? rt.putStr(v) : ((rt.Q[rt.S.qn++] = v), v.length));
      };
    case T_BYTES:
      return (v, out) => {
        const b = rt.bytesIn(v, where);
        out.push(scratch ? rt.putBytes(b) : ((rt.Q[rt.S.qn++] = b), b.length));
      };
    case T_REF: case T_LENT: {
      const test = t.test.kind ? rt.typeTest(t.test) : null;
      const lent = t.c === T_LENT;
      return (v, out) => {
        if (test && !test(v)) rt.bad(where, describeTest(t.test), v);
        out.push(lent ? rt.T.push(v) : rt.T.insert(v));
      };
    }
    case T_OPTION: {
      const inner = iLowerIn(rt, t.inner, where, scratch);
      if (isRef(t.inner)) return (v, out) => (v == null ? out.push(0) : inner(v, out));
      const zeros = flat(t.inner, true).map(zero);
      return (v, out) => {
        if (v == null) out.push(0, ...zeros);
        else (out.push(1), inner(v, out));
      };
    }
    case T_RESULT: {
      const ok = iLowerIn(rt, t.ok, where + " (ok)", scratch);
      const err = iLowerIn(rt, t.err, where + " (err)", scratch);
      const okZ = flat(t.ok, true).map(zero), errZ = flat(t.err, true).map(zero);
      return (v, out) => {
        const obj = v !== null && typeof v === "object";
        if (obj && "ok" in v) (out.push(0), ok(v.ok, out), out.push(...errZ));
        else if (obj && "err" in v) (out.push(1, ...okZ), err(v.err, out));
        else rt.bad(where, "{ ok: value } or { err: value }", v);
      };
    }
    default: return (v, out) => out.push(v);
  }
}

/** `(next)`: the host value of the flat values `next()` yields (wasm -> host). */
function iLiftOut(rt, t, top) {
  const skip = (next, n) => { for (let i = 0; i < n; i++) next(); };
  switch (t.c) {
    case T_UNIT: return () => undefined;
    case T_BOOL: return (next) => next() !== 0;
    case T_CHAR: return (next) => String.fromCodePoint(next());
    case T_U32: return (next) => next() >>> 0;
    case T_U64: return (next) => BigInt.asUintN(64, next());
    case T_STRING: return (next) => { const p = next(); return rt.str(p, next()); };
    case T_BYTES: return (next) => { const p = next(); return rt.bytesOut(p, next()); };
    case T_REF: return (next) => rt.T.take(next());
    case T_LENT: return (next) => rt.T.get(next());
    case T_OPTION: {
      const inner = iLiftOut(rt, t.inner, false);
      if (isRef(t.inner)) return (next) => { const h = next(); return h === 0 ? null : inner(() => h); };
      const n = flat(t.inner, false).length;
      return (next) => (next() === 0 ? (skip(next, n), null) : inner(next));
    }
    case T_RESULT: {
      const ok = iLiftOut(rt, t.ok, false), err = iLiftOut(rt, t.err, false);
      const okN = flat(t.ok, false).length, errN = flat(t.err, false).length;
      return (next) => {
        if (next() === 0) {
          const v = ok(next);
          skip(next, errN);
          return top ? v : { ok: v };
        }
        skip(next, okN);
        const e = err(next);
        return top ? rt.fail(e) : { err: e };
      };
    }
    default: return (next) => next();
  }
}

function iExport(rt, sig, raw) {
  const lowers = sig.params.map((t, i) => iLowerIn(rt, t, `${sig.name}: argument ${i + 1} (${typeName(t)})`, true));
  const flats = flat(sig.result, false);
  const lift = iLiftOut(rt, sig.result, true);
  return function (...args) {
    rt.S.qn = rt.S.qi = 0;
    const depth = rt.T.depth, top = rt.SC.top;
    try {
      const out = [];
      lowers.forEach((lower, i) => lower(args[i], out));
      const x = raw(...out);
      if (flats.length < 2) return lift(() => x);
      let k = 0;
      return lift(() => rt[SLOT_READ[flats[k]]](x + 8 * k++));
    } finally {
      rt.T.popTo(depth);
      rt.SC.top = top;
    }
  };
}

/** `(call)`: runs the host call and returns the flat values of its result (a `Result` catches). */
function iCallHost(rt, t) {
  const reset = () => (rt.S.qn = rt.S.qi = 0);
  if (t.c !== T_RESULT) {
    const lower = iLowerIn(rt, t, "result", false);
    return (call) => {
      const v = call(), out = [];
      reset();
      lower(v, out);
      return out;
    };
  }
  const ok = iLowerIn(rt, t.ok, "result", false), err = iLowerIn(rt, t.err, "thrown error", false);
  const okZ = flat(t.ok, true).map(zero), errZ = flat(t.err, true).map(zero);
  const filter = isRef(t.err) && t.err.test.kind ? rt.typeTest(t.err.test) : () => true;
  const value = t.err.c === T_STRING ? (e) => (e instanceof Error ? e.message : String(e)) : (e) => e;
  return (call) => {
    let v;
    try {
      v = call();
    } catch (e) {
      if (!filter(e)) throw e;
      reset();
      const out = [1, ...okZ];
      err(value(e), out);
      return out;
    }
    reset();
    const out = [0];
    ok(v, out);
    out.push(...errZ);
    return out;
  };
}

function iImport(rt, sig, f) {
  const lifts = sig.params.map((t) => iLiftOut(rt, t, false));
  const flats = flat(sig.result, true);
  const callHost = iCallHost(rt, sig.result);
  const multi = flats.length > 1;
  return function (...raws) {
    let k = multi ? 1 : 0;
    const next = () => raws[k++];
    const args = lifts.map((lift) => lift(next));
    const out = callHost(() => f(...args));
    if (!multi) return out[0];
    out.forEach((v, j) => rt[SLOT_WRITE[flats[j]]](raws[0] + 8 * j, v));
  };
}

function iThunk(rt, sig) {
  const lifts = sig.params.map((t) => iLiftOut(rt, t, false));
  const pflats = sig.params.flatMap((t) => flat(t, false));
  const rflats = flat(sig.result, true);
  const callHost = iCallHost(rt, sig.result);
  return function (f, ap, rp) {
    let k = 0;
    const next = () => rt[SLOT_READ[pflats[k]]](ap + 8 * k++);
    const args = lifts.map((lift) => lift(next));
    callHost(() => f(...args)).forEach((v, j) => rt[SLOT_WRITE[rflats[j]]](rp + 8 * j, v));
  };
}

/** Whether `new Function` works here (a CSP without `unsafe-eval` forbids it). */
function canGenerate() {
  try {
    return new Function("return 1")() === 1;
  } catch {
    return false;
  }
}

// ---- The runtime of one instance.

const BUILTIN_PREDICATES = {
  array: Array.isArray,
  null: (v) => v === null,
  undefined: (v) => v === undefined,
  nullish: (v) => v == null,
};

/** A Rust `Err` thrown to JS (its `value` is the lifted error) when the value is not an `Error`. */
export class RustError extends Error {
  constructor(value) {
    super(typeof value === "string" ? value : String(value));
    this.name = "RustError";
    this.value = value;
  }
}

function createRuntime(options, table = new HandleTable()) {
  const T = table;
  const Q = [];
  const S = { qn: 0, qi: 0 };
  // The module's scratch area (announced by its first take_str/take_bytes): short export
  // arguments are written there before the call, a stack popped when the call returns.
  const SC = { base: 0, size: 0, top: 0 };
  const FLAG = 0x80000000;
  const encoder = new TextEncoder();
  let memory = null, shared = false;
  let u8 = new Uint8Array(0), dv = new DataView(u8.buffer);
  const refresh = () => {
    u8 = new Uint8Array(memory.buffer);
    dv = new DataView(memory.buffer);
  };
  const view = (end) => (u8.length < end ? (refresh(), u8) : u8);
  const data = (end) => (u8.length < end ? (refresh(), dv) : dv);
  const tests = new Map();
  const testsByPtr = new Map();
  const thunks = new Map();
  const classes = options.classes ?? {};
  const predicates = options.predicates ?? {};

  const rt = {
    T, Q, S, SC,
    putStr(s) {
      const n = s.length;
      if (SC.base !== 0 && n <= 0x7fff && n <= SC.size - SC.top) {
        const start = SC.base + SC.top, end = SC.base + SC.size;
        const a = view(end);
        let i = 0;
        for (; i < n; i++) {
          const c = s.charCodeAt(i);
          if (c > 127) break;
          a[start + i] = c;
        }
        let len = i;
        if (i < n) {
          const r = encoder.encodeInto(s.slice(i), a.subarray(start + i, end));
          len = i + r.written;
          if (i + r.read < n || len > 0x7fff) len = -1;
        }
        if (len >= 0) {
          const raw = FLAG | (SC.top << 15) | len;
          SC.top += len;
          return raw;
        }
      }
      Q[S.qn++] = s;
      return n;
    },
    putBytes(b) {
      const n = b.length;
      if (SC.base !== 0 && n <= 0x7fff && n <= SC.size - SC.top) {
        view(SC.base + SC.size).set(b, SC.base + SC.top);
        const raw = FLAG | (SC.top << 15) | n;
        SC.top += n;
        return raw;
      }
      Q[S.qn++] = b;
      return n;
    },
    setMemory(m) {
      memory = m;
      shared = typeof SharedArrayBuffer !== "undefined" && m.buffer instanceof SharedArrayBuffer;
      refresh();
    },
    str(p, len) {
      const a = view(p + len);
      if (len < 24) {
        let s = "";
        for (let i = 0; i < len; i++) {
          const c = a[p + i];
          if (c > 127) return utf8.decode(shared ? a.slice(p, p + len) : a.subarray(p, p + len));
          s += String.fromCharCode(c);
        }
        return s;
      }
      return utf8.decode(shared ? a.slice(p, p + len) : a.subarray(p, p + len));
    },
    bytesOut: (p, len) => view(p + len).slice(p, p + len),
    bytesIn(v, where) {
      if (v instanceof Uint8Array) return v;
      if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (v instanceof ArrayBuffer) return new Uint8Array(v);
      if (Array.isArray(v)) return Uint8Array.from(v);
      rt.bad(where, "a Uint8Array, ArrayBuffer or array of bytes", v);
    },
    charIn(v, where) {
      if (typeof v === "string") {
        const c = v.codePointAt(0);
        if (c !== undefined && v.length === (c > 0xffff ? 2 : 1) && (c < 0xd800 || c > 0xdfff)) return c;
      }
      rt.bad(where, "a string of one character", v);
    },
    big(v, where) {
      if (typeof v === "bigint") return v;
      if (Number.isInteger(v)) return BigInt(v);
      rt.bad(where, "a BigInt (or an integral number)", v);
    },
    bad(where, expected, v) {
      throw new TypeError(`${where} must be ${expected}, got ${describe(v)}`);
    },
    fail(e) {
      throw e instanceof Error ? e : new RustError(e);
    },
    r32: (p) => data(p + 4).getInt32(p, true),
    r64: (p) => data(p + 8).getBigInt64(p, true),
    rf32: (p) => data(p + 4).getFloat32(p, true),
    rf64: (p) => data(p + 8).getFloat64(p, true),
    w32: (p, v) => data(p + 4).setInt32(p, v, true),
    w64: (p, v) => data(p + 8).setBigInt64(p, v, true),
    wf32: (p, v) => data(p + 4).setFloat32(p, v, true),
    wf64: (p, v) => data(p + 8).setFloat64(p, v, true),
    typeTest(test) {
      const key = test.kind + ":" + test.name;
      let f = tests.get(key);
      if (f) return f;
      const name = test.name;
      if (test.kind === 0) f = () => true;
      else if (test.kind === 2) f = (v) => typeof v === name;
      else if (test.kind === 1) {
        let C = null;
        f = (v) => {
          if (C === null) {
            C = classes[name] ?? globalThis[name];
            if (typeof C !== "function") {
              C = null;
              throw new TypeError(`wasmrust: class ${name} is not defined here; pass it as instantiate(.., { classes: { ${name} } })`);
            }
          }
          return v instanceof C;
        };
      } else {
        let p = null;
        f = (v) => {
          if (p === null) {
            p = predicates[name] ?? BUILTIN_PREDICATES[name] ?? null;
            if (p === null) throw new TypeError(`wasmrust: predicate ${name} is not defined; pass it as instantiate(.., { predicates: { ${name}: (v) => ... } })`);
          }
          return !!p(v);
        };
      }
      tests.set(key, f);
      return f;
    },
  };

  // What `wasm` itself imports (module `__wasmrust`).
  rt.imports = {
    clone: (h) => T.insert(T.get(h)),
    release(p, n) {
      const d = data(p + 4 * n);
      let first = null;
      for (let k = 0; k < n; k++) {
        try {
          T.release(d.getUint32(p + 4 * k, true));
        } catch (e) {
          first ??= e;
        }
      }
      if (first) throw first;
    },
    test(h, kind, p, len) {
      const key = p * 4 + kind;
      let f = testsByPtr.get(key);
      if (!f) testsByPtr.set(key, (f = rt.typeTest({ kind, name: rt.str(p, len) })));
      return f(T.get(h)) ? 1 : 0;
    },
    trap(p, len) {
      throw new WebAssembly.RuntimeError(rt.str(p, len));
    },
    take_str(p, cap, scratch, size) {
      if (SC.base === 0 && scratch !== 0) Object.assign(SC, { base: scratch, size, top: 0 });
      const s = Q[S.qi];
      Q[S.qi++] = undefined;
      const a = view(p + cap);
      const n = s.length;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 127) break;
        a[p + i] = c;
      }
      if (i === n) return n;
      return i + encoder.encodeInto(s.slice(i), a.subarray(p + i, p + cap)).written;
    },
    take_bytes(p, cap, scratch, size) {
      if (SC.base === 0 && scratch !== 0) Object.assign(SC, { base: scratch, size, top: 0 });
      const b = Q[S.qi];
      Q[S.qi++] = undefined;
      view(p + cap).set(b.length > cap ? b.subarray(0, cap) : b, p);
    },
    call(f, sig, ap, rp) {
      let thunk = thunks.get(sig);
      if (!thunk) {
        const a = view(sig + 256);
        const r = new Reader(a.slice(sig + 1, sig + 1 + a[sig]));
        const parsed = signature(r);
        thunks.set(sig, (thunk = rt.codegen ? callThunk(rt, parsed) : iThunk(rt, parsed)));
      }
      thunk(T.get(f), ap, rp);
    },
  };
  return rt;
}

// ---- Instantiation.

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  source = await source;
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (WebAssembly.compileStreaming && source.headers.get("Content-Type") === "application/wasm") {
      return WebAssembly.compileStreaming(source);
    }
    return WebAssembly.compile(await source.arrayBuffer());
  }
  return WebAssembly.compile(source);
}

function link(module, options) {
  const sigs = readSignatures(module);
  const rt = createRuntime(options, options.table);
  rt.codegen = options.codegen ?? canGenerate();
  const wrapImport = rt.codegen ? importWrapper : iImport;
  const wrapExport = rt.codegen ? exportWrapper : iExport;
  const user = options.imports ?? {};
  const described = new Map(sigs.imports.map((s) => [`${s.module}\0${s.name}`, s]));
  const imports = {};
  let importedMemory = null;
  for (const imp of WebAssembly.Module.imports(module)) {
    const ns = (imports[imp.module] ??= {});
    if (imp.module === "__wasmrust") {
      const f = rt.imports[imp.name];
      if (!f) throw new Error(`wasmrust: the module needs runtime function __wasmrust.${imp.name}, which this wasmrust.mjs does not provide: load the wasmrust.mjs that ships with the \`wasm\` crate version the module was built with`);
      ns[imp.name] = f;
      continue;
    }
    const given = user[imp.module]?.[imp.name];
    if (given === undefined) throw new Error(`wasmrust: missing host import ${imp.module}.${imp.name}: pass it as instantiate(.., { imports: { ${JSON.stringify(imp.module)}: { ${imp.name}: ... } } })`);
    const sig = described.get(`${imp.module}\0${imp.name}`);
    if (imp.kind === "memory") importedMemory = given;
    ns[imp.name] = sig && imp.kind === "function" ? wrapImport(rt, sig, given) : given;
  }
  const finish = (instance) => {
    const memory = importedMemory ?? instance.exports.memory;
    if (memory) rt.setMemory(memory);
    const exports = { ...instance.exports };
    for (const sig of sigs.exports) {
      const raw = instance.exports[sig.name];
      if (typeof raw === "function") exports[sig.name] = wrapExport(rt, sig, raw);
    }
    return { instance, module, exports, table: rt.T, signatures: sigs };
  };
  return { imports, finish };
}

/**
 * Compiles and instantiates a WasmRust module.
 *
 * `source`: bytes (ArrayBuffer, typed array), a `Response` (or a promise of one, e.g. `fetch(url)`),
 * or a compiled `WebAssembly.Module`. `options`:
 * - `imports`: `{ module: { name: value } }`, the host functions of `#[wasm::import(module = ...)]`
 *   blocks (and any other import of the module);
 * - `classes`: `{ Name: Class }` for `instanceof "Name"` tests not on `globalThis`;
 * - `predicates`: `{ name: (value) => boolean }` for `predicate "name"` tests;
 * - `table`: a `HandleTable` to share between instances of one realm (default: a new one);
 * - `codegen`: `false` to build the typed functions without `new Function` (slower; chosen by
 *   itself where a Content Security Policy forbids `unsafe-eval`).
 *
 * Returns `{ exports, instance, module, table, signatures }`: `exports` has a typed function per
 * `#[wasm::export]` and the module's other exports as they are.
 */
export async function instantiate(source, options = {}) {
  const module = await compile(source);
  const { imports, finish } = link(module, options);
  return finish(await WebAssembly.instantiate(module, imports));
}

/** `instantiate` for bytes or a compiled module, synchronously. */
export function instantiateSync(source, options = {}) {
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  const { imports, finish } = link(module, options);
  return finish(new WebAssembly.Instance(module, imports));
}

// ---- wasm-bindgen interop (`wasm` feature `wasm-bindgen`): wasm-bindgen loads this file as a
// snippet and the module's references live in this table.

const bindgen = { table: new HandleTable(), rt: null };
const bindgenRt = () => (bindgen.rt ??= createRuntime({}, bindgen.table));

/** The reference table of wasm-bindgen modules built with the `wasm-bindgen` feature. */
export const bindgenTable = bindgen.table;
export const bindgenClone = (h) => bindgen.table.insert(bindgen.table.get(h));
export const bindgenGet = (h) => bindgen.table.get(h);
export const bindgenPut = (v) => bindgen.table.insert(v);
export function bindgenRelease(handles) {
  let first = null;
  for (const h of handles) {
    try {
      bindgen.table.release(h);
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}
export const bindgenTest = (h, kind, name) => bindgenRt().typeTest({ kind, name })(bindgen.table.get(h));
export function bindgenTrap(message) {
  throw new WebAssembly.RuntimeError(message);
}
