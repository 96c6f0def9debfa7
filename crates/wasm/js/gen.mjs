// The part of wasmrust.mjs for imports, strings and references (through text.mjs and refs.mjs),
// and what the other parts share: the generated-code builder, memory views, argument checks.
// Types with a tag (Option, Result) and char / 64-bit integers are in more.mjs.

const STR = 16, BYTES = 17, REF = 18, LENT = 19, OPT = 22, RES = 23, SLICE = 24, SLICE_MUT = 25, SHARED = 26, VEC = 27;
const NAMES = ["()", "bool", "char", "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64"];
NAMES[STR] = "String";
NAMES[BYTES] = "Vec<u8>";
const utf8 = new TextDecoder();
// Readers of slots (the return area, `FuncRef::call`'s arguments), by flat type: of two i32
// (references, classes, slices) with gen.mjs alone, of others with more.mjs (which every type
// with such flat values loads).
export const READ = { i32: "r32", i64: "r64", f32: "rf32", f64: "rf64" };

export const isRef = (t) => t.c === REF || t.c === LENT;
export const typeName = (t) =>
  t.c >= 31 && t.c <= 33 ? t.name : t.c === 34 ? `Vec<${typeName(t.inner)}>` :
  t.cls ? (t.c === 29 ? "&" : t.c === 30 ? "&mut " : "") + t.cls :
  t.c === OPT ? `Option<${typeName(t.inner)}>` :
  t.c === RES ? `Result<${typeName(t.ok)}, ${typeName(t.err)}>` :
  t.test ? (t.c === LENT ? "&" : "") + (t.test.kind ? `ExternRef<${t.test.name}>` : "ExternRef") :
  t.clamped ? (t.borrowed ? "Clamped<&[u8]>" : "Clamped<Vec<u8>>") :
  t.borrowed ? (t.c === STR ? "&str" : "&[u8]") :
  t.elem ? (t.c === SLICE ? `&[${NAMES[t.elem]}]` : t.c === SLICE_MUT ? `&mut [${NAMES[t.elem]}]` : t.c === VEC ? `Vec<${NAMES[t.elem]}>` : `SharedSlice<${NAMES[t.elem]}>`) :
  NAMES[t.c];

/** Flat core values of a type; `toWasm`: strings and bytes are one value going in, two coming out. */
export function flat(t, toWasm) {
  switch (t.c) {
    case 0: return [];
    case 9: case 10: return ["i64"];
    case 11: case 12: return [NAMES[t.c]];
    case STR: case BYTES: return toWasm ? ["i32"] : ["i32", "i32"];
    case SLICE: case SLICE_MUT: case SHARED: case VEC: case 28: case 29: case 30: case 31: case 32: case 33: case 34: return ["i32", "i32"];
    case OPT: return isRef(t.inner) ? ["i32"] : ["i32", ...flat(t.inner, toWasm)];
    case RES: return ["i32", ...flat(t.ok, toWasm), ...flat(t.err, toWasm)];
    default: return ["i32"];
  }
}

const describe = (v, t = typeof v) =>
  v == null ? String(v)
  : t === "string" ? `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`
  : t === "object" || t === "function" ? `${t} ${v.constructor?.name ?? ""}`.trim()
  : `${t} ${v}`;

