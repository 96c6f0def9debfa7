// Host references (`ExternRef<T>`, `FuncRef`): the part of wasmrust.mjs for modules whose
// signatures or runtime imports have them. The table itself is table.mjs.

import { HandleTable, kindOf, makeTypeTest } from "./table.mjs";

// Export parameters lend every reference: owned ones too, which wasm pins if it keeps them
// (or, inside a record or variant, owns at once: value.rs `ref_adopt`).
const lends = (t) => t.c === 18 || t.c === 19 || [t.inner, t.ok, t.err, ...(t.fields ?? []).map((f) => f.t), ...(t.cases ?? []).map((c) => c.t)].some((u) => u && lends(u));
const describeTest = (test) =>
  ["any value", `an instance of ${test.name}`, `a value of type ${test.name}`, `a value passing ${test.name}`][test.kind];

export function setup(rt, options) {
  const T = (rt.T = options.table ?? new HandleTable());
  const tests = new Map(), byPtr = new Map();
  rt.describeTest = describeTest;
  rt.encoder ??= new TextEncoder();
  rt.typeTest = (test) => {
    const key = test.kind + ":" + test.name;
    let f = tests.get(key);
    if (!f) tests.set(key, (f = makeTypeTest(test, options.classes, options.predicates)));
    return f;
  };
  Object.assign(rt.imports, {
    clone: (h) => T.insert(T.get(h)),
    release(p, n) {
      const d = rt.data(p + 4 * n);
      let first = null;
      for (let k = 0; k < n; k++) {
        try {
          T.release(d.getInt32(p + 4 * k, true));
        } catch (e) {
          first ??= e;
        }
      }
      if (first) throw first;
    },
    test(h, kind, p, len) {
      const key = p * 4 + kind;
      let f = byPtr.get(key);
      if (!f) byPtr.set(key, (f = rt.typeTest({ kind, name: rt.str(p, len) })));
      return rt.host(f, [T.get(h)]) ? 1 : 0; // a predicate is host code (see `guard`)
    },
    pin: (h) => void T.pin(h),
    // `Debug` of an `ExternRef`: the value's kind as UTF-8 at `p` (at most `cap` bytes, whole
    // characters); never throws (a handle the table refuses is described as such).
    describe(h, p, cap) {
      let kind;
      try {
        kind = kindOf(T.get(h));
      } catch (e) {
        kind = `<${e?.message ?? "bad handle"}>`;
      }
      return rt.encoder.encodeInto(kind, rt.view(p + cap).subarray(p, p + cap)).written;
    },
  });
}

// ---- Generated code (see wasmrust.mjs): `g` is the function being generated.

export function lowerIn(g, t, v, outs, where) {
  const rt = g.rt;
  if (t.test.kind) g.emit(`if (!${g.dep(rt.typeTest(t.test))}(${v})) ${g.dep(rt.bad)}(${JSON.stringify(where)}, ${JSON.stringify(describeTest(t.test))}, ${v});`);
  g.emit(`${outs.shift()} = ${g.dep(rt.T)}.${t.c === 19 || g.export ? "push" : "insert"}(${v});`);
}

export function liftOut(g, t, raws) {
  return `${g.dep(g.rt.T)}.${t.c === 19 ? "get" : "take"}(${raws.shift()})`;
}

/** Lent references live until the export returns (or throws, also while lowering arguments). */
export function frame(g, sig) {
  if (!sig.params.some(lends)) return null;
  const T = g.dep(g.rt.T);
  return [`const depth = ${T}.depth;`, `${T}.popTo(depth);`];
}
