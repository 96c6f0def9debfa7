// Typed numeric slices (`&[T]`, `&mut [T]`, `SharedSlice<T>` export parameters) and `Vec<T>` of
// the same numbers (export parameters, passed like `&[T]`, and results, copied out of memory into
// a new TypedArray): the part of wasmrust.mjs for modules whose signatures have them.
//
// An argument is the matching TypedArray, passed as an address and its length. One that is
// already a view of the module's memory is passed in place (no copy). Any other is copied into
// the module's scratch area before the call when it fits (wasm then sees it in place too; for
// the slices wasm may write, the elements are copied back once the call returned, `Ok` or
// `Err`, never after a trap). Else it is queued and passed as address 0: wasm allocates room and
// takes it with `slice_in`, and for the slices it may write hands the elements back with
// `slice_out` after the function returned; the bytes go into the caller's array through a fresh
// view of memory (the call may have grown it).

const SLICE = 24, SLICE_MUT = 25, SHARED = 26, VEC = 27;
export const ARRAYS = [, , , Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, BigUint64Array, BigInt64Array, Float32Array, Float64Array];

export const isSlice = (t) => t.c >= SLICE && t.c <= VEC;

/** Copies `n` elements from `src` at `from` to `dst` at `to`; a loop beats `set` (a runtime call)
 * for short arrays. */
function copy(dst, to, src, from, n) {
  if (n <= 32) for (let i = 0; i < n; i++) dst[to + i] = src[from + i];
  else dst.set(from === 0 && n === src.length ? src : src.subarray(from, from + n), to); // no view when whole
}

