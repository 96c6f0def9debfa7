// wasmrust.mjs: loads WasmRust modules in Node and browsers (no bundler, no build step).
//
//   import { instantiate } from "./wasmrust.mjs";
//   const { exports } = await instantiate(fetch("app.wasm"), { imports: { console: { log: console.log } } });
//
// `#[wasm::export]` / `#[wasm::import]` record each signature in the module's `wasmrust` custom
// section, from which typed JS functions are generated at instantiation. This file handles
// exports of numbers and bool; a module that needs more loads the parts beside it: gen.mjs
// (imports, and what the others build on), bind.mjs (imports bound to JS by name), text.mjs (strings, bytes), slices.mjs (typed
// slices), refs.mjs + table.mjs
// (references), more.mjs (char, 64-bit integers, Option, Result), call.mjs (`FuncRef::call`),
// rustfn.mjs (`wasm::Closure`: Rust closures as JS functions),
// closures.mjs (no `new Function`, for a strict CSP), start.mjs (a start function). See docs/js-host.md.

/** The record format this file reads (`wasm::abi::desc::FORMAT_VERSION`). Formats 1 to 3 (the
 * `wasm` crate's development before format 4, never released) are refused with the version error:
 * the runtime ships in the crate with the macros that write the records, so a module built with
 * this crate holds format 4. */
export const FORMAT_VERSION = 4;

/** A class member's raw export: `Class.function` (crates/wasm-macros/src/export_class.rs). */
export const memberExport = (cls, function_) => `${cls}.${function_}`;

/** Whether a raw export is the runtime's own (`__wasmrust*`) or a class member's (the class's),
 * not one of the module's other exports (`begin`, emit.mjs, dts.mjs). */
export const runtimeOwned = (sigs) => {
  const members = new Set(sigs?.members.map((m) => m.raw));
  return (name) => name.startsWith("__wasmrust") || members.has(name);
};

/** A Rust `Err` thrown to JS (`value`: the lifted error) when the value is not an `Error`. */
export class RustError extends Error {
  constructor(value) {
    super(typeof value === "string" ? value : String(value));
    this.name = "RustError";
    this.value = value;
  }
}

/** Matches the errors of the reference table (table.mjs) without loading it. */
export class HandleError extends Error {
  static [Symbol.hasInstance](e) {
    return e instanceof Error && e.name === "HandleError";
  }
}

const utf8 = new TextDecoder();
const fail = (message) => {
  throw new Error(message);
};

/** Reads records from bytes `b` (dts.mjs reads the name records with it too). */
export function reader(b) {
  const r = {
    at: 0,
    u8: () => (r.at < b.length ? b[r.at++] : fail("wasmrust: truncated signature record")),
    leb() {
      let n = 0, s = 0, x;
      do n += ((x = r.u8()) & 127) * 2 ** s, s += 7;
      while (x & 128);
      return n;
    },
    text: (n) => utf8.decode(b.subarray(r.at, (r.at += n))),
    type(depth = 0) {
      // Bounded, so a forged record is an error rather than a stack overflow.
      if (depth > 32) fail("wasmrust: types nested deeper than 32 in a signature record");
      const c = r.u8();
      if (c === 18 || c === 19) {
        const kind = r.u8(); // references: the type test
        return { c, test: { kind, name: kind ? r.text(r.u8()) : "" } };
      }
      if (c === 20 || c === 21) return { c: c - 4, borrowed: true }; // &str, &[u8]: as String, Vec<u8>
      if (c === 22) return { c, inner: r.type(depth + 1) };
      // An async export's result: a reference to a Promise (as which it crosses), resolving to `promise`.
      if (c === 37) return { c: 18, test: { kind: 1, name: "Promise" }, promise: r.type(depth + 1) };
      // A typed FuncRef (owned, lent): a function reference with its signature, which only the
      // TypeScript declarations read (dts.mjs).
      if (c === 38 || c === 39) return { c: c - 20, test: { kind: 2, name: "function" }, sig: r.sig(depth + 1) };
      if (c === 23) return { c, ok: r.type(depth + 1), err: r.type(depth + 1) };
      if (c >= 28 && c <= 30) return { c, cls: r.text(r.u8()) }; // exported classes: the name
      if (c >= 31 && c <= 33) { // exported records, enums, variants: name, then fields / cases
        const t = { c, name: r.text(r.u8()) }, n = r.u8(), name = () => r.text(r.u8());
        if (c === 31) t.fields = Array.from({ length: n }, () => ({ name: name(), t: r.type(depth + 1) }));
        if (c === 32) t.cases = Array.from({ length: n }, name);
        if (c === 33) t.cases = Array.from({ length: n }, () => ({ name: name(), t: r.u8() ? r.type(depth + 1) : null }));
        return t;
      }
      if (c === 34) return { c, inner: r.type(depth + 1) }; // Vec<T> inside an exported type, Vec<String>, Vec<ExternRef<T>>
      if (c === 35 || c === 36) return { c: 17, borrowed: c === 36, clamped: true }; // Clamped<Vec<u8>>, Clamped<&[u8]>: bytes
      if (c >= 24 && c <= 27) {
        const elem = r.u8(); // typed slices and Vec<T>: the element's code, u8 ..= f64
        return elem >= 3 && elem <= 12 ? { c, elem } : fail(`wasmrust: unknown slice element code ${elem} in a signature record`);
      }
      return c < 13 || c === 16 || c === 17 ? { c } : fail(`wasmrust: unknown type code ${c} in a signature record`);
    },
    sig(depth = 0) {
      const params = [];
      for (let n = r.u8(); n > 0; n--) params.push(r.type(depth));
      return { params, result: r.type(depth) };
    },
  };
  return r;
}

