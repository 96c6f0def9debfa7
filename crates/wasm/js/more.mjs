// The part of wasmrust.mjs for char, 64-bit integers, Option and Result (a Result import result
// catches what the host throws), and for values passed in slots: results of several flat values
// (the return area) and `FuncRef::call`'s results.

const CHAR = 2, U64 = 9, I64 = 10, STR = 16, OPT = 22, RES = 23;
// Writers of the slots, by flat type (the readers' names are in gen.mjs).
export const WRITE = { i32: "w32", i64: "w64", f32: "wf32", f64: "wf64" };

export function setup(rt) {
  const data = rt.data;
  Object.assign(rt, {
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
    fail(e) {
      throw e instanceof Error ? e : new rt.api.RustError(e);
    },
    r64: (p) => data(p + 8).getBigInt64(p, true),
    rf32: (p) => data(p + 4).getFloat32(p, true),
    rf64: (p) => data(p + 8).getFloat64(p, true),
    w32: (p, v) => data(p + 4).setInt32(p, v, true),
    w64: (p, v) => data(p + 8).setBigInt64(p, v, true),
    wf32: (p, v) => data(p + 4).setFloat32(p, v, true),
    wf64: (p, v) => data(p + 8).setFloat64(p, v, true),
  });
}

// ---- Generated code (see gen.mjs): `g` is the function being generated.

export function lowerIn(g, t, v, outs, where) {
  const { rt } = g, gen = rt.api.parts.gen, w = JSON.stringify(where);
  switch (t.c) {
    case CHAR: return g.emit(`${outs.shift()} = ${g.dep(rt.charIn)}(${v}, ${w});`);
    case U64: case I64: return g.emit(`${outs.shift()} = ${g.dep(rt.big)}(${v}, ${w});`);
    case OPT: {
      const o = outs.shift(), ref = gen.isRef(t.inner);
      g.emit(`if (${v} != null) {${ref ? "" : ` ${o} = 1;`}`);
      gen.lowerIn(g, t.inner, v, ref ? [o] : outs, where);
      return g.emit("}");
    }
  }
  const o = outs.shift(), x = g.tmp("x"), obj = `${x} !== null && typeof ${x} === "object" &&`;
  g.emit(`const ${x} = ${v}; if (${obj} "ok" in ${x}) {`);
  gen.lowerIn(g, t.ok, `${x}.ok`, outs.splice(0, gen.flat(t.ok, true).length), where + " (ok)");
  g.emit(`} else if (${obj} "err" in ${x}) { ${o} = 1;`);
  gen.lowerIn(g, t.err, `${x}.err`, outs, where + " (err)");
  g.emit(`} else ${g.dep(rt.bad)}(${w}, "{ ok: value } or { err: value }", ${x});`);
}

export function liftOut(g, t, raws, top) {
  const gen = g.rt.api.parts.gen, r = raws.shift();
  switch (t.c) {
    case CHAR: return `String.fromCodePoint(${r})`;
    case U64: return `BigInt.asUintN(64, ${r})`;
    case I64: return r;
    case OPT: return `(${r} === 0 ? null : ${gen.liftOut(g, t.inner, gen.isRef(t.inner) ? [r] : raws, false)})`;
  }
  const ok = gen.liftOut(g, t.ok, raws, false), err = gen.liftOut(g, t.err, raws, false);
  return top ? `(${r} === 0 ? ${ok} : ${g.dep(g.rt.fail)}(${err}))` : `(${r} === 0 ? { ok: ${ok} } : { err: ${err} })`;
}

/** Writes of `outs` into the slots at `base`. */
export function store(g, flats, outs, base) {
  outs.forEach((o, k) => g.emit(`${g.dep(g.rt[WRITE[flats[k]]])}(${base} + ${8 * k}, ${o});`));
}

/** A Result result of a host call: what the host function throws is Err. */
export function lowerResult(g, t, callExpr, deliver) {
  const gen = g.rt.api.parts.gen, reset = g.rt.api.parts.text?.reset(g, t) ?? "";
  const outs = g.declare(gen.flat(t, true));
  const okOuts = outs.slice(1, 1 + gen.flat(t.ok, true).length), errOuts = outs.slice(1 + okOuts.length);
  const filter = gen.isRef(t.err) && t.err.test.kind ? `${g.dep(g.rt.typeTest(t.err.test))}(e)` : "true";
  g.emit(`let v; try { v = ${callExpr}; } catch (e) { if (!${filter}) throw e; ${reset} ${outs[0]} = 1;`);
  gen.lowerIn(g, t.err, t.err.c === STR ? "(e instanceof Error ? e.message : String(e))" : "e", errOuts, "thrown error");
  deliver(outs);
  g.emit(`} ${reset}`);
  gen.lowerIn(g, t.ok, "v", okOuts, g.where ?? "result");
  deliver(outs);
}
