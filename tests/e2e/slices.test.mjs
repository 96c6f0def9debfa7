// Typed slices as export parameters (fixture `slices`). Run by tests/slices.rs with WASM=<wasm>,
// once with generated wrappers and once with WASMRUST_CODEGEN=0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate, RustError } from "../../crates/wasm/js/wasmrust.mjs";

const codegen = process.env.WASMRUST_CODEGEN !== "0";
// `host.reenter` calls back into the module while `outer` is under way (see that case).
let onReenter = () => {};
// Counts the module's `slice_in` calls (the queued copy path), seen through the import object
// the runtime builds.
let sliceIns = 0;
const instantiateWasm = WebAssembly.instantiate;
WebAssembly.instantiate = (module, imports) => {
  const take = imports?.__wasmrust?.slice_in; // not Node's own modules (undici's llhttp)
  if (take) imports.__wasmrust.slice_in = (...args) => (sliceIns++, take(...args));
  return instantiateWasm(module, imports);
};
const { exports: e } = await instantiate(await readFile(process.env.WASM), { codegen, imports: { host: { reenter: () => onReenter() } } });
WebAssembly.instantiate = instantiateWasm;

const TYPES = {
  u8: Uint8Array, i8: Int8Array, u16: Uint16Array, i16: Int16Array, u32: Uint32Array,
  i32: Int32Array, u64: BigUint64Array, i64: BigInt64Array, f32: Float32Array, f64: Float64Array,
};
// `x * 2 + 1`, wrapped to the element type like the module does.
const twicePlusOne = (C, x) => C.of(typeof x === "bigint" ? x * 2n + 1n : x * 2 + 1)[0];
const sample = (C) => {
  const big = C.name.startsWith("Big");
  const values = [0, 1, 2, 100, 127, -3, 250, 7].map((v) => (big ? BigInt(v) : v));
  return C.from(values.map((v) => C.of(v)[0])); // wrapped into range (e.g. -3 as u8 is 253)
};
const copy = (a) => a.slice();
const inMemory = (C, n) => {
  const bytes = n * C.BYTES_PER_ELEMENT, p = e.alloc_f32(Math.ceil(bytes / 4));
  return [new C(e.memory.buffer, p, n), () => e.free_f32(p, Math.ceil(bytes / 4))];
};

test("&[T] of every element type is read in wasm", () => {
  for (const [name, C] of Object.entries(TYPES)) {
    const a = sample(C), before = copy(a);
    let expected = [...a].reduce((s, v) => s + v, typeof a[0] === "bigint" ? 0n : 0);
    if (name === "u64") expected = BigInt.asUintN(64, expected); // wasm's sum wraps
    const got = e[`sum_${name}`](a);
    if (name === "f32") assert.ok(Math.abs(got - expected) < 1e-3, name);
    else assert.equal(got, expected, name);
    assert.deepEqual(a, before, `${name}: a read-only slice is not written back`);
  }
});

test("&mut [T] and SharedSlice<T> of every element type are written back to the caller's array", () => {
  for (const [name, C] of Object.entries(TYPES)) {
    for (const f of ["bump", "shared"]) {
      const a = sample(C), expected = C.from([...a].map((x) => twicePlusOne(C, x)));
      const address = e[`${f}_${name}`](a);
      assert.ok(address > 0 && address % C.BYTES_PER_ELEMENT === 0, `${f}_${name}: aligned in wasm memory`);
      assert.deepEqual(a, expected, `${f}_${name}`);
    }
  }
});

test("a view of the module's memory is passed in place: no copy", () => {
  for (const [name, C] of Object.entries(TYPES)) {
    for (const f of ["bump", "shared"]) {
      const [view, free] = inMemory(C, 5);
      view.set(sample(C).subarray(0, 5));
      const expected = C.from([...view].map((x) => twicePlusOne(C, x)));
      assert.equal(e[`${f}_${name}`](view), view.byteOffset, `${f}_${name}: wasm saw the view's own address`);
      assert.deepEqual(view, expected, `${f}_${name}: written in place`);
      free();
    }
  }
  // Read-only in place too, and a subarray at an offset.
  const [view, free] = inMemory(Float64Array, 4);
  view.set([1.5, 2.5, 3.5, 4.5]);
  assert.equal(e.sum_f64(view.subarray(1)), 10.5);
  const sub = view.subarray(2);
  assert.equal(e.shared_f64(sub), sub.byteOffset);
  assert.deepEqual([...view], [1.5, 2.5, 8, 10]);
  free();
  // A copied array lands elsewhere.
  const plain = new Float32Array([1, 2]);
  assert.notEqual(e.bump_f32(plain), plain.byteOffset);
});