export function setup(rt) {
  let u8 = new Uint8Array(0), dv = new DataView(u8.buffer);
  // `dv` is renewed with `u8` (in `view`), so a read checks one length (a detached view's is 0).
  const data = (end) => (u8.length < end ? (rt.view(end), dv) : dv);
  // The module's scratch area, announced by its first take_str / take_bytes / slice_in (address
  // 0 until then, and for good where the module has threads): export arguments are written
  // there before the call, a stack (`top`) each export call pops when it returns or throws.
  const SC = { base: 0, size: 0, top: 0 };
  Object.assign(rt, {
    SC,
    announce(scratch, size) {
      if (SC.base === 0 && scratch !== 0) Object.assign(SC, { base: scratch, size, top: 0 });
    },
    // Views of linear memory, renewed when it grew.
    view: (end) => (u8.length < end ? ((u8 = new Uint8Array(rt.memory.buffer)), (dv = new DataView(u8.buffer)), u8) : u8),
    data,
    r32: (p) => data(p + 4).getInt32(p, true), // the other readers are in more.mjs, with the writers
    // The decoded text as emit.mjs's UNSHARED has it.
    str: (p, len, a = rt.view(p + len)) => utf8.decode(rt.memory.buffer instanceof ArrayBuffer ? a.subarray(p, p + len) : a.slice(p, p + len)),
    bad(where, expected, v) {
      throw new TypeError(`${where} must be ${expected}, got ${describe(v)}`);
    },
  });
  rt.imports.trap = (p, len) => {
    throw new WebAssembly.RuntimeError(rt.str(p, len));
  };
  // A panic's message and location, reported by the module's panic hook just before it traps.
  rt.imports.panic = (p, len) => {
    rt.panic = rt.str(p, len);
  };
}

/** The imports of `module`: the runtime's (`__wasmrust`), and the host's, typed where declared. */
export function link(rt, module, options) {
  const user = options.imports ?? {}, out = {};
  const imports = WebAssembly.Module.imports(module);
  for (const imp of imports) {
    const ns = (out[imp.module] ??= {});
    if (imp.module === "__wasmrust") {
      ns[imp.name] = rt.imports[imp.name];
      if (!ns[imp.name]) throw new Error(`wasmrust: the module needs runtime function __wasmrust.${imp.name}, which this wasmrust.mjs does not provide: load the wasmrust.mjs that ships with the \`wasm\` crate version the module was built with`);
      continue;
    }
    const sig = rt.sigs.imports.find((s) => s.module === imp.module && s.name === imp.name);
    if (imp.module === "__wasmrust_js") {
      ns[imp.name] = rt.api.parts.bind.bind(rt, imp.name, sig); // bind.mjs
      continue;
    }
    const f = user[imp.module]?.[imp.name];
    if (f === undefined) throw new Error(`wasmrust: missing host import ${imp.module}.${imp.name}: pass it as instantiate(.., { imports: { ${JSON.stringify(imp.module)}: { ${imp.name}: ... } } })`);
    if (imp.kind === "memory") rt.memory = f;
    if (imp.kind !== "function") ns[imp.name] = f;
    else if (sig) ns[imp.name] = (rt.codegen ? importWrapper : rt.api.parts.closures.iImport)(rt, sig, f);
    else ns[imp.name] = (...args) => rt.host(f, args); // counted like typed imports (see `guard`)
  }
  return out;
}

// ---- Generated code: one small monomorphic function per signature (`new Function`).

/** The source of one typed function and the values it closes over. */
export class Gen {
  constructor(rt, name) {
    Object.assign(this, { rt, name, lines: [], deps: new Map(), n: 0, scratch: false, export: false });
  }
  tmp(p) {
    return p + this.n++;
  }
  emit(line) {
    this.lines.push(line);
  }
  dep(value) {
    let n = this.deps.get(value);
    // emit.mjs names the runtime's values once for the whole file (`rt.alias`).
    if (!n) this.deps.set(value, (n = this.rt.alias?.(value) ?? "d" + this.deps.size));
    return n;
  }
  declare(flats) {
    const vars = flats.map(() => this.tmp("r"));
    if (vars.length) this.emit(`let ${vars.map((v, i) => `${v} = ${flats[i] === "i64" ? "0n" : "0"}`)};`);
    return vars;
  }
  build(params) {
    const src = `"use strict"; return function $${this.name.replace(/\W/g, "_")}(${params}) {\n${this.lines.join("\n")}\n};`;
    if (this.rt.emit) return this.rt.emit(this.deps, src); // emit.mjs: the source, ahead of time
    return made(this.rt, this.deps, src);
  }
}

