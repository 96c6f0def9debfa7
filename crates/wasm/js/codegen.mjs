// Typed wrappers as generated JS: one small monomorphic function per signature (`new Function`).

import { T_UNIT, T_BOOL, T_CHAR, T_U32, T_U64, T_I64, T_STRING, T_BYTES, T_REF, T_LENT, T_OPTION, T_RESULT,
  typeName, isRef, flat, usesQueue, describeTest, SLOT_READ, SLOT_WRITE } from "./signatures.mjs";

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


/** The typed JS function of an export. */
export function exportWrapper(rt, sig, raw) {
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
export function importWrapper(rt, sig, f) {
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
export function callThunk(rt, sig) {
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