test("overlapping views in place: only read-only slices share memory, a written one is copied", () => {
  const [view, free] = inMemory(Int32Array, 4);
  view.set([1, 2, 3, 4]);
  assert.equal(e.same_memory_read(view, view), true, "two reads share the memory");
  assert.equal(e.same_memory(view, view.subarray(1)), false, "no &mut aliases a & of the same call");
  assert.equal(e.same_memory(view, view), false);
  // The read one is in place, the written one a copy that goes back after the call.
  const out = view.subarray(0, 3);
  assert.equal(e.mix("", view, out, new Float64Array(0), 1), 0);
  assert.deepEqual([...view], [10, 20, 30, 4]);
  free();
});

test("the wrong kind of argument is a TypeError naming the parameter and the expected array", () => {
  const cases = [
    [() => e.sum_f32(new Float64Array(2)), /^sum_f32: argument 1 \(&\[f32\]\) must be a Float32Array, got object Float64Array$/],
    [() => e.bump_i64([1n, 2n]), /^bump_i64: argument 1 \(&mut \[i64\]\) must be a BigInt64Array, got object Array$/],
    [() => e.shared_u8(new Int8Array(1)), /^shared_u8: argument 1 \(SharedSlice<u8>\) must be a Uint8Array, got object Int8Array$/],
    [() => e.bump_u64(new BigInt64Array(1)), /must be a BigUint64Array, got object BigInt64Array/],
    [() => e.parallel_transform(null), /^parallel_transform: argument 1 \(SharedSlice<f32>\) must be a Float32Array, got null$/],
    [() => e.mix("x", new Int32Array(1), new Int32Array(1), new Float32Array(1), 2), /^mix: argument 4 \(SharedSlice<f64>\) must be a Float64Array/],
  ];
  for (const [call, message] of cases) assert.throws(call, (err) => err instanceof TypeError && message.test(err.message));
  // The module is fine afterwards.
  assert.equal(e.sum_i32(new Int32Array([1, 2, 3])), 6);
});

test("empty arrays", () => {
  assert.equal(e.lengths(new Uint16Array(0), new BigInt64Array(0), new Float32Array(0)), 0);
  assert.equal(e.lengths(new Uint16Array(3), new BigInt64Array(0), new Float32Array(2)), 30002);
  assert.equal(e.sum_f64(new Float64Array(0)), 0);
  const [view, free] = inMemory(Float32Array, 1);
  assert.equal(e.lengths(new Uint16Array(0), new BigInt64Array(2), view.subarray(0, 0)), 200);
  free();
});

test("several slices and a string in one call; each goes back to its own array", () => {
  const a = new Int32Array([1, 2, 3]), out = new Int32Array(3), scaled = new Float64Array([1, 2]);
  assert.equal(e.mix("héllo", a, out, scaled, 1.5), 6);
  assert.deepEqual([...out], [10, 20, 30]);
  assert.deepEqual([...scaled], [1.5, 3]);
  assert.deepEqual([...a], [1, 2, 3]);
});

test("written back after an Err; not after a trap", () => {
  const x = new Int32Array(4);
  assert.throws(() => e.fill_then_err(x, 9), (err) => err instanceof RustError && err.message === "filled 4");
  assert.deepEqual([...x], [9, 9, 9, 9]);
  const y = new Int32Array([1, 2]);
  assert.throws(() => e.fill_then_panic(y), WebAssembly.RuntimeError);
  assert.deepEqual([...y], [1, 2], "a trap abandons the call: the caller's array keeps its contents");
  assert.equal(e.sum_i32(new Int32Array([4, 5])), 9, "the module still works");
});

