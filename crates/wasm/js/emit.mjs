#!/usr/bin/env node
// emit.mjs: the optional ahead-of-time step. Writes one ES module of JS glue for one WasmRust
// module, holding only what that module uses:
//
//   node crates/wasm/js/emit.mjs app.wasm -o app.js
//
// It reads the module's `wasmrust` section as wasmrust.mjs does at instantiation and runs the
// same generators (gen.mjs and the parts) with a symbolic runtime: what a generated function
// closes over is named by the expression that finds it in the emitted file (`rt.putStr`), so
// the functions come out as source. The emitted file keeps, of this folder's files, only the
// top-level declarations those functions and the runtime imports reach, and of the runtime object
// only the members something reads, at the file's top level, with the members only `link` uses
// as its variables (shake.mjs). It exports `instantiate`, `instantiateSync`,
// `prepare` and `FORMAT_VERSION` with the runtime path's API (less `signatures`), and
// `RustError` / `HandleError` where the module can meet them (docs/js-host.md, "Ahead of time").
// The signatures of closures, `FuncRef::call` and promise values reach JS by address when the
// module runs; the module's data holds them behind a marker (wasm::abi::desc::Marked), so the
// file gets one function per marked signature, looked up by its bytes (`markedSignatures`).
// The codecs of exported records and enums are made when the file loads, from their types. A
// function closing over a value with no expression in the file (none today) falls back to the
// generator shipped in the file, with every part whole, as on the runtime path.

import { readFile, writeFile } from "node:fs/promises";
import { api, linkedSignatures, needs, plainExport, reader, readSignatures, memberExport, runtimeOwned, FORMAT_VERSION } from "./wasmrust.mjs";
import { identifiers, initialized, localized, oneScope, pruneMembers, renamed, runtimeUses, setsRuntime, shake, patched, terse, unmet, PATCHES } from "./shake.mjs";

// The parts, in the order the runtime sets them up (later ones build on earlier ones).
const ORDER = ["gen", "bind", "more", "text", "slices", "refs", "call", "closures", "rustfn", "classes", "values"];
// Parts whose setup takes the functions written ahead of time (`make(sig)`, by marker use):
// call.mjs `thunks` (marker `C`), rustfn.mjs `functions` (marker `F`).
const AHEAD = { call: ["thunks", "C"], rustfn: ["functions", "F"] };
const here = new URL(".", import.meta.url);
// Runtime members that only make a call faster and stand in for another part's member of the same
// name: the emitted file keeps the plain one (text.mjs's `str`: ASCII decoded in JS; gen.mjs's
// decodes with TextDecoder).
// text.mjs's `write` (ASCII written in JS) stands in for TextEncoder's, which the file defines.
const SPEED_ONLY = { text: ["str", "write"] };
const PLAIN_WRITE = "rt.write = (s, a, at, end) => { const r = new TextEncoder().encodeInto(s, a.subarray(at, end)); return r.read < s.length ? -1 : r.written; };";
// Runtime functions the module imports that never run JS code of the host's (so never call into
// the module): errors, the panic message, strings and bytes copied from their queues. Not the
// slice copies: they call methods of the caller's typed arrays, which a subclass may override.
const QUIET_IMPORTS = ["class_error", "trap", "panic", "take_str", "take_bytes"];
// The names the guard's text (wasmrust.mjs `guardDeps`) gives the values it uses; the emitted file declares them.
const GUARD = api.guardDeps({}).map(([, n]) => n);
const q = JSON.stringify;
// Member roles (crates/wasm-macros/src/export_class.rs, classes.mjs).
const STATIC = 0, CONSTRUCTOR = 1, METHOD = 2, GETTER = 3, SETTER = 4, FREE = 5;

/** Whether an exported class's object is inside type `t`. */
const classIn = (t) => !!t && (t.cls !== undefined || [t.inner, t.ok, t.err, ...(t.fields ?? []).map((f) => f.t), ...(t.cases ?? []).map((c) => c.t)].some(classIn));

/** A value the generators closed over that has no expression in the emitted file. */
class NotStatic extends Error {}

// ---- The symbolic runtime: every value read from it is the expression that reads it.

const EXPR = Symbol("expression");
function symbols() {
  const cache = new Map();
  const sym = (expr) => {
    let p = cache.get(expr);
    if (!p)
      cache.set(expr, (p = new Proxy(function () {}, {
        get: (_, k) => (k === EXPR ? expr : typeof k === "symbol" ? undefined : sym(/^[A-Za-z_$][\w$]*$/.test(k) ? `${expr}.${k}` : `${expr}[${q(k)}]`)),
        // A call with a value that has no expression: fine while nothing uses the result, which
        // would be unreadable.
        apply: (_, __, args) => (args.every(expressible) ? sym(`${expr}(${args.map(literal)})`) : unreadable),
        set: () => true,
        defineProperty: () => true,
      })));
    return p;
  };
  return sym;
}
const unreadable = new Proxy(function () {}, { get: () => fail(new NotStatic()) });
const expressible = (v) => v === null || v?.[EXPR] !== undefined || (typeof v !== "function" && typeof v !== "symbol");
const literal = (v) => (v === null ? "null" : v?.[EXPR] ?? (typeof v === "function" || typeof v === "symbol" ? fail(new NotStatic()) : q(v)));
const fail = (e) => {
  throw e;
};

