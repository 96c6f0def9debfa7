// wasmrust.mjs: the JS host of WasmRust modules (Node and browsers, no bundler, no build step).
//
//   import { instantiate } from "./wasmrust.mjs";
//   const { exports, table } = await instantiate(bytes, { imports: { console: { log: console.log } } });
//
// A module built with `#[wasm::export]` / `#[wasm::import]` records every signature in its
// `wasmrust` custom section; this module reads them and builds typed JS functions at
// instantiation: exports that take and return JS values, and wrappers around the host functions
// the module imports. Host objects reach wasm through a generation-checked reference table.
// Format and rules: docs/js-host.md in the WasmRust repository. The other files of this folder
// are its parts: table.mjs (the reference table and type tests; also wasm-bindgen's snippet),
// signatures.mjs (the records), codegen.mjs and closures.mjs (the typed wrappers, generated or
// as closures).

import { HandleTable, makeTypeTest } from "./table.mjs";
import { FORMAT_VERSION, Reader, readSignatures, signature, describe, utf8 } from "./signatures.mjs";
import { exportWrapper, importWrapper, callThunk } from "./codegen.mjs";
import { iExport, iImport, iThunk, canGenerate } from "./closures.mjs";

export { HandleError, HandleTable } from "./table.mjs";
export { FORMAT_VERSION, readSignatures };

// ---- The runtime of one instance.

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
      if (!f) tests.set(key, (f = makeTypeTest(test, classes, predicates)));
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