/** A function generated when the module loads: `src` (`"use strict"; return function ...`) run
 * with `deps` (value -> name) bound. Where its guard skips the check after the call (`rt.lazy`,
 * wasmrust.mjs `guardParts`), the module's raw exports among `deps` are variables which, while a
 * nested call's abandoned frames wait to be ended (`H.x`), point at a function that ends them
 * first once no host call is under way, as the outermost call's return would have. */
export function made(rt, deps, src) {
  const all = [...deps], raws = new Set(Object.values(rt.rawExports ?? {})), H = rt.H;
  const lazy = rt.lazy ? all.filter(([v]) => typeof v === "function" && raws.has(v)).map(([, n]) => n) : [];
  const names = all.map(([, n]) => (lazy.includes(n) ? n + "$" : n));
  const rebind = (f) => {
    (rt.rebound ??= []).push(f);
    if (H.x === 1) f(true);
  };
  const ending = (raw) => (...args) => {
    if (H.x === 1 && H.n === 0) rt.settle();
    return raw(...args);
  };
  const bind = lazy.length ? `let ${lazy.map((n) => `${n} = ${n}$`)}; $rebind((on) => { ${lazy.map((n) => `${n} = on ? $ending(${n}$) : ${n}$;`).join(" ")} }); ` : "";
  return new Function(...names, "$rebind", "$ending", src.replace(/^"use strict"; /, `"use strict"; ${bind}`))(...all.map(([v]) => v), rebind, ending);
}

const part = (g, t) => g.rt.api.parts[t.cls ? "classes" : t.c >= 31 && t.c <= 34 ? "values" : t.c === STR || t.c === BYTES ? "text" : isRef(t) ? "refs" : t.elem ? "slices" : "more"];

/** Host value `v` into flat values `outs` (host -> wasm: export parameters, import results). */
export function lowerIn(g, t, v, outs, where) {
  if (!g.rt.api.plain(t)) return part(g, t).lowerIn(g, t, v, outs, where);
  if (t.c) g.emit(`${outs.shift()} = ${v}${t.c === 1 ? " ? 1 : 0" : ""};`); // the wasm JS API converts numbers
}

/** Flat values `raws` (expressions) into a host value (wasm -> host: export results, import parameters). */
export function liftOut(g, t, raws, top) {
  if (!g.rt.api.plain(t)) return part(g, t).liftOut(g, t, raws, top);
  const r = t.c ? raws.shift() : "undefined";
  return t.c === 1 ? `(${r} !== 0)` : t.c === 7 ? `(${r} >>> 0)` : r;
}

/** The signature a Rust `Desc` at address `p` holds (a length byte, then `count type* type`). */
export function sigAt(rt, p) {
  const a = rt.view(p + 256);
  return rt.api.reader(a.slice(p + 1, p + 1 + a[p])).sig();
}

/** Reads of the slots at `base`. */
export const slots = (g, flats, base) => flats.map((f, k) => `${g.dep(g.rt[READ[f]])}(${base} + ${8 * k})`);