/** The runtime the generators see at emit time. */
function symbolicRuntime(meets, sym, sigs, parts, abandons, aliases, inline) {
  const names = new Map(); // expression -> name
  const base = {
    codegen: true,
    queueText: true, // strings and bytes into wasm through the queue (gen.mjs exportWrapper)
    api: { ...api, parts },
    sigs,
    imports: {},
    panic: null,
    H: sym("rt.H"),
    P: sym("rt.P"),
    ab: abandons ? sym("rt.ab") : null,
    // The guards inline `rt.thrown` and `rt.after` (wasmrust.mjs `guardParts`): repeated, their
    // text costs less after gzip than the two helpers and `rt.settle` (Game of Life: -33 bytes).
    inlineGuard: inline,
    lazy: false, // the file's functions check after each call (wasmrust.mjs `guardParts`)

    // A class's record is made when first used (classes.mjs `entry`), in the emitted file too,
    // and named there once (`$_classes_entry_rt_Universe.make`).
    classes: { get: (name) => sym(base.alias(sym(`$classes.entry(rt, ${q(name)})`))), set() {} },
    // Gen.dep: a runtime value is named once in the file, where the phase that first uses it
    // starts (`rt.str` when the imports are made, `rt.ab` once the instance exists).
    alias: (v) => {
      const expr = v?.[EXPR];
      if (expr === undefined || !/^(rt\.|\$)/.test(expr)) return undefined; // the function's own (`raw`, `f`)
      let n = names.get(expr);
      if (!n) {
        const taken = (n) => [...names.values()].includes(n) || [...ORDER, "table"].includes(n.slice(1)); // a part's scope is `$gen`
        for (n = "$" + expr.replace(/^rt\./, "").replace(/\W+/g, "_").replace(/_$/, "").slice(0, 40); taken(n); ) n += "_";
        names.set(expr, n);
        aliases[aliases.phase].push(`${n} = ${expr}`);
      }
      return n;
    },
    // values.mjs: a codec the file makes when it loads, by the expression `expr` (one holding a
    // class object takes classes.mjs's conversions from `rt.api`, which then has them).
    loaded: (expr, t) => ((aliases.classCodecs ||= classIn(t)), sym(expr)),
    // Gen.build / plainExport: the function's source; values it closes over that are not named in
    // the file (`raw`: the raw export) are bound around it. `ab`, `H`, `P` are the file's (`guard`).
    emit: (deps, src) => {
      const fn = terse(guardFor(meets, initialized(src.split("\n")).join("\n").replace(/^"use strict"; return /, "").replace(/;$/, ""))); // a module is strict
      const own = [...deps].filter(([v, n]) => !GUARD.includes(n) && !names.has(v?.[EXPR]) && literal(v) !== n);
      for (const n of deps.values()) if (GUARD.includes(n) && new RegExp(`\\b${n}\\b`).test(fn)) aliases.guard.add(n);
      return sym(own.length ? `((${own.map(([, n]) => n)}) => ${fn})(${own.map(([v]) => literal(v))})` : fn);
    },
  };
  return new Proxy(base, { get: (b, k) => (k in b ? b[k] : typeof k === "symbol" ? undefined : sym(`rt.${k}`)) });
}

/**
 * Generated source `fn` with its inline guards (wasmrust.mjs `guardParts`) cut to what the module
 * can meet (`meets`, from `whatModuleMeets`). Where it does not report panics, `rt.P` is the
 * identity: the guards throw what they caught as it is. Where its calls are never nested
 * (`unnested`), each is the outermost, which ends what an exception abandoned at once, and `H.x`
 * (a nested call abandoned) is never set, so never checked.
 */
function guardFor({ unnested, panics }, fn) {
  if (unnested) {
    const { caught, after } = api.guardParts({ ab: true, inlineGuard: true });
    // Every guard of `fn`, whole: no `H.x` is left (an Error where the guard's text changed).
    const nested = "if (H.n === 0) ab(); else H.x = 1; ";
    if (!caught.startsWith(nested + "throw ")) throw new Error(`the unnested guards: wasmrust.mjs guardParts's text changed (${caught}); update emit.mjs guardFor`);
    fn = patched(fn, { what: "the unnested guards", rules: [[nested, "ab(); ", null], [" " + after, "", null]], gone: /\bH\.x\b/ });
  }
  return panics ? fn : fn.replace(/\bP\(e\)/g, "e");
}

/**
 * What the module's imports let it meet, read once: `unnested`, it imports only runtime
 * functions that run no JS code of the host's (`QUIET_IMPORTS`), so no call into it is ever
 * nested in another; `panics`, it reports its panics' messages (`wasm::report_panics` imports
 * `__wasmrust.panic`); `predicates`, it asks for predicate type tests when it runs
 * (`__wasmrust.test`); `importsMemory`, its memory is the host's.
 */
function whatModuleMeets(module) {
  const imports = WebAssembly.Module.imports(module), runtime = (name) => imports.some((i) => i.module === "__wasmrust" && i.name === name);
  return {
    unnested: imports.every((i) => i.module === "__wasmrust" && QUIET_IMPORTS.includes(i.name)),
    panics: runtime("panic"),
    predicates: runtime("test"),
    importsMemory: imports.some((i) => i.kind === "memory"),
  };
}

/** The runtime functions (`__wasmrust.*`) the parts provide, from a setup on a scratch runtime. */
function provided(parts) {
  const rt = { imports: {}, api: { ...api, parts }, codegen: true, H: { n: 0, x: 0 } };
  for (const n of ORDER) parts[n]?.setup?.(rt, {});
  return rt.imports;
}

// ---- Signatures in the module's data.