/** The signatures recorded in a compiled module: `{ exports: [...], imports: [...], members: [...] }`
 * (`members`: of exported classes, `{ raw, cls, name, role, params, result }`). */
export function readSignatures(module) {
  const out = { exports: [], imports: [], members: [] };
  for (const section of WebAssembly.Module.customSections(module, "wasmrust")) {
    const r = reader(new Uint8Array(section));
    while (r.at < section.byteLength) {
      const version = r.u8(), end = r.leb() + r.at, kind = r.u8();
      if (version !== FORMAT_VERSION) fail(`wasmrust: the module's signature records use format ${version}, but this wasmrust.mjs reads format ${FORMAT_VERSION}: load the wasmrust.mjs that ships with the \`wasm\` crate version the module was built with (crates/wasm/js/), or rebuild the module with this one`);
      if (kind === 0) out.exports.push({ name: r.text(r.leb()), ...r.sig() });
      if (kind === 1) out.imports.push({ module: r.text(r.leb()), name: r.text(r.leb()), ...r.sig() });
      if (kind === 4) {
        // A class's members in one record (desc.rs RECORD_CLASS); the class itself is
        // written with an empty name, a receiver in the role's high bits, a constructor's
        // result not at all (role 6, a constructor returning `Result<Self, E>`: written, and read
        // as a constructor's, which throws the `Err`), and `free` is implied.
        const cls = r.text(r.leb()), me = (t) => (t.cls === "" ? { ...t, cls } : t), m = (own, name, role, params, result) =>
          out.members.push({ raw: memberExport(cls, own || name), cls, name, role, params: params.map(me), result: me(result) });
        for (let n = r.u8(); n > 0; n--) {
          const own = r.text(r.leb()), name = r.text(r.leb()) || "constructor", b = r.u8(), role = b & 15, params = b >> 4 ? [{ c: 27 + (b >> 4), cls }] : [];
          for (let k = r.u8(); k > 0; k--) params.push(r.type());
          m(own, name, role === 6 ? 1 : role, params, role === 1 ? { c: 28, cls } : r.type());
        }
        m("", "free", 5, [], { c: 0 });
      }
      r.at = end; // record kinds this version does not know are skipped
    }
  }
  return out;
}

// Types this file converts: numbers (not 64-bit integers), bool, ().
const plain = (t) => t.c < 13 && t.c !== 2 && t.c !== 9 && t.c !== 10;

/** The abandon guard, the one source of its code: an exception escaping the outermost call into
 * the module abandoned its wasm frames, so the module is told (`ab`) before it goes on. The call
 * is the outermost when no host call is under way (`H.n`, counted around the host code imports
 * run: a call made from one is nested in the call that made the import call). An exception
 * escaping a nested call (which host code may catch) marks `H.x`: the outermost call's return
 * then ends what it abandoned. Generated functions inline the text `guardParts` gives
 * (`rt.inlineGuard`, emit.mjs's small files) or call `rt.thrown` / `rt.after` (`runtime` below:
 * the same steps, out of line); calls made without code generation go through `rt.enter`.
 *
 * Functions generated when the module loads (`rt.lazy`) skip the check after the call: the
 * raw exports they call are bound to variables (gen.mjs `made`) which, while a nested call's
 * abandoned frames wait to be ended, point at a wrapper instead; the first call into the module once no
 * host call is under way then ends them before it runs (`rt.settle`), as the outermost call's
 * return would have. So on their hot path the guard costs only the `try` (free in V8's
 * optimized code while nothing throws): a read of `H.x` after each call cost ~1.3 ns of a
 * ~12 ns closure call (docs/benchmarks.md). Files emit.mjs writes ahead of time keep the check.
 *
 * `promise`: an async export returns a rejected promise instead (a panic in its task's first
 * poll, which runs inside the call (task/promise.rs), rejects as a later poll's does). `inside`:
 * the name of a variable telling whether the exception came from the module (else it came from
 * lowering or lifting, and ends nothing). Returns `{ caught, after }`: the statements of the
 * `catch (e)` (they throw or return) and those after the call returned. */