/** The typed JS function of an export. */
export function exportWrapper(rt, sig, raw) {
  const g = new Gen(rt, sig.name);
  g.export = true; // lowering parameters of an export (refs.mjs lends references)
  // A class member's receiver (`sig.self`) is `this`: the function is the method itself.
  const args = sig.params.map((_, i) => (sig.self && i === 0 ? "this" : "a" + i)), raws = [];
  const params = sig.self ? args.slice(1) : args;
  // What parts keep for the duration of the call (lent references, scratch bytes).
  // emit.mjs (`rt.queueText`): strings and bytes are always queued, with no scratch-area writer
  // in the file; of text.mjs's frame the call keeps the queue's reset.
  const frames = Object.entries(rt.api.parts).map(([n, p]) => !(rt.queueText && n === "text") && p.frame?.(g, sig)).filter(Boolean);
  if (rt.queueText) g.emit(sig.params.map((t) => rt.api.parts.text?.reset(g, t)).find(Boolean) ?? "");
  sig.params.forEach((t, i) => {
    const outs = g.declare(flat(t, true));
    raws.push(...outs);
    lowerIn(g, t, args[i], outs, sig.self && i === 0 ? `${sig.name}: this` : `${sig.name}: argument ${i + (sig.self ? 0 : 1)} (${typeName(t)})`);
  });
  g.deps.set(raw, "raw");
  for (const [v, n] of rt.api.guardDeps(rt)) g.deps.set(v, n);
  const flats = flat(sig.result, false);
  const ret = `return ${liftOut(g, sig.result, flats.length < 2 ? ["c"] : slots(g, flats, "c"), true)};`;
  const promise = sig.result.promise !== undefined; // see `guardParts` in wasmrust.mjs
  if (!frames.length) {
    g.emit(rt.api.guard(rt, "raw", raws, promise));
    g.emit(ret);
    return g.build(params);
  }
  // One try for the frames and the call: an exception while `inside` came from the module (see
  // `guardParts`), else from lowering or lifting. The frames end on both paths without a
  // `finally` (cheaper in V8), after the result is lifted; `done` tells them whether the call
  // returned.
  const call = `raw(${raws}); done = true`;
  const { caught, after } = rt.api.guardParts(rt, promise, "inside");
  const [enter, during] = !rt.ab && !promise ? ["", `const c = ${call};`]
    : ["let inside = false;", `inside = true; const c = ${call}; inside = false;${after ? " " + after : ""}`];
  const leave = frames.map((f) => f[1]).join(" ");
  g.lines.unshift(`let done = false; ${frames.map((f) => f[0]).join(" ")} ${enter} let v; try {`);
  g.emit(during);
  g.emit(`${ret.replace(/^return /, "v = ")} } catch (e) { ${leave} ${caught} }`);
  g.emit(`${leave} return v;`);
  return g.build(params);
}

/** Lowers the result of a host call and delivers its flat values (`deliver(vars)` emits). */
export function lowerResult(g, t, callExpr, deliver) {
  if (t.c === RES) return g.rt.api.parts.more.lowerResult(g, t, callExpr, deliver);
  const outs = g.declare(flat(t, true));
  g.emit(`const v = ${callExpr}; ${g.rt.api.parts.text?.reset(g, t) ?? ""}`);
  lowerIn(g, t, "v", outs.slice(), g.where ?? "result");
  deliver(outs);
}

/** Returns the only flat value, or writes them into the slots at `base` (more.mjs). */
export function deliver(g, flats, outs, base) {
  if (base) g.rt.api.parts.more.store(g, flats, outs, base);
  g.emit(!base && outs.length ? `return ${outs[0]};` : "return;");
}

/**
 * The raw import the module calls: lifts the arguments, calls `f`, lowers its result. `call(g,
 * args)`, if given, is the JS expression to run instead of calling `f` (bind.mjs); `sig.where`
 * names the result in TypeErrors.
 */
export function importWrapper(rt, sig, f, call) {
  const g = new Gen(rt, sig.name);
  g.where = sig.where;
  const rflats = flat(sig.result, true), retp = rflats.length > 1 && "retp", params = retp ? [retp] : [];
  const args = sig.params.map((t) => {
    const raws = flat(t, false).map(() => g.tmp("p"));
    params.push(...raws);
    return liftOut(g, t, raws, false);
  });
  lowerResult(g, sig.result, call ? call(g, args) : `${g.dep(f)}(${args})`, (outs) => deliver(g, rflats, outs, retp));
  // The host code runs as a host call (see `guard` in wasmrust.mjs).
  const H = g.dep(rt.H);
  g.lines.unshift(`${H}.n++; try {`);
  g.emit(`} finally { ${H}.n--; }`);
  return g.build(params);
}