/** The active data segments of wasm `bytes` with a constant offset: `[{ at, data }]`. */
function dataSegments(bytes) {
  const r = reader(bytes), out = [];
  r.at = 8;
  while (r.at < bytes.length) {
    const id = r.u8(), size = r.leb(), end = r.at + size;
    for (let n = id === 11 ? r.leb() : 0; n > 0; n--) {
      const flags = r.leb();
      let at = null;
      if (flags === 2) r.leb(); // the memory index
      if (flags !== 1) {
        // `i32.const N; end` (a signed LEB); anything else (`global.get`) has no fixed address.
        const op = r.u8();
        if (op === 0x41) {
          let s = 0, x;
          at = 0;
          do (x = r.u8()), (at |= (x & 127) << s), (s += 7);
          while (x & 128);
          at >>>= 0;
        } else if (op === 0x23) r.leb();
        else while (bytes[r.at] !== 0x0b) r.at++; // an extended constant expression: no address known
        r.at++; // `end`
      }
      const len = r.leb();
      if (at !== null) out.push({ at, data: bytes.subarray(r.at, r.at + len) });
      r.at += len;
    }
    r.at = end;
  }
  return out;
}

/** Whether the module's memory may be shared (a `SharedArrayBuffer`): an imported one may be,
 * a defined one is when its limits say so (flag 2). */
function sharedMemory(meets, bytes) {
  if (meets.importsMemory) return true;
  const r = reader(bytes);
  r.at = 8;
  while (r.at < bytes.length) {
    const id = r.u8(), size = r.leb(), end = r.at + size;
    if (id === 5 && r.leb() > 0) return (r.u8() & 2) !== 0;
    r.at = end;
  }
  return false;
}

/**
 * The marked signatures (wasm::abi::desc::Marked) in the module's data, once each: `[{ use, key,
 * sig }]`, `use` the marker's (`F` closures, `C` calls), `key` the use and the signature's bytes
 * as the emitted file looks them up. Segments are laid out at their addresses first (wasm-opt
 * drops runs of zeros between them). A false match only costs an unused function.
 */
function markedSignatures(bytes) {
  const segments = dataSegments(bytes).sort((a, b) => a.at - b.at), found = new Map();
  const scan = (m) => {
    for (let p = m.indexOf(0xfe); p >= 0 && p + 5 < m.length; p = m.indexOf(0xfe, p + 1)) {
      if (m[p + 1] !== 0x77 || m[p + 2] !== 0x72 || (m[p + 3] !== 0x46 && m[p + 3] !== 0x43)) continue; // "wr", then F or C
      const b = m.subarray(p + 5, p + 5 + m[p + 4]);
      try {
        const r = reader(b), sig = r.sig();
        const key = String.fromCharCode(m[p + 3]) + b;
        if (r.at === b.length && m[p + 4] === b.length) found.set(key, { use: key[0], key, sig });
      } catch {} // not a signature: a chance match
    }
  };
  // Runs of segments no more than 64 KiB apart, as one image each.
  for (let k = 0; k < segments.length; ) {
    let end = k + 1;
    while (end < segments.length && segments[end].at - (segments[end - 1].at + segments[end - 1].data.length) < 65536) end++;
    const base = segments[k].at, last = segments[end - 1], m = new Uint8Array(last.at + last.data.length - base);
    for (const s of segments.slice(k, end)) m.set(s.data, s.at - base);
    scan(m);
    k = end;
  }
  return [...found.values()];
}

// ---- The emitted file.

/**
 * The glue for the module in `bytes`, as the text of an ES module. `name`: the module's file
 * name, for messages. Throws an Error saying why a module cannot get glue.
 */