export function setup(rt) {
  // One frame per export call with slices under way: the queued arrays (`a`, `na` of them,
  // taken in order by slice_in at `t`), those written back (`b`, `nb`, by slice_out at `p`), the
  // byte ranges passed in place (`r`: start, end, written; `nr` numbers), and the written arrays
  // copied into the scratch area (`s`: array, address; `ns` entries). Frames are reused and their
  // slots cleared on leaving (no caller's array stays reachable): a call allocates nothing here,
  // and never sets an array's `length` (a runtime call in V8).
  const F = [], SC = rt.SC;
  let depth = 0;
  const top = () => F[depth - 1];
  // A view of the whole memory per TypedArray type, renewed once memory grew past it (growth
  // detaches the old buffer: its views then have length 0).
  const views = new Map();
  const mem = (C, end) => {
    let m = views.get(C);
    if (m === undefined || m.length * C.BYTES_PER_ELEMENT < end) views.set(C, (m = new C(rt.memory.buffer)));
    return m;
  };
  Object.assign(rt, {
    enterSlices() {
      const f = (F[depth++] ??= { a: [], na: 0, t: 0, b: [], nb: 0, p: 0, r: [], nr: 0, s: [], ns: 0 });
      f.t = f.p = 0;
    },
    // `returned`: the call returned (its `Ok` or `Err`), so written scratch copies go back.
    leaveSlices(returned) {
      const f = F[--depth];
      for (let i = 0; i < f.ns; i += 2) {
        const v = f.s[i];
        if (returned) {
          const C = v.constructor, n = v.length, k = f.s[i + 1] / C.BYTES_PER_ELEMENT;
          copy(v, 0, mem(C, f.s[i + 1] + n * C.BYTES_PER_ELEMENT), k, n);
        }
        f.s[i] = null;
      }
      for (let i = 0; i < f.na; i++) f.a[i] = null;
      for (let i = 0; i < f.nb; i++) f.b[i] = null;
      f.na = f.nb = f.nr = f.ns = 0;
    },
    // The checks and the address of one argument (its length is the second flat value).
    sliceIn(t) {
      const C = ARRAYS[t.elem], back = t.c === SLICE_MUT || t.c === SHARED, expected = `a ${C.name}`;
      const size = C.BYTES_PER_ELEMENT;
      // This closure's view of memory and its buffer: TypedArray accessors other than `length`
      // (`buffer`, `byteLength`, `byteOffset`) cost ~10 ns each in V8; each call reads few.
      let m = null, buffer = null;
      const renew = () => (buffer = (m = new C(rt.memory.buffer)).buffer);
      return (v, where) => {
        if (!(v instanceof C)) rt.bad(where, expected, v);
        const n = v.length;
        if (n === 0) return 0;
        if (m === null || m.length === 0) renew(); // growth detaches the old buffer
        // In place: a view of this memory (TypedArrays are aligned for their element already),
        // unless it overlaps another argument of the call in place and one of them is written:
        // Rust must not see two slices alias where one is `&mut`, so that one is copied.
        const f = top();
        if (v.buffer === buffer) {
          const start = v.byteOffset, end = start + n * size;
          if (start !== 0 && !overlaps(f, start, end, back)) {
            f.r[f.nr++] = start, f.r[f.nr++] = end, f.r[f.nr++] = back;
            return start;
          }
        }
        // Into the scratch area, aligned for the element, if it fits above this call's others.
        const at = (SC.top + size - 1) & -size;
        if (SC.base !== 0 && at + n * size <= SC.size) {
          const address = SC.base + at;
          copy(m, address / size, v, 0, n);
          SC.top = at + n * size;
          if (back) f.s[f.ns++] = v, f.s[f.ns++] = address;
          return address;
        }
        f.a[f.na++] = v;
        if (back) f.b[f.nb++] = v;
        return 0;
      };
    },
    // A returned Vec<T> (pointer, byte length): copied into a TypedArray of its own.
    elemsOut(t) {
      const C = ARRAYS[t.elem], size = C.BYTES_PER_ELEMENT;
      return (p, n) => {
        // wasm keeps the `Vec<T>` itself, aligned for `T`: one copy, by `slice`.
        if (p % size === 0) return mem(C, p + n).slice(p / size, (p + n) / size);
        const out = new C(n / size); // byte-wise, should a buffer ever be unaligned
        new Uint8Array(out.buffer).set(rt.view(p + n).subarray(p, p + n));
        return out;
      };
    },
  });
  Object.assign(rt.imports, {
    // Same-type TypedArray copies (a memcpy); wasm's `Vec<T>` buffers are aligned for `T`, and
    // `n` is the array's byte length, which wasm got from it.
    slice_in(dst, n, scratch, size) {
      rt.announce(scratch, size);
      const f = top(), v = f.a[f.t++];
      mem(v.constructor, dst + n).set(v, dst / v.BYTES_PER_ELEMENT);
    },
    slice_out(src, n) {
      const f = top(), v = f.b[f.p++];
      const k = src / v.BYTES_PER_ELEMENT;
      v.set(mem(v.constructor, src + n).subarray(k, k + Math.min(n, v.byteLength) / v.BYTES_PER_ELEMENT));
    },
  });
}

/** Whether [start, end) overlaps a range of frame `f` passed in place where either is written. */
function overlaps(f, start, end, back) {
  for (let i = 0; i < f.nr; i += 3) if (start < f.r[i + 1] && f.r[i] < end && (f.r[i + 2] || back)) return true;
  return false;
}

// ---- Generated code (see gen.mjs): `g` is the function being generated.

export function lowerIn(g, t, v, outs, where) {
  const [p, n] = [outs.shift(), outs.shift()];
  g.emit(`${p} = ${g.dep(g.rt.sliceIn(t))}(${v}, ${JSON.stringify(where)}); ${n} = ${v}.length;`);
}

export function liftOut(g, t, raws) {
  return `${g.dep(g.rt.elemsOut(t))}(${raws.shift()}, ${raws.shift()})`;
}

/** An export's slice frame, when its parameters have slices (`done`: see gen.mjs). */
export function frame(g, sig) {
  if (!sig.params.some(isSlice)) return null;
  const SC = g.dep(g.rt.SC);
  return [`${g.dep(g.rt.enterSlices)}(); const stop = ${SC}.top;`, `${SC}.top = stop; ${g.dep(g.rt.leaveSlices)}(done);`];
}
