// Strings and byte arrays: the part of wasmrust.mjs for modules whose signatures have them.
//
// Into wasm, a short export argument is written before the call into the module's scratch area
// (gen.mjs's, announced by the first take_str / take_bytes / slice_in; a stack popped when the
// call returns) and passed as `1 << 31 | offset << 15 | length`; otherwise it is queued and its
// length passed, and wasm takes it with take_str / take_bytes. Out of wasm: pointer and length,
// read during the call.

const FLAG = 0x80000000, MAX = 0x7fff;
const encoder = new TextEncoder();
const usesQueue = (t) => t.c === 16 || t.c === 17 || (t.c >= 31 && t.c <= 34) || [t.inner, t.ok, t.err].some((u) => u && usesQueue(u));

export function setup(rt) {
  const decode = rt.str; // gen.mjs's
  const Q = [], S = { qn: 0, qi: 0 }, { SC, announce } = rt; // gen.mjs's scratch area
  // Writes the ASCII prefix of `s` at `at`; the rest with TextEncoder. Returns bytes written, or
  // -1 if `s` does not fit before `end`.
  const write = (s, a, at, end) => {
    const n = s.length;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) break;
      a[at + i] = c;
    }
    if (i === n) return n;
    const r = encoder.encodeInto(s.slice(i), a.subarray(at + i, end));
    return i + r.read < n ? -1 : i + r.written;
  };
  const fits = (n) => SC.base !== 0 && n <= MAX && n <= SC.size - SC.top;
  const claim = (n) => {
    const raw = FLAG | (SC.top << 15) | n;
    SC.top += n;
    return raw;
  };
  const take = () => {
    const v = Q[S.qi];
    Q[S.qi++] = undefined;
    return v;
  };
  Object.assign(rt, {
    Q, S, write,
    // Into the scratch area if it fits, else queued: the flat value.
    putStr(s) {
      if (fits(s.length)) {
        const n = write(s, rt.view(SC.base + SC.size), SC.base + SC.top, SC.base + SC.size);
        if (n >= 0 && n <= MAX) return claim(n);
      }
      Q[S.qn++] = s;
      return s.length;
    },
    putBytes(b) {
      if (!fits(b.length)) return (Q[S.qn++] = b).length;
      rt.view(SC.base + SC.size).set(b, SC.base + SC.top);
      return claim(b.length);
    },
    // Short ASCII strings are faster built here than decoded: one `String.fromCharCode` of a
    // fixed 12 or 24 bytes (as many arguments: no array, no appending), cut to `len` (11 bytes
    // in ~30 ns, where TextDecoder takes ~90 and appending a character at a time ~75:
    // docs/benchmarks.md). Bytes read past the memory's end are `undefined`, characters cut off
    // with the others past `len`. (emit.mjs's files keep gen.mjs's `str`: all of this is here.)
    str(p, len) {
      const a = rt.view(p + len);
      if (len > 24) return decode(p, len);
      let bits = 0; // of all bytes: above 127 if one is not ASCII
      for (let i = 0; i < len; i++) bits |= a[p + i];
      if (bits > 127) return decode(p, len);
      const s = len <= 12
        ? String.fromCharCode(a[p], a[p + 1], a[p + 2], a[p + 3], a[p + 4], a[p + 5], a[p + 6], a[p + 7], a[p + 8], a[p + 9], a[p + 10], a[p + 11])
        : String.fromCharCode(a[p], a[p + 1], a[p + 2], a[p + 3], a[p + 4], a[p + 5], a[p + 6], a[p + 7], a[p + 8], a[p + 9], a[p + 10], a[p + 11],
          a[p + 12], a[p + 13], a[p + 14], a[p + 15], a[p + 16], a[p + 17], a[p + 18], a[p + 19], a[p + 20], a[p + 21], a[p + 22], a[p + 23]);
      return len === 12 || len === 24 ? s : s.slice(0, len);
    },
    bytesOut: (p, len) => rt.view(p + len).slice(p, p + len),
    clampedOut: (p, len) => new Uint8ClampedArray(rt.bytesOut(p, len).buffer), // `Clamped<Vec<u8>>`
    bytesIn(v, where) {
      if (v instanceof Uint8Array) return v;
      if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (v instanceof ArrayBuffer) return new Uint8Array(v);
      if (Array.isArray(v)) return Uint8Array.from(v);
      rt.bad(where, "a Uint8Array, ArrayBuffer or array of bytes", v);
    },
  });
  Object.assign(rt.imports, {
    take_str(p, cap, scratch, size) {
      announce(scratch, size);
      return rt.write(take(), rt.view(p + cap), p, p + cap);
    },
    take_bytes(p, cap, scratch, size) {
      announce(scratch, size);
      const b = take();
      rt.view(p + cap).set(b.length > cap ? b.subarray(0, cap) : b, p);
    },
  });
}

// ---- Generated code (see wasmrust.mjs): `g` is the function being generated.

export function lowerIn(g, t, v, outs, where) {
  const rt = g.rt, o = outs.shift(), w = JSON.stringify(where);
  let b = v;
  if (t.c === 16) g.emit(`if (typeof ${v} !== "string") ${g.dep(rt.bad)}(${w}, "a string", ${v});`);
  else g.emit(`const ${(b = g.tmp("b"))} = ${g.dep(rt.bytesIn)}(${v}, ${w});`);
  if (g.scratch) g.emit(`${o} = ${g.dep(t.c === 16 ? rt.putStr : rt.putBytes)}(${b});`);
  else g.emit(`${g.dep(rt.Q)}[${g.dep(rt.S)}.qn++] = ${b}; ${o} = ${b}.length;`);
}

export function liftOut(g, t, raws) {
  return `${g.dep(t.c === 16 ? g.rt.str : t.clamped ? g.rt.clampedOut : g.rt.bytesOut)}(${raws.shift()}, ${raws.shift()})`;
}

/** An export's queue reset and scratch stack, when its parameters carry text. */
export function frame(g, sig) {
  if (!sig.params.some(usesQueue)) return null;
  g.scratch = true;
  const SC = g.dep(g.rt.SC);
  return [`${reset(g, { c: 16 })} const top = ${SC}.top;`, `${SC}.top = top;`];
}

/** The queue reset before lowering a host result of type `t`. */
export function reset(g, t) {
  if (!usesQueue(t)) return "";
  const S = g.dep(g.rt.S);
  return `${S}.qn = 0; ${S}.qi = 0;`;
}