export async function emit(bytes, name = "the module", inline = true) {
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    throw new Error(`${name} is not a WebAssembly module: ${e.message}`);
  }
  if (WebAssembly.Module.customSections(module, "wasmrust").length === 0)
    throw new Error(`${name} has no \`wasmrust\` custom section: it was not built with the \`wasm\` crate's #[wasm::export] / #[wasm::import], or a tool stripped custom sections (keep the section, e.g. wasm-opt without --strip)`);
  let sigs;
  try {
    sigs = readSignatures(module);
  } catch (e) {
    throw new Error(`${name}: ${e.message.replace(/^wasmrust: /, "").replace("this wasmrust.mjs", "this emit.mjs").replace("load the wasmrust.mjs", "use the emit.mjs")}`);
  }
  // Only the records of what the module imports and exports: those of a dependency's unused
  // declarations (`wasm::web`'s bindings) would be dead weight in the file's SIGS.
  sigs = linkedSignatures(module, sigs);
  const want = needs(module, sigs, true);
  const parts = {};
  for (const n of ORDER) if (want.includes(n)) parts[n] = await import(new URL(`${n}.mjs`, here));
  const rawExports = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name));
  const aliases = { phase: "link", link: [], finish: [], guard: new Set() };
  let dynamic = false;
  // The inline guard sets `H.x` alone, which functions generated when the module loads would not
  // see (`made` in gen.mjs): a file with any keeps the out-of-line one (retried below).
  const meets = whatModuleMeets(module);
  const sym = symbols(), rt = symbolicRuntime(meets, sym, sigs, parts, rawExports.has("__wasmrust_fn_call_i32"), aliases, inline && !dynamic);
  // One generated function, or `fallback` (the generator run when the module loads) where a
  // value it closes over exists only then.
  const generate = (make, fallback) => {
    try {
      return make()[EXPR];
    } catch (e) {
      if (!(e instanceof NotStatic)) throw e;
      dynamic = true;
      return fallback;
    }
  };

  // The imports first: what their functions name is there before the instance.
  const have = provided(parts), imports = {};
  WebAssembly.Module.imports(module).forEach((imp) => {
    const ns = (imports[imp.module] ??= []), key = q(imp.name);
    const i = sigs.imports.findIndex((s) => s.module === imp.module && s.name === imp.name), sig = sigs.imports[i];
    const user = `I(${q(imp.module)}, ${key})`;
    let expr;
    if (imp.module === "__wasmrust") {
      if (!have[imp.name]) throw new Error(`${name} needs runtime function __wasmrust.${imp.name}, which this emit.mjs does not provide: use the emit.mjs that ships with the \`wasm\` crate version the module was built with`);
      expr = `rt.imports[${key}]`;
    } else if (imp.module === "__wasmrust_js") {
      if (!sig) throw new Error(`${name} imports __wasmrust_js.${imp.name} without its signature record`);
      // A `globalThis` path resolves when the file loads (bind.mjs `resolved`): `h` is what it
      // resolved to (the holder of `console.log`, the class of a constructor).
      const { kind, target } = parts.bind.parse(imp.name), path = kind === "js" || kind === "new";
      const fallback = `$bind.bind(rt, ${key}, SIGS.imports[${i}])`;
      const fn = generate(() => parts.bind.bind(rt, imp.name, sig, path ? sym("h") : undefined), fallback);
      // (`((d1) => function ..)(h)`, the holder under its generated name: that function of it)
      const holder = /^\(\((\w+)\) => ([\s\S]*)\)\(h\)$/.exec(fn);
      expr = fn === fallback || !path ? fn : `$bind.resolved(${q(kind)}, ${q(target)}, ${holder ? `(${holder[1]}) => ${holder[2]}` : `(h) => ${fn}`})`;
    } else if (imp.kind === "memory") expr = `(rt.memory = ${user})`;
    else if (imp.kind !== "function") expr = user;
    else if (sig) expr = `((f) => ${generate(() => parts.gen.importWrapper(rt, sig, sym("f")), `$gen.importWrapper(rt, SIGS.imports[${i}], f)`)})(${user})`;
    else expr = `((f) => (...a) => rt.host(f, a))(${user})`;
    ns.push(`${key}: ${expr}`);
  });

  aliases.phase = "finish";
  const exports = [];
  sigs.exports.forEach((sig, i) => {
    if (!rawExports.has(sig.name)) return;
    const all = [...sig.params, sig.result].every(api.plain), raw = sym(`x[${q(sig.name)}]`);
    const expr = generate(() => (all ? plainExport : parts.gen.exportWrapper)(rt, sig, raw), `$gen.exportWrapper(rt, SIGS.exports[${i}], x[${q(sig.name)}])`);
    exports.push(`exports[${q(sig.name)}] = ${expr};`);
  });
  if (sigs.members.some((m) => rawExports.has(m.raw))) {
    // classes.mjs makes each class's record (`entry`: the class, its handle checks and errors);
    // the file puts the members' functions on it. `build` on the symbolic runtime names each
    // member's function as the runtime path would (`new Universe`, `Universe.tick`).
    const fns = new Map();
    parts.classes.build(rt, sigs, sym("x"), {}, (sig) => {
      const i = sigs.members.findIndex((m) => m.raw === sig.raw);
      fns.set(sig.raw, generate(() => parts.gen.exportWrapper(rt, sig, sym("raw")), `$gen.exportWrapper(rt, { ...SIGS.members[${i}], name: ${q(sig.name)}, self: ${sig.self} }, raw)`));
    });
    const classes = [...new Set(sigs.members.filter((m) => rawExports.has(m.raw)).map((m) => m.cls))];
    for (const cls of classes) {
      const members = sigs.members.filter((m) => m.cls === cls && rawExports.has(m.raw)), prefix = memberExport(cls, "");
      // A member's function bound to its raw export (`KR("tick")`: `Universe.tick`).
      const raw = (m) => (m.raw.startsWith(prefix) ? `KR(${q(m.raw.slice(prefix.length))})` : `x[${q(m.raw)}]`);
      // Members whose functions differ only in their name and what they return (`Universe.width`,
      // `Universe.render`) share one maker of them (`KF0("width", (c) => (c >>> 0))`).
      const RETURN = /\nreturn ([^\n]*);\n\}$/;
      const shape = (m) => {
        if (!fns.has(m.raw)) return null; // `free`
        const member = `${cls}.${m.name}`, text = fns.get(m.raw).replace(/^function \$[\w$]+\(/, "function (").replaceAll(`"${member}:`, 'w + ":');
        // What it returns is made of the call's result `c` and the file's names (`$str`), not of its locals.
        const ret = RETURN.exec(text)?.[1], local = ret === undefined || (ret.match(/(?<![\w$.])[A-Za-z_]\w*/g) ?? []).some((n) => n !== "c" && n !== "undefined");
        return m.role !== CONSTRUCTOR && m.raw === prefix + m.name && !text.includes(member) && !local ? text.replace(RETURN, "\nreturn ret(c);\n}") : null;
      };
      const shapes = new Map(members.map((m) => [m, shape(m)])), all = [...shapes.values()];
      const makers = [...new Set(all.filter((t) => t !== null && all.indexOf(t) !== all.lastIndexOf(t)))];
      const fn = (m) => (makers.includes(shapes.get(m)) ? `KF${makers.indexOf(shapes.get(m))}(${q(m.name)}, (c) => ${RETURN.exec(fns.get(m.raw))[1]})` : `((raw) => ${fns.get(m.raw)})(${raw(m)})`);
      const lines = [`{
const KC = K.C, KP = KC.prototype, KR = (n) => x[${q(prefix)} + n];`, `exports[${q(cls)}] = KC;`];
      const accessors = new Map();
      for (const m of members) {
        // `free`'s raw export takes the handle's two numbers: a plain export's guarded call.
        if (m.role === FREE) lines.push(`$classes.freeing(K, ${generate(() => plainExport(rt, { name: `${cls}.free`, params: [{ c: 8 }, { c: 8 }], result: { c: 0 } }, sym("raw")), "(i, g) => rt.enter(raw, [i, g])").replace(/^/, "((raw) => ")})(${raw(m)}), ${q(`${cls}.${m.name}: this`)});`);
        else if (m.role === CONSTRUCTOR) lines.push(`K.construct = ${fn(m)};`);
        else if (m.role === STATIC) lines.push(`KC[${q(m.name)}] = ${fn(m)};`);
        else if (m.role === METHOD) lines.push(`KP[${q(m.name)}] = ${fn(m)};`);
        else (accessors.get(m.name) ?? accessors.set(m.name, []).get(m.name)).push(`${m.role === GETTER ? "get" : "set"}: ${fn(m)}`);
      }
      if (!members.some((m) => m.role === CONSTRUCTOR)) lines.push(`$classes.constructorless(K, ${q(cls)});`);
      for (const [name, parts] of accessors) lines.push(`Object.defineProperty(KP, ${q(name)}, { configurable: true, ${parts.join(", ")} });`);
      // (`w` with its only suffix, where it has one: no string made per call.)
      const only = (t, n = t.split('w + ": this"').length - 1) => n > 0 && t.match(/\bw\b/g).length === n;
      lines.splice(1, 0, ...makers.map((t, i) => `const KF${i} = (n, ret, raw = KR(n), w = ${q(cls + ".")} + n${only(t) ? ' + ": this"' : ""}) => ${only(t) ? t.replaceAll('w + ": this"', "w") : t};`));
      exports.push(renamed([...lines, "}"].join("\n"), new Map([["K", rt.classes.get(cls)[EXPR]]]))); // the record by its name in the file
    }
  }
  // The thunks and closure makers of the marked signatures, for the parts that take them.
  const made = [];
  for (const { use, key, sig } of markedSignatures(bytes)) {
    const [n] = Object.entries(AHEAD).find(([, [, u]]) => u === use) ?? [];
    if (!want.includes(n)) continue;
    const fn = generate(() => (n === "call" ? parts.call.callThunk : parts.rustfn.maker)(rt, sig), null);
    if (fn !== null) made.push(`${q(key)}: ${fn}`);
  }
  // The module's other exports, as `begin` (wasmrust.mjs) takes them: raw functions through the
  // abandon guard (`rt.enter`), other values as they are.
  const typed = new Set(sigs.exports.map((s) => s.name)), abandons = rawExports.has("__wasmrust_fn_call_i32");
  const owned = runtimeOwned(sigs);
  const others = WebAssembly.Module.exports(module).filter((e) => !owned(e.name) && !typed.has(e.name));
  const start = [
    ...(others.some((e) => e.name === "memory" && e.kind === "memory") ? [`rt.memory ${meets.importsMemory ? "??=" : "="} x.memory;`] : []),
    // Without `__stack_pointer` exported, the module's hook is all that ends an abandoned call.
    ...(abandons ? [others.some((e) => e.name === "__stack_pointer") ? "rt.ab = abandoner(x.__wasmrust_fn_call_i32, x.__stack_pointer);" : "rt.ab = x.__wasmrust_fn_call_i32;"] : []),
    ...(want.includes("rustfn") ? ["rt.rawExports = x;"] : []), // rustfn.mjs calls the module's closure entry
    `const exports = { ${others.map((e) => `${q(e.name)}: ${e.kind === "function" && abandons ? `(...a) => rt.enter(x[${q(e.name)}], a)` : `x[${q(e.name)}]`}`).join(", ")} };`,
  ];
  if (dynamic && rt.inlineGuard) return emit(bytes, name, false);
  const receiver = (m, i) => i === 0 && m.role >= METHOD && m.role <= SETTER;
  const inUse = !meets.unnested || [...sigs.exports, ...sigs.members].some((s) => s.params.some((t, i) => !receiver(s, i) && classIn(t)));
  return assemble({ sigs, want, dynamic, exports, imports, name, aliases, start, made, shared: sharedMemory(meets, bytes), inUse, panics: meets.panics, predicates: meets.predicates });
}