function guardParts(rt, promise = false, inside = null) {
  const out = (e) => (promise ? `return Promise.reject(${e});` : `throw ${e};`);
  if (!rt.ab && !promise) return { caught: "throw P(e);", after: "" };
  const fromModule = !rt.ab ? out("P(e)") : rt.inlineGuard ? `if (H.n === 0) ab(); else H.x = 1; ${out("P(e)")}` : out("thrown(e)");
  return {
    caught: inside ? `if (${inside}) { ${fromModule} } throw P(e);` : fromModule,
    after: !rt.ab || rt.lazy ? "" : rt.inlineGuard ? "if (H.x === 1 && H.n === 0) { H.x = 0; ab(); }" : "if (H.x) after();",
  };
}

/** The guarded call of `raw` in a generated function (see `guardParts`); the result is in `c`.
 * The function binds `guardDeps`. */
function guard(rt, raw, args, promise = false) {
  if (!rt.ab && !promise) return `const c = ${raw}(${args});`;
  const { caught, after } = guardParts(rt, promise);
  return `let c; try { c = ${raw}(${args}); } catch (e) { ${caught} }${after ? " " + after : ""}`;
}

/** The runtime values the guard's text names, by name, for a generated function's bindings. */
const guardDeps = (rt) => [[rt.ab, "ab"], [rt.H, "H"], [rt.P, "P"], [rt.thrown, "thrown"], [rt.after, "after"]];

/** The typed JS function of an export whose types are all plain. */
export function plainExport(rt, sig, raw) {
  const args = sig.params.map((_, i) => "a" + i), c = sig.result.c;
  const lowered = sig.params.map((t, i) => (t.c === 1 ? `a${i} ? 1 : 0` : args[i])); // the JS API converts numbers
  const src = `"use strict"; return function $${sig.name.replace(/\W/g, "_")}(${args}) { ${guard(rt, "raw", lowered)} return ${c === 1 ? "c !== 0" : c === 7 ? "c >>> 0" : c ? "c" : "undefined"}; };`;
  const deps = [[raw, "raw"], ...guardDeps(rt)];
  if (rt.emit) return rt.emit(new Map(deps), src); // emit.mjs: the source
  if (rt.lazy) return rt.api.parts.gen.made(rt, deps, src);
  return new Function(...deps.map(([, n]) => n), src)(...deps.map(([v]) => v));
}

// ---- Parts, loaded when a module needs them (by `instantiate` / `prepare`).

const load = {
  gen: () => import("./gen.mjs"),
  bind: () => import("./bind.mjs"),
  more: () => import("./more.mjs"),
  text: () => import("./text.mjs"),
  slices: () => import("./slices.mjs"),
  refs: () => import("./refs.mjs"),
  call: () => import("./call.mjs"),
  closures: () => import("./closures.mjs"),
  rustfn: () => import("./rustfn.mjs"),
  classes: () => import("./classes.mjs"),
  start: () => import("./start.mjs"),
  values: () => import("./values.mjs"),
};
const parts = {};
// What parts build on: they never import this file (a copy loaded under another URL would have
// parts of its own).
export const api = { reader, guard, guardParts, guardDeps, plain, parts, RustError };

/** The records of what `module` imports and exports: those of imports it does not import
 * (declared in a dependency, never called) and of exports it does not export (a dependency's,
 * not linked in) load no part and go into no emitted file. */
export function linkedSignatures(module, sigs) {
  const imported = new Set(WebAssembly.Module.imports(module).map((i) => i.module + "\0" + i.name));
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  return {
    exports: sigs.exports.filter((s) => exported.has(s.name)),
    imports: sigs.imports.filter((s) => imported.has(s.module + "\0" + s.name)),
    members: sigs.members.filter((m) => exported.has(m.raw)),
  };
}

