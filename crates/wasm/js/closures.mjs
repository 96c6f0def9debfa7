// Typed functions without code generation, for pages whose Content Security Policy forbids
// `unsafe-eval` (`instantiate(.., { codegen: false })`, or detected): the conversions the other
// parts generate as code, as closures per type. A part of wasmrust.mjs, loaded only then (with
// gen.mjs and more.mjs, whose checks it uses).

const T_BOOL = 1, T_CHAR = 2, T_U32 = 7, T_U64 = 9, T_I64 = 10, T_STRING = 16, T_BYTES = 17, T_REF = 18,
  T_LENT = 19, T_OPTION = 22, T_RESULT = 23, T_SLICE = 24, T_SLICE_MUT = 25, T_SHARED = 26, T_VEC = 27;
const zero = (f) => (f === "i64" ? 0n : 0);

/**
 * `(v, out)`: pushes the flat values of host value `v` onto `out` (host -> wasm). `scratch`: an
 * export parameter (text goes to the scratch area, references are lent).
 */
function iLowerIn(rt, t, where, scratch) {
  const { flat, isRef } = rt.api.parts.gen;
  if (t.cls) return rt.api.parts.classes.iLowerIn(rt, t, where);
  if (t.c >= 31 && t.c <= 34) return rt.api.parts.values.iLowerIn(rt, t, where, iLowerIn(rt, { c: T_BYTES }, where, scratch));
  switch (t.c) {
    case 0: return () => {};
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
      const lent = t.c === T_LENT || scratch; // export parameters lend owned references too
      return (v, out) => {
        if (test && !test(v)) rt.bad(where, rt.describeTest(t.test), v);
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
    case T_SLICE: case T_SLICE_MUT: case T_SHARED: case T_VEC: {
      const address = rt.sliceIn(t);
      return (v, out) => out.push(address(v, where), v.length);
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
  const { flat, isRef } = rt.api.parts.gen;
  if (t.cls) return rt.api.parts.classes.iLiftOut(rt, t);
  if (t.c >= 31 && t.c <= 34) return rt.api.parts.values.iLiftOut(rt, t);
  const skip = (next, n) => { for (let i = 0; i < n; i++) next(); };
  switch (t.c) {
    case 0: return () => undefined;
    case T_BOOL: return (next) => next() !== 0;
    case T_CHAR: return (next) => String.fromCodePoint(next());
    case T_U32: return (next) => next() >>> 0;
    case T_U64: return (next) => BigInt.asUintN(64, next());
    case T_STRING: return (next) => { const p = next(); return rt.str(p, next()); };
    case T_BYTES: return (next) => { const p = next(); return (t.clamped ? rt.clampedOut : rt.bytesOut)(p, next()); };
    case T_REF: return (next) => rt.T.take(next());
    case T_VEC: { const out = rt.elemsOut(t); return (next) => { const p = next(); return out(p, next()); }; }
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

export function iExport(rt, sig, raw) {
  const { flat, typeName, READ } = rt.api.parts.gen;
  const lowers = sig.params.map((t, i) => iLowerIn(rt, t, sig.self && i === 0 ? `${sig.name}: this` : `${sig.name}: argument ${i + (sig.self ? 0 : 1)} (${typeName(t)})`, true));
  const flats = flat(sig.result, false);
  const lift = iLiftOut(rt, sig.result, true);
  // The queue, borrow stack and scratch stack of the parts this instance has.
  const { S, T, SC } = rt;
  const slices = sig.params.some((t) => rt.api.parts.slices?.isSlice(t)); // loaded if any is
  const promise = sig.result.promise !== undefined;
  return function (...args) {
    if (S) S.qn = S.qi = 0;
    const depth = T?.depth, top = SC?.top;
    let done = false;
    if (slices) rt.enterSlices();
    try {
      const out = [];
      lowers.forEach((lower, i) => lower(args[i], out));
      let x;
      try {
        x = rt.enter(raw, out);
      } catch (e) {
        if (promise) return Promise.reject(e); // see `guard` in wasmrust.mjs
        throw e;
      }
      done = true;
      if (flats.length < 2) return lift(() => x);
      let k = 0;
      return lift(() => rt[READ[flats[k]]](x + 8 * k++));
    } finally {
      T?.popTo(depth);
      if (SC) SC.top = top;
      if (slices) rt.leaveSlices(done);
    }
  };
}

/** `(call)`: runs the host call and returns the flat values of its result (a `Result` catches). */
function iCallHost(rt, t, where = "result") {
  const { flat, isRef } = rt.api.parts.gen;
  const reset = () => rt.S && (rt.S.qn = rt.S.qi = 0);
  if (t.c !== T_RESULT) {
    const lower = iLowerIn(rt, t, where, false);
    return (call) => {
      const v = call(), out = [];
      reset();
      lower(v, out);
      return out;
    };
  }
  const ok = iLowerIn(rt, t.ok, where, false), err = iLowerIn(rt, t.err, "thrown error", false);
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

export function iImport(rt, sig, f) {
  const { flat } = rt.api.parts.gen, { WRITE } = rt.api.parts.more;
  const lifts = sig.params.map((t) => iLiftOut(rt, t, false));
  const flats = flat(sig.result, true);
  const callHost = iCallHost(rt, sig.result, sig.where);
  const multi = flats.length > 1;
  return function (...raws) {
    let k = multi ? 1 : 0;
    const next = () => raws[k++];
    const args = lifts.map((lift) => lift(next));
    const out = callHost(() => rt.host(f, args));
    if (!multi) return out[0];
    out.forEach((v, j) => rt[WRITE[flats[j]]](raws[0] + 8 * j, v));
  };
}

export function iThunk(rt, sig) {
  const { flat, READ } = rt.api.parts.gen, { WRITE } = rt.api.parts.more;
  const lifts = sig.params.map((t) => iLiftOut(rt, t, false));
  const pflats = sig.params.flatMap((t) => flat(t, false));
  const rflats = flat(sig.result, true);
  const callHost = iCallHost(rt, sig.result);
  return function (f, ap, rp) {
    let k = 0;
    const next = () => rt[READ[pflats[k]]](ap + 8 * k++);
    const args = lifts.map((lift) => lift(next));
    let r; // what `f` returns (call.mjs `callThunk`)
    callHost(() => (r = f(...args))).forEach((v, j) => rt[WRITE[rflats[j]]](rp + 8 * j, v));
    return r;
  };
}

/** rustfn.mjs's `maker` without code generation. */
export function iMaker(rt, sig) {
  const { flat, READ, typeName } = rt.api.parts.gen, { WRITE } = rt.api.parts.more;
  const lowers = sig.params.map((t, i) => iLowerIn(rt, t, `Rust closure: argument ${i + 1} (${typeName(t)})`, false));
  const pflats = sig.params.flatMap((t) => flat(t, true));
  const rflats = flat(sig.result, false);
  const lift = iLiftOut(rt, sig.result, true);
  return (run, ap) => (...args) => {
    if (rt.S) rt.S.qn = rt.S.qi = 0;
    const out = [];
    lowers.forEach((lower, i) => lower(args[i], out));
    out.forEach((v, j) => rt[WRITE[pflats[j]]](ap + 8 * j, v));
    const drop = run(); // what to run once the result is read (rustfn.mjs `setup`)
    let k = 0;
    const r = lift(() => rt[READ[rflats[k]]](ap + 8 * k++));
    drop?.();
    return r;
  };
}