/** The declarations of runtime file `file` that `roots` reach (all its exports too if `all`). */
async function kept(file, roots, all) {
  // gen.mjs `link`: the runtime path's import linking, which the emitted file does itself.
  return shake(await readFile(new URL(file, here), "utf8"), roots, { all, except: ["link"] });
}

async function assemble({ sigs, want, dynamic, exports, imports, name, aliases, start, made, shared, inUse, panics, predicates }) {
  const used = ORDER.filter((n) => want.includes(n) && n !== "closures");
  // A start function (`started` runs it) only where the module has one; the file has no
  // signatures, so whether it is async is said here.
  const startSig = sigs.exports.find((s) => s.name === "__wasmrust_start"), asyncStart = startSig?.result.promise !== undefined;
  const run = (made, sync) => (startSig ? `started(${made}, ${sync}, ${sync && asyncStart})` : made);
  const out = [
    `// JS glue for ${name}, written ahead of time by crates/wasm/js/emit.mjs from the module's`,
    `// \`wasmrust\` section (format ${FORMAT_VERSION}). It loads this module only: emit it again when the module's`,
    "// signatures change. API as crates/wasm/js/wasmrust.mjs (docs/js-host.md).",
  ];
  // RustError and HandleError where the module can meet them: Result types, references.
  const hasResult = /"c":23\b/.test(q(sigs));
  const errors = [...(hasResult || dynamic || want.includes("rustfn") ? ["RustError"] : []), ...(want.includes("refs") ? ["HandleError"] : [])];
  const core = await kept("wasmrust.mjs", [...errors, "FORMAT_VERSION", "runtime", "compile", ...(dynamic ? ["begin", "reader", "guard", "guardParts", "guardDeps", "plain"] : start.some((l) => l.includes("abandoner(")) ? ["abandoner"] : [])], false);
  if (startSig) core.text += "\n" + (await kept("start.mjs", ["started"], false)).text; // start.mjs: `started` alone
  // Each part in a scope of its own (their private names overlap), as an object of what is used.
  const scopes = [{ text: core.text }]; // the core (wasmrust.mjs's), then the parts
  const part = async (n, roots) => {
    const s = await kept(`${n}.mjs`, roots, dynamic);
    for (const [from, names] of Object.entries(s.imports)) {
      const dep = from.replace(/\.mjs$/, "");
      if (!scopes.some((x) => x.n === dep)) await part(dep, names);
      s.text = `const { ${names} } = $${dep};\n${s.text}`;
    }
    const names = [...new Set([...roots, ...(dynamic ? s.exported : [])])].filter((r) => s.names.includes(r));
    scopes.push({ n, text: s.text, names });
  };
  // What the codecs of exported records and enums take from `rt.api` (values.mjs: classes.mjs's
  // conversions of class objects inside them).
  const byApi = !dynamic && aliases.classCodecs ? ["iLowerIn", "iLiftOut"] : [];
  // Without the generator, a part taking the functions written ahead of time is set up with them.
  const setupOf = (n) => (!dynamic && AHEAD[n] ? AHEAD[n][0] : "setup");
  const bound = Object.values(imports).flat().some((l) => l.includes("$bind.resolved("));
  for (const n of used) {
    if (n === "bind" && !dynamic && !bound) continue; // every binding written out in full
    const roots = { classes: ["setup", byApi.length ? "entry" : "record", "freeing", ...(exports.some((l) => l.includes("$classes.constructorless(")) ? ["constructorless"] : []), ...byApi], bind: dynamic ? ["bind", "resolved"] : ["resolved"], values: ["encode", "decode"] };
    await part(n, roots[n] ?? [setupOf(n)]);
  }
  // Without `__wasmrust.panic` imported, `rt.P` (the panic's message) is the identity: the
  // out-of-line guard (`rt.thrown`, for `rt.enter`) returns what it caught, and `rt.P` goes.
  if (!dynamic && !panics) scopes[0].text = patched(scopes[0].text, PATCHES.NO_PANICS);
  // Without the generator at run time, the runtime members (`rt.x`) nothing reads go, until none.
  const declare = (list) => (list.length ? [`const ${list.join(",\n  ")};`] : []);
  // Each class's record made once, by its alias (`entry`'s cache only for the codecs' lookups).
  if (!byApi.length) for (const phase of ["link", "finish"]) aliases[phase] = aliases[phase].map((l) => l.replace(/\$classes\.entry\(rt, /, "$classes.record("));
  const linkNames = declare(aliases.link), finishNames = declare([...GUARD.filter((n) => aliases.guard.has(n)).map((n) => `${n} = rt.${n}`), ...aliases.finish]);
  const rest = [exports.join("\n"), Object.values(imports).flat().join("\n"), ...linkNames, ...finishNames, ...start].join("\n");
  if (!dynamic) unmet(scopes, [rest, ...made].join("\n"), false);
  // A part whose setup then sets nothing is not set up, and goes if nothing else of it is used
  // (what it read of the runtime is read no more: prune again).
  for (let changed = !dynamic; changed; ) {
    const reads = runtimeUses([rest, ...scopes.map((x) => x.text)].join("\n"));
    changed = false;
    for (const x of scopes) {
      const text = pruneMembers(x.text, (name) => reads.has(name) && !SPEED_ONLY[x.n]?.includes(name));
      if (text !== x.text) [x.text, changed] = [text, true];
      if (x.n && x.names.includes(setupOf(x.n)) && !setsRuntime(x.text)) [x.names, changed] = [x.names.filter((n) => n !== setupOf(x.n)), true];
      // What a part takes from another that its pruned text no longer uses (refs.mjs's `kindOf`
      // once `describe` went) leaves its import line...
      x.text = x.text.replace(/^const \{ ([\w$,]+) \} = (\$\w+);$/gm, (line, names, from) => {
        const left = names.split(",").filter((n) => new RegExp(`\\b${n.replace("$", "\\$")}\\b`).test(x.text.replace(line, "")));
        if (left.length < names.split(",").length) changed = true;
        return left.length ? `const { ${left} } = ${from};` : "";
      });
    }
    // ... and the part's object, so the minifier drops its declaration.
    for (const x of scopes.filter((x) => x.n)) {
      const elsewhere = [rest, ...scopes.filter((y) => y !== x).map((y) => y.text)].join("\n");
      const used = x.names.filter((n) => n === setupOf(x.n) || (x.n === "classes" && byApi.includes(n)) || elsewhere.includes(`$${x.n}.${n}`) || new RegExp(`^const \\{ [\\w$,]*\\b${n}\\b[\\w$,]* \\} = \\$${x.n};$`, "m").test(elsewhere));
      if (used.length < x.names.length) [x.names, changed] = [used, true];
    }
    if (changed) scopes.splice(0, scopes.length, ...scopes.filter((x) => !x.n || x.names.length));
  }
  // An optional call of a runtime member nothing in the file sets (`rt.rebound?.forEach(...)`:
  // gen.mjs `made`, which generates when the module loads) is dead.
  if (!dynamic) {
    const all = [rest, ...scopes.map((x) => x.text)].join("\n");
    for (const x of scopes) x.text = x.text.replace(/^\s*rt\.([\w$]+)\?\.[^\n]*;\n/gm, (line, m) => (new RegExp(`\\brt\\.${m} \\??=[^=]`).test(all) ? line : ""));
  }
  // Texts of the parts the module cannot meet (shake.mjs `PATCHES`, each group all or nothing).
  const apply = (n, group) => scopes.filter((x) => x.n === n).forEach((x) => (x.text = patched(x.text, group)));
  if (!shared) apply("gen", PATCHES.UNSHARED);
  if (!dynamic && !runtimeUses([rest, ...scopes.map((x) => x.text)].join("\n")).has("data")) apply("gen", PATCHES.NO_DATAVIEW);
  if (!inUse) apply("classes", PATCHES.IN_USE);
  if (!dynamic) apply("refs", PATCHES.NO_TEST_CACHE);
  if (!dynamic) apply("rustfn", PATCHES.RUST_ERROR_RUSTFN), apply("more", PATCHES.RUST_ERROR_MORE);
  // The type tests of the kinds the file's code asks for (a module asking when it runs, or the
  // wasm-bindgen interop's tests, any).
  const kinds = dynamic || predicates || scopes.some((x) => /\bbindgenTest\b/.test(x.text)) ? null : new Set([rest, ...scopes.map((x) => x.text)].flatMap((t) => [...t.matchAll(/"kind":(\d)/g)].map((m) => +m[1])));
  if (kinds) [PATCHES.NO_ANY_TEST, PATCHES.NO_CLASS_TEST, PATCHES.NO_TYPEOF_TEST, PATCHES.NO_PREDICATES].forEach((group, kind) => kinds.has(kind) || apply("table", group));
  if (!dynamic) unmet(scopes, [rest, ...made].join("\n"), true);
  // A text codec the kept code no longer uses may go: minifiers drop a `#__PURE__` expression unused.
  for (const x of scopes) x.text = x.text.replace(/^(const [\w$]+ = )new (Text(?:En|De)coder)\(/gm, "$1/*#__PURE__*/ new $2(");
  const apiParts = byApi.length ? ["parts: { classes: $classes }"] : [];
  const runtimeApi = dynamic ? `{ reader, guard, guardParts, guardDeps, plain, RustError, parts: { ${used.map((n) => `${n}: $${n}`)} } }` : `{ ${[...(errors.includes("RustError") && [rest, ...scopes.map((x) => x.text)].some((t) => /\brt\.api\b/.test(t)) ? ["RustError"] : []), ...apiParts].join(", ")} }`;
  const setups = scopes.filter((x) => x.names?.includes(setupOf(x.n))).map((x) => (setupOf(x.n) === "setup" ? `$${x.n}.setup(rt${/^function setup\(rt, options\)/m.test(x.text) ? ", options" : ""});` : `$${x.n}.${setupOf(x.n)}(rt, ahead(${q(AHEAD[x.n][1])}));`));
  const ahead = setups.some((l) => l.includes("ahead("));
  const hasImports = Object.keys(imports).length > 0;
  let tail = [
    // The signatures only where the generator runs when the module loads.
    ...(dynamic ? [`const SIGS = ${q(sigs)};`] : []),
    "function link(module, options, sync) {",
    `const rt = runtime(${dynamic ? "SIGS" : "null"}, true, ${runtimeApi});`,
    // The functions written ahead of time, by marker use and signature bytes (`F1,7,7`), filled once
    // the instance exists; a signature the module passes that emit.mjs did not find is an Error.
    ...(ahead
      ? [
          "const made = {}, ahead = (use) => (sig) => { const m = new Uint8Array(rt.memory.buffer), key = use + m.subarray(sig + 1, sig + 1 + m[sig]);",
          "if (!made[key]) throw new Error(`wasmrust: this glue file has no function for signature ${key}, which the module uses: emit it again for this build of the module, or load the module with wasmrust.mjs`);",
          "return made[key]; };",
        ]
      : []),
    ...setups,
    ...(!dynamic && imports.__wasmrust?.some((i) => i.startsWith(q("take_str"))) ? [PLAIN_WRITE] : []),
    ...linkNames,
    ...(hasImports
      ? [
          // The host's imports, where the module has any (`I(..)` finds each).
          ...(Object.values(imports).flat().some((l) => l.includes("I("))
            ? [
                "const user = options.imports ?? {};",
                "const I = (m, n) => { const f = user[m]?.[n]; if (f === undefined) throw new Error(`wasmrust: missing host import ${m}.${n}: pass it as instantiate(.., { imports: { ${JSON.stringify(m)}: { ${n}: ... } } })`); return f; };",
              ]
            : []),
          // The runtime's functions as the object that holds them: what else it holds the module
          // does not look up (the pruning above read the list, so it holds what is listed).
          `const imports = {\n${Object.entries(imports).map(([m, fields]) => `${q(m)}: ${m === "__wasmrust" && fields.every((f) => f.endsWith(`: rt.imports[${f.slice(0, f.indexOf(":"))}]`)) ? "rt.imports" : `{\n${fields.join(",\n")}\n}`}`).join(",\n")}\n};`,
        ]
      : ["const imports = {};"]),
    "const finish = (instance) => {",
    ...(dynamic ? ["const x = instance.exports, exports = begin(rt, x);"] : ["const x = instance.exports;", ...start]),
    ...finishNames,
    ...(ahead ? [`Object.assign(made, {\n${made.join(",\n")}\n});`] : []),
    ...exports,
    `return { instance, module, exports, table: ${want.includes("refs") ? "rt.T" : "undefined"} };`,
    "};",
    `return sync ? ${run("finish(new WebAssembly.Instance(module, imports))", true)} : WebAssembly.instantiate(module, imports).then(${startSig ? `(instance) => ${run("finish(instance)", false)}` : "finish"});`,
    "}",
    "export async function instantiate(source, options = {}) {",
    "return link(await prepare(source), options);",
    "}",
    "export function instantiateSync(source, options = {}) {",
    "return link(source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source), options, true);",
    "}",
  ].join("\n");
  // Options nothing reads (the host's imports, refs.mjs's) are not passed on.
  const OPTIONS = /(?<=function link\(module|link\(await prepare\(source\)|new WebAssembly\.Module\(source\)|export (?:async )?function instantiate(?:Sync)?\(source), options(?: = \{\})?/g;
  if (!/\boptions\b/.test(tail.replace(OPTIONS, ""))) tail = tail.replace(OPTIONS, "");
  // The errors and FORMAT_VERSION exported where the core declares them.
  // `prepare` is wasmrust.mjs's `compile`: the file has nothing else to load.
  const exported = [...errors, "FORMAT_VERSION"], exporting = [[new RegExp(`^(?=(?:const|class) (?:${exported.join("|")})\\b)`, "m"), "export ", exported.length], [/^async function compile\(/m, "export async function prepare("]];
  scopes[0].text = patched(scopes[0].text, { what: "the file's exports", rules: exporting });
  const from = (x) => `// ---- from ${x.n}.mjs`;
  if (dynamic) return [...out, ...scopes.map((x) => (x.n ? `${from(x)}\nconst $${x.n} = (() => {\n${x.text}\nreturn { ${x.names} };\n})();` : x.text)), tail].join("\n") + "\n";
  // Without the generator, the parts' code is top-level (`$classes.entry` is `entry`); one that
  // is passed as an object (`parts: { classes: $classes }`) is one made of its names.
  const parts = scopes.filter((x) => x.n), flat = oneScope(parts, identifiers(scopes[0].text + tail));
  const named = tail.replace(/\$(\w+)\.([\w$]+)/g, (all, n, x) => (parts.some((p) => p.n === n) ? flat.name(n, x) : all));
  const objects = parts.filter((x) => new RegExp(`\\$${x.n}\\b`).test(named)).map((x) => `const $${x.n} = { ${x.names.map((m) => `${m}: ${flat.name(x.n, m)}`)} };`);
  // The setups it calls written in `link`, and the runtime members only it uses as its variables.
  const local = localized([scopes[0].text, ...flat.texts, ...objects], named);
  return [...out, local.texts[0], ...parts.map((x, i) => `${from(x)}\n${local.texts[i + 1]}`), ...local.texts.slice(parts.length + 1), local.link].join("\n") + "\n";
}

// ---- Command line.

async function main(argv) {
  let input, output, wasmOutput;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-o") output = argv[++i];
    else if (argv[i] === "--wasm") wasmOutput = argv[++i] ?? "";
    else if (!input && !argv[i].startsWith("-")) input = argv[i];
    else return usage(`unexpected argument ${argv[i]}`);
  }
  if (!input || (argv.includes("-o") && !output)) return usage(input ? "-o needs a file" : "no module given");
  if (wasmOutput === "") return usage("--wasm needs a file");
  let bytes;
  try {
    bytes = await readFile(input);
  } catch (e) {
    return error(`cannot read ${input}: ${e.message}`);
  }
  let js, stripped;
  try {
    js = await emit(bytes, input.split("/").pop());
    // --wasm: the module less what the glue does not need (strip.mjs), for wasm-opt to shrink.
    if (wasmOutput) stripped = (await import("./strip.mjs")).stripFor(bytes, js).bytes;
  } catch (e) {
    return error(e.message || String(e.stack));
  }
  if (stripped) await writeFile(wasmOutput, stripped);
  if (output) await writeFile(output, js);
  else process.stdout.write(js);
}
function usage(why) {
  process.stderr.write(`emit.mjs: ${why}\nusage: node emit.mjs app.wasm [-o app.js] [--wasm app.out.wasm]\n  writes the module's JS glue (stdout without -o); --wasm also writes the module without its\n  \`wasmrust\` section and the runtime exports the glue does not use (load it with that glue only)\n`);
  process.exitCode = 2;
}
function error(message) {
  process.stderr.write(`emit.mjs: ${message}\n`);
  process.exitCode = 1;
}

if (import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1] ?? "").href) await main(process.argv.slice(2));