export function needs(module, sigs, codegen) {
  const want = new Set(codegen ? [] : ["closures", "more"]);
  const visit = (t) => {
    if ((t.c < 13 && !plain(t)) || t.c === 22 || t.c === 23) want.add("more");
    if (t.c === 16 || t.c === 17) want.add("text");
    if (t.c >= 24 && t.c <= 27) want.add("slices");
    if (t.c >= 28 && t.c <= 30) want.add("classes"); // only in exports (wasm-macros abi/classify.rs): gen.mjs reads a result of two values
    if (t.c === 18 || t.c === 19) want.add("refs");
    if (t.c >= 31 && t.c <= 34) want.add("values").add("text").add("more");
    for (const u of [t.inner, t.ok, t.err, t.promise, ...(t.fields ?? []).map((f) => f.t), ...(t.cases ?? []).map((c) => c.t)]) if (u?.c !== undefined) visit(u);
  };
  const imports = WebAssembly.Module.imports(module), linked = linkedSignatures(module, sigs);
  for (const s of [...linked.exports, ...linked.members, ...linked.imports]) [...s.params, s.result].forEach(visit);
  if (linked.members.length) want.add("classes");
  if (imports.length) want.add("gen"); // gen.mjs links imports
  for (const i of imports) {
    if (i.module === "__wasmrust_js") want.add("bind");
    if (i.module !== "__wasmrust") continue;
    if (i.name.startsWith("take_")) want.add("text");
    if (i.name.startsWith("slice_")) want.add("slices");
    if (/^(clone|release|test|call|pin|describe)$/.test(i.name)) want.add("refs");
    if (i.name === "call") want.add("call").add("more");
    if (i.name === "class_error") want.add("classes");
    if (i.name === "fn_new" || i.name.startsWith("promise_")) want.add("rustfn").add("more").add("refs");
    if (i.name.startsWith("promise_")) want.add("call"); // call.mjs lifts and lowers promise values
  }
  if (want.size) want.add("gen");
  if (WebAssembly.Module.exports(module).some((e) => e.name === "__wasmrust_start")) want.add("start"); // a start function
  return [...want];
}

let generates;
/** Whether `new Function` works here (a CSP without `unsafe-eval` forbids it). */
function canGenerate() {
  try {
    generates ??= new Function("return 1")() === 1;
  } catch {
    generates = false;
  }
  return generates;
}

/** `source` (as `instantiate` takes it) compiled; a `Response` streamed where it is served as wasm. */
async function compile(source) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response !== "undefined" && source instanceof Response) {
    return WebAssembly.compileStreaming && source.headers.get("Content-Type") === "application/wasm" ? WebAssembly.compileStreaming(source) : WebAssembly.compile(await source.arrayBuffer());
  }
  return WebAssembly.compile(source);
}

/**
 * Compiles `source` (as `instantiate` takes it) and loads the parts of this runtime the module
 * needs; resolves to the `WebAssembly.Module`, for `instantiateSync`.
 */
export async function prepare(source, options = {}) {
  const module = await compile(source);
  const want = needs(module, readSignatures(module), options.codegen ?? canGenerate());
  const loaded = await Promise.all(want.map((n) => parts[n] ?? load[n]()));
  // In a fixed order: later parts build on earlier ones.
  for (const n of Object.keys(load)) if (want.includes(n)) parts[n] ??= loaded[want.indexOf(n)];
  return module;
}

/** The state the generated functions share (host calls under way, the panic message, calls
 * into the module); emit.mjs's files build it too. */
function runtime(sigs, codegen, given) {
  const H = { n: 0, x: 0 }; // host calls under way, a nested call abandoned (see `guard`)
  // `lazy`: the guards of functions generated from here on skip the check after the call (see
  // `guardParts`); gen.mjs `made` rebinds their raw calls, so only where gen.mjs is loaded.
  const rt = { codegen, H, ab: null, api: given, sigs, imports: {}, panic: null, lazy: !!given.parts?.gen };
  // What an export throws: the trap that ends a Rust panic becomes an `Error` with the panic's
  // message and location, when the module reported them (`wasm::report_panics`, through
  // `__wasmrust.panic` in gen.mjs) just before trapping.
  rt.P = (e) => {
    const m = rt.panic;
    if (m === null || !(e instanceof WebAssembly.RuntimeError)) return e;
    rt.panic = null;
    return new Error(m, { cause: e });
  };
  // Ends the calls an exception abandoned, once no host call is under way. `rt.rebound`: the
  // rebinding functions of generated functions (gen.mjs `made`), if any were made.
  rt.settle = () => {
    H.x = 0;
    rt.rebound?.forEach((f) => f(false));
    rt.ab?.();
  };
  // `guardParts` out of line: what an exception out of a call into the module does (`e`: what
  // the call throws then), and the check after a call returned once `H.x` is set.
  rt.thrown = (e) => {
    if (H.n === 0) rt.settle();
    else if (H.x === 0) {
      H.x = 1;
      rt.rebound?.forEach((f) => f(true));
    }
    return rt.P(e);
  };
  rt.after = () => {
    if (H.n === 0) rt.settle();
  };
  // (A statement of its own: emit.mjs drops it, with what it reads, from files that call no raw export through it.)
  rt.enter = (raw, args) => {
    if (H.x === 1 && H.n === 0) rt.settle(); // a generated function's call left them (`lazy` above)
    let v;
    try {
      v = raw(...args);
    } catch (e) {
      throw rt.thrown(e);
    }
    if (H.x) rt.after();
    return v;
  };
  // Runs host code for an import; a call into the module from it is nested.
  rt.host = (f, args) => {
    H.n++;
    try {
      return f(...args);
    } finally {
      H.n--;
    }
  };
  return rt;
}

