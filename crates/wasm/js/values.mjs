// Exported records and enums (`#[wasm::export]` on a struct or enum): the part of wasmrust.mjs
// that converts them by their descriptor (codes 31 record, 32 enum, 33 variant, 34 list inside
// them). At the top level such a value is two flat values: going into wasm, bytes this file
// encodes, passed as a `Vec<u8>` is (text.mjs), then 0; coming out, pointer and length of the
// bytes wasm encoded. The encoding: crates/wasm/src/abi/value.rs. In JS a record is a plain
// object of its fields, an enum case its name as a string, a variant `{ tag: "Case", val }`
// (`val` absent for a case without payload), a list an Array. See docs/classes.md. A list is
// also a whole parameter or result (`Vec<String>`, `Vec<ExternRef<T>>`; docs/js-host.md).

const RECORD = 31, ENUM = 32, VARIANT = 33, LIST = 34, STR = 16, REF = 18, OPT = 22, RES = 23, CLASS = 28;
const SIZES = { 1: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 4, 8: 4, 9: 8, 10: 8, 11: 4, 12: 8 };
const utf8in = new TextEncoder(), utf8out = new TextDecoder("utf-8", { fatal: true });

export const isValue = (t) => t.c >= RECORD && t.c <= LIST;

/** A growing byte buffer. */
class Writer {
  constructor() {
    this.b = new Uint8Array(64);
    this.dv = new DataView(this.b.buffer);
    this.n = 0;
  }
  room(k) {
    if (this.n + k <= this.b.length) return this.n;
    const b = new Uint8Array(Math.max(this.b.length * 2, this.n + k));
    b.set(this.b);
    this.b = b;
    this.dv = new DataView(b.buffer);
    return this.n;
  }
  u32(v) {
    const at = this.room(4); // before reading `dv`: room() may replace it
    this.dv.setUint32(at, v, true);
    this.n += 4;
  }
  bytes(a) {
    this.u32(a.length);
    const at = this.room(a.length);
    this.b.set(a, at);
    this.n += a.length;
  }
}

