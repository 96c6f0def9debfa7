// Typed numeric slices (`&[T]`, `&mut [T]`, `SharedSlice<T>` export parameters) and `Vec<T>` of
// the same numbers (export parameters, passed like `&[T]`, and results, copied out of memory into
// a new TypedArray): the part of wasmrust.mjs for modules whose signatures have them.
//
// An argument is the matching TypedArray. One that is already a view of the module's memory is
// passed in place (its address and length: no copy). Any other is queued and passed as address 0
// and its length: wasm allocates room and takes it with `slice_in`, and for the slices wasm may
// write, hands the elements back with `slice_out` after the function returned; the bytes go into
// the caller's array through a fresh view of memory (the call may have grown it).

const SLICE = 24, SLICE_MUT = 25, SHARED = 26, VEC = 27;
const ARRAYS = [, , , Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, BigUint64Array, BigInt64Array, Float32Array, Float64Array];

export const isSlice = (t) => t.c >= SLICE && t.c <= VEC;

export function setup(rt) {
  // One frame per export call with slices under way: the copied arrays (`a`, taken in order by
  // slice_in), those written back (`b`, in order by slice_out), and the byte ranges passed in
  // place (`r`: start, end, written).
  const F = [];
  const top = () => F[F.length - 1];
  const bytes = (v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  Object.assign(rt, {
    F,
    enterSlices: () => F.push({ a: [], t: 0, b: [], p: 0, r: [] }),
    leaveSlices: () => F.pop(),
    // The checks and the address of one argument (its length is the second flat value).
    sliceIn(t) {
      const C = ARRAYS[t.elem], back = t.c === SLICE_MUT || t.c === SHARED, expected = `a ${C.name}`;
      return (v, where) => {
        if (!(v instanceof C)) rt.bad(where, expected, v);
        if (v.length === 0) return 0;
        // In place: a view of this memory (TypedArrays are aligned for their element already),
        // unless it overlaps another argument of the call in place and one of them is written:
        // Rust must not see two slices alias where one is `&mut`, so that one is copied.
        const f = top(), start = v.byteOffset, end = start + v.byteLength;
        if (v.buffer === rt.memory.buffer && start !== 0 && start % C.BYTES_PER_ELEMENT === 0 && !f.r.some((r) => start < r[1] && r[0] < end && (r[2] || back))) {
          f.r.push([start, end, back]);
          return start;
        }
        f.a.push(v);
        if (back) f.b.push(v);
        return 0;
      };
    },
    // A returned Vec<T> (pointer, byte length): copied into a TypedArray of its own.
    elemsOut(t) {
      const C = ARRAYS[t.elem];
      return (p, n) => {
        const out = new C(n / C.BYTES_PER_ELEMENT);
        bytes(out).set(new Uint8Array(rt.memory.buffer, p, n));
        return out;
      };
    },
  });
  Object.assign(rt.imports, {
    slice_in(dst, n) {
      const f = top(), v = f.a[f.t++];
      new Uint8Array(rt.memory.buffer, dst, n).set(bytes(v).subarray(0, n));
    },
    slice_out(src, n) {
      const f = top(), v = f.b[f.p++];
      bytes(v).set(new Uint8Array(rt.memory.buffer, src, Math.min(n, v.byteLength)));
    },
  });
}

// ---- Generated code (see gen.mjs): `g` is the function being generated.

export function lowerIn(g, t, v, outs, where) {
  const [p, n] = [outs.shift(), outs.shift()];
  g.emit(`${p} = ${g.dep(g.rt.sliceIn(t))}(${v}, ${JSON.stringify(where)}); ${n} = ${v}.length;`);
}

export function liftOut(g, t, raws) {
  return `${g.dep(g.rt.elemsOut(t))}(${raws.shift()}, ${raws.shift()})`;
}

/** An export's slice frame, when its parameters have slices. */
export function frame(g, sig) {
  if (!sig.params.some(isSlice)) return null;
  return [`${g.dep(g.rt.enterSlices)}();`, `${g.dep(g.rt.leaveSlices)}();`];
}