test("copies go through the 16 KiB scratch area when they fit, else through slice_in; both written back", () => {
  e.sum_f64(new Float64Array(1)); // the first copy announces the scratch area (if nothing did yet)
  const ramp = (n) => Float64Array.from({ length: n }, (_, i) => i);
  const bumped = (a) => a.map((x) => x * 2 + 1);
  for (const [n, queued] of [[1, 0], [100, 0], [2048, 0], [2049, 1], [5000, 1]]) {
    const a = ramp(n), before = sliceIns;
    assert.ok(e.bump_f64(a) > 0);
    assert.deepEqual(a, bumped(ramp(n)), `${n} elements written back`);
    assert.equal(sliceIns - before, queued, `${n} f64 (${n * 8} bytes): ${queued ? "queued" : "in the scratch area"}`);
  }
  // Two arguments share the area, each aligned for its element; the second no longer fits.
  const before = sliceIns, a = new Uint16Array([1, 2, 3]), b = new BigInt64Array(2048), c = new Float32Array([1]);
  assert.equal(e.lengths(a, b, c), 3 * 10000 + 2048 * 100 + 1);
  assert.equal(sliceIns - before, 1, "b (16,384 bytes, aligned to 8 after a's 6) did not fit; c did");
  // An `Err` writes back, a trap does not: on both paths.
  for (const n of [4, 5000]) {
    const x = new Int32Array(n);
    assert.throws(() => e.fill_then_err(x, 9), (err) => err instanceof RustError && err.message === `filled ${n}`);
    assert.ok(x.every((v) => v === 9), `${n}: written back after an Err`);
    const y = Int32Array.from({ length: n }, (_, i) => i);
    assert.throws(() => e.fill_then_panic(y), WebAssembly.RuntimeError);
    assert.ok(y.every((v, i) => v === i), `${n}: not written back after a trap`);
  }
});

test("memory growth during the call: the copy back uses a fresh view of memory", () => {
  const x = new Float64Array(3), before = e.memory.buffer.byteLength;
  const pages = e.grow_then_fill(x, 2);
  assert.equal(pages * 65536, before);
  assert.equal(e.memory.buffer.byteLength, before + 2 * 65536);
  assert.deepEqual([...x], [0.5, 1.5, 2.5]);
  // In place: the old view is detached; the elements are in memory at the same address.
  const [view, free] = inMemory(Float64Array, 2);
  const address = view.byteOffset;
  e.grow_then_fill(view, 1);
  assert.equal(view.length, 0, "growth detached the caller's view");
  assert.deepEqual([...new Float64Array(e.memory.buffer, address, 2)], [0.5, 1.5]);
  free();
});

test("Vec<T> of numbers: parameters like &[T], results copied into a TypedArray of their own", () => {
  const d = e.doubled(new BigInt64Array([1n, -2n, 2n ** 62n]));
  assert.ok(d instanceof BigInt64Array);
  assert.deepEqual([...d], [2n, -4n, -(2n ** 63n)]);
  const sq = e.squares(5);
  assert.ok(sq instanceof Float64Array && sq.buffer !== e.memory.buffer, "a copy, not a view of memory");
  assert.deepEqual([...sq], [0, 1, 4, 9, 16]);
  assert.deepEqual(e.squares(0), new Float64Array(0));
  assert.deepEqual([...e.evens(new Uint16Array([1, 2, 3, 4, 65534]))], [2, 4, 65534]);
  assert.throws(() => e.evens(new Uint16Array(0)), (err) => err instanceof RustError && err.message === "no numbers");
  assert.deepEqual(e.maybe_ramp(3), new Float32Array([0, 0.5, 1]));
  assert.equal(e.maybe_ramp(-1), null);
  assert.throws(() => e.doubled([1n]), /^TypeError: doubled: argument 1 \(Vec<i64>\) must be a BigInt64Array, got object Array$/);
  // A view of the module's memory as a Vec parameter: wasm copies it into its own Vec.
  const [view, free] = inMemory(BigInt64Array, 2);
  view.set([5n, 6n]);
  assert.deepEqual([...e.doubled(view)], [10n, 12n]);
  assert.deepEqual([...view], [5n, 6n]);
  free();
});

test("a nested call with slices, made from an import during a call with slices, keeps its own arrays", () => {
  const x = new Int32Array(3), y = new Int32Array(2), inner = new Int32Array([5, 6]);
  let seen = null;
  onReenter = () => {
    seen = e.bump_i32(inner);
    assert.throws(() => e.sum_i16(new Int8Array(1)), TypeError); // a failed nested call unwinds its frame
  };
  try {
    assert.equal(e.outer(x, y), 3);
  } finally {
    onReenter = () => {};
  }
  assert.ok(seen > 0);
  assert.deepEqual([...inner], [11, 13]);
  assert.deepEqual([...x], [1, 1, 1]);
  assert.deepEqual([...y], [2, 2]);
});

test("issue 3's parallel_transform over 1,000,000 f32", () => {
  const n = 1_000_000, data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = i;
  assert.equal(e.parallel_transform(data), undefined);
  for (let i = 0; i < n; i++) {
    const want = Math.fround(Math.fround(Math.sqrt(i)) + 1);
    if (data[i] !== want) assert.fail(`element ${i}: ${data[i]} != ${want}`);
  }
  // In place, on a view of the module's memory.
  const [view, free] = inMemory(Float32Array, n);
  view.fill(16);
  e.parallel_transform(view);
  assert.ok(view.every((x) => x === 5));
  free();
});