/** Takes the instance's exports: the module's other exports, raw ones wrapped to end abandoned calls. */
function begin(rt, x) {
  rt.memory ??= x.memory;
  rt.rawExports = x;
  if (x.__wasmrust_fn_call_i32) rt.ab = abandoner(x.__wasmrust_fn_call_i32, x.__stack_pointer);
  const exports = {}, owned = runtimeOwned(rt.sigs);
  for (const [name, value] of Object.entries(x)) {
    if (owned(name)) continue;
    exports[name] = typeof value === "function" && rt.ab ? (...args) => rt.enter(value, args) : value;
  }
  return exports;
}

function link(module, options) {
  const sigs = readSignatures(module), codegen = options.codegen ?? canGenerate();
  const missing = needs(module, sigs, codegen).filter((n) => !parts[n]);
  if (missing.length) fail(`wasmrust: the module needs ${missing.map((n) => n + ".mjs")} (beside wasmrust.mjs), not loaded yet: \`await prepare(source)\` before instantiateSync`);
  const rt = runtime(sigs, codegen, api);
  for (const p of Object.values(parts)) p.setup?.(rt, options);
  const imports = parts.gen?.link(rt, module, options) ?? {};
  const finish = (instance) => {
    const x = instance.exports, exports = begin(rt, x);
    for (const sig of sigs.exports) {
      const raw = x[sig.name], all = [...sig.params, sig.result].every(plain);
      if (typeof raw !== "function") continue; // a record without its export (see `needs`)
      exports[sig.name] = (!codegen ? parts.closures.iExport : all ? plainExport : parts.gen.exportWrapper)(rt, sig, raw);
    }
    if (sigs.members.some((m) => typeof x[m.raw] === "function")) parts.classes.build(rt, sigs, x, exports, (sig, raw) => (codegen ? parts.gen.exportWrapper : parts.closures.iExport)(rt, sig, raw));
    return { instance, module, exports, table: rt.T, signatures: sigs };
  };
  return { imports, finish };
}

/**
 * What ends a call an exception abandoned: the module's abandon hook (per-call hooks, scratch
 * arena, call depth; `__wasmrust_fn_call_i32` called with no arguments: entry 0) and, if the
 * module exports its shadow-stack pointer (`-C link-arg=--export=__stack_pointer`), the
 * pointer's value between calls.
 */
function abandoner(end, sp) {
  const top = sp instanceof WebAssembly.Global ? sp.value : null;
  return () => {
    if (top !== null) sp.value = top;
    end();
  };
}

/**
 * Compiles and instantiates a WasmRust module. `source`: bytes, a `Response` (or a promise of
 * one, e.g. `fetch(url)`), or a `WebAssembly.Module`. `options`: `imports`
 * (`{ module: { name: value } }`), `classes` and `predicates` (for type tests), `table` (a
 * `HandleTable` to share), `codegen` (`false`: no `new Function`). Returns
 * `{ exports, instance, module, table, signatures }`. Details: docs/js-host.md.
 */
export async function instantiate(source, options = {}) {
  const module = await prepare(source, options);
  const { imports, finish } = link(module, options), result = finish(await WebAssembly.instantiate(module, imports));
  return parts.start?.started(result, false) ?? result;
}

/** `instantiate` for bytes or a compiled module, synchronously, once `prepare` loaded its parts. */
export function instantiateSync(source, options = {}) {
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  const { imports, finish } = link(module, options), result = finish(new WebAssembly.Instance(module, imports));
  return parts.start?.started(result, true) ?? result;
}