const bad = (where, expected, v) => {
  throw new TypeError(`${where} must be ${expected}, got ${v === null ? "null" : typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`}`);
};

/** `(v, w)`: writes host value `v` of type `t` into Writer `w`. */
function encoder(rt, t, where) {
  switch (t.c) {
    case 1: return (v, w) => { w.room(1); w.b[w.n++] = v ? 1 : 0; };
    case 2: return (v, w) => {
      const c = typeof v === "string" ? v.codePointAt(0) : undefined;
      if (c === undefined || v.length !== (c > 0xffff ? 2 : 1) || (c >= 0xd800 && c <= 0xdfff)) bad(where, "a string of one character", v);
      w.u32(c);
    };
    case 9: case 10: return (v, w) => {
      if (typeof v !== "bigint" && !Number.isInteger(v)) bad(where, "a BigInt (or an integral number)", v);
      const x = typeof v === "bigint" ? v : BigInt(v);
      const at = w.room(8);
      w.dv[t.c === 9 ? "setBigUint64" : "setBigInt64"](at, t.c === 9 ? BigInt.asUintN(64, x) : BigInt.asIntN(64, x), true);
      w.n += 8;
    };
    case 3: case 4: case 5: case 6: case 7: case 8: case 11: case 12: {
      const set = { 3: "setUint8", 4: "setInt8", 5: "setUint16", 6: "setInt16", 7: "setUint32", 8: "setInt32", 11: "setFloat32", 12: "setFloat64" }[t.c];
      return (v, w) => {
        if (typeof v !== "number") bad(where, "a number", v);
        const at = w.room(SIZES[t.c]);
        w.dv[set](at, v, true);
        w.n += SIZES[t.c];
      };
    }
    case STR: return (v, w) => (typeof v === "string" ? w.bytes(utf8in.encode(v)) : bad(where, "a string", v));
    case OPT: {
      const inner = encoder(rt, t.inner, where);
      return (v, w) => { w.room(1); if (v == null) w.b[w.n++] = 0; else { w.b[w.n++] = 1; inner(v, w); } };
    }
    case RES: {
      const ok = encoder(rt, t.ok, where + " (ok)"), err = encoder(rt, t.err, where + " (err)");
      return (v, w) => {
        const obj = v !== null && typeof v === "object";
        w.room(1);
        if (obj && "ok" in v) (w.b[w.n++] = 0, ok(v.ok, w));
        else if (obj && "err" in v) (w.b[w.n++] = 1, err(v.err, w));
        else bad(where, "{ ok: value } or { err: value }", v);
      };
    }
    case LIST: {
      // Errors name the element: an item's message is rewritten with its index (nested lists too).
      const at = where + " element #", item = encoder(rt, t.inner, at);
      return (v, w) => {
        if (!Array.isArray(v)) bad(where, "an array", v);
        w.u32(v.length);
        let i = 0;
        try {
          for (; i < v.length; i++) item(v[i], w);
        } catch (e) {
          throw e instanceof TypeError && e.message.startsWith(at) ? new TypeError(`${where} element ${i}${e.message.slice(at.length)}`) : e;
        }
      };
    }
    case REF: {
      // Only export parameters encode references (`Vec<ExternRef<T>>`, fields of records and
      // variants): lent for the call, as a lone `ExternRef<T>` parameter is (refs.mjs's frame
      // pops them when the call returns); wasm owns a record's at once (value.rs `ref_adopt`).
      const test = t.test.kind ? rt.typeTest(t.test) : null, T = rt.T;
      return (v, w) => {
        if (test && !test(v)) rt.bad(where, rt.describeTest(t.test), v);
        w.u32(T.push(v));
      };
    }
    case RECORD: {
      const fields = t.fields.map((f) => [f.name, encoder(rt, f.t, `${where}: ${t.name}.${f.name}`)]);
      return (v, w) => {
        if (v === null || typeof v !== "object") bad(where, `a ${t.name} object`, v);
        for (const [name, enc] of fields) {
          if (!(name in v)) throw new TypeError(`${where}: ${t.name}.${name} is missing`);
          enc(v[name], w);
        }
      };
    }
    case ENUM: return (v, w) => {
      const k = t.cases.indexOf(v);
      if (k < 0) bad(where, `one of ${t.cases.map((c) => JSON.stringify(c)).join(", ")} (${t.name})`, v);
      w.u32(k);
    };
    case VARIANT: {
      const cases = t.cases.map((c) => c.t && encoder(rt, c.t, `${where}: ${t.name}.${c.name}`));
      const names = t.cases.map((c) => c.name);
      return (v, w) => {
        const k = v !== null && typeof v === "object" ? names.indexOf(v.tag) : -1;
        if (k < 0) bad(where, `{ tag, val } with tag one of ${names.map((c) => JSON.stringify(c)).join(", ")} (${t.name})`, v);
        w.u32(k);
        cases[k]?.(v.val, w);
      };
    }
    case CLASS: {
      const lower = rt.api.parts.classes.iLowerIn(rt, t, where), out = [];
      return (v, w) => {
        out.length = 0;
        lower(v, out);
        w.u32(out[0]);
        w.u32(out[1]);
      };
    }
  }
  throw new Error(`wasmrust: type code ${t.c} inside an exported type`);
}

/** `(r)`: reads a value of type `t` at `r.at` of DataView `r.dv`. */
function decoder(rt, t) {
  const u32 = (r) => ((r.at += 4), r.dv.getUint32(r.at - 4, true));
  switch (t.c) {
    case 1: return (r) => r.dv.getUint8(r.at++) !== 0;
    case 2: return (r) => String.fromCodePoint(u32(r));
    case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: {
      const get = { 3: "getUint8", 4: "getInt8", 5: "getUint16", 6: "getInt16", 7: "getUint32", 8: "getInt32", 9: "getBigUint64", 10: "getBigInt64", 11: "getFloat32", 12: "getFloat64" }[t.c];
      const n = SIZES[t.c];
      return (r) => ((r.at += n), r.dv[get](r.at - n, true));
    }
    case STR: return (r) => {
      const n = u32(r);
      return utf8out.decode(new Uint8Array(r.dv.buffer, r.dv.byteOffset + (r.at += n) - n, n));
    };
    case OPT: {
      const inner = decoder(rt, t.inner);
      return (r) => (r.dv.getUint8(r.at++) === 0 ? null : inner(r));
    }
    case RES: {
      const ok = decoder(rt, t.ok), err = decoder(rt, t.err);
      return (r) => (r.dv.getUint8(r.at++) === 0 ? { ok: ok(r) } : { err: err(r) });
    }
    case REF: return (r) => rt.T.take(u32(r)); // a result's references, handed over
    case LIST: {
      const item = decoder(rt, t.inner);
      return (r) => Array.from({ length: u32(r) }, () => item(r));
    }
    case RECORD: {
      const fields = t.fields.map((f) => [f.name, decoder(rt, f.t)]);
      return (r) => {
        const o = {};
        for (const [name, dec] of fields) o[name] = dec(r);
        return o;
      };
    }
    case ENUM: return (r) => t.cases[u32(r)];
    case VARIANT: {
      const cases = t.cases.map((c) => c.t && decoder(rt, c.t));
      return (r) => {
        const k = u32(r), o = { tag: t.cases[k].name };
        if (cases[k]) o.val = cases[k](r);
        return o;
      };
    }
    case CLASS: {
      const lift = rt.api.parts.classes.iLiftOut(rt, t);
      return (r) => {
        const handle = [u32(r), u32(r)];
        let k = 0;
        return lift(() => handle[k++]);
      };
    }
  }
  throw new Error(`wasmrust: type code ${t.c} inside an exported type`);
}

/** The encoder of a top-level value: host value -> Uint8Array. */
export function encode(rt, t, where) {
  const enc = encoder(rt, t, where);
  return (v) => {
    const w = new Writer();
    enc(v, w);
    return w.b.subarray(0, w.n);
  };
}

/** The decoder of a top-level result: pointer, length -> host value (copied out first: the
 * memory may change while decoding makes objects). */
export function decode(rt, t) {
  const dec = decoder(rt, t);
  return (p, len) => {
    const copy = rt.view(p + len).slice(p, p + len);
    return dec({ dv: new DataView(copy.buffer), at: 0 });
  };
}

// ---- Generated code (gen.mjs) and closures (closures.mjs).

/** The codec `encode` or `decode` of `t` for generated code; emit.mjs's files make it when they
 * load (`rt.loaded`: the value of the expression that does, from the type written out). */
const codec = (g, make, ...args) => g.dep(g.rt.loaded?.(`$values.${make.name}(rt, ${args.map((a) => JSON.stringify(a))})`, args[0]) ?? make(g.rt, ...args));

export function lowerIn(g, t, v, outs, where) {
  const o0 = outs.shift(), o1 = outs.shift(), b = g.tmp("e");
  g.emit(`const ${b} = ${codec(g, encode, t, where)}(${v});`);
  g.rt.api.parts.text.lowerIn(g, { c: 17 }, b, [o0], where);
  g.emit(`${o1} = 0;`);
}

export function liftOut(g, t, raws) {
  return `${codec(g, decode, t)}(${raws.shift()}, ${raws.shift()})`;
}

export function iLowerIn(rt, t, where, bytes) {
  const enc = encode(rt, t, where);
  return (v, out) => {
    bytes(enc(v), out);
    out.push(0);
  };
}

export function iLiftOut(rt, t) {
  const dec = decode(rt, t);
  return (next) => {
    const p = next();
    return dec(p, next());
  };
}
