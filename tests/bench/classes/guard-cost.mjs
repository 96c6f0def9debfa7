// What the JS side of a class method call costs in V8, apart from the module: the same tiny wasm
// export (`(i32, i32) -> i32`, an add; wasm-bindgen's shape `(i32) -> i32`) called through
// method wrappers that differ in one thing each, alternating in one process. Prints
// `variant<TAB>median ns<TAB>min ns` per call. Usage: node guard-cost.mjs
//
// - `wasm-bindgen`: `raw(this.__wbg_ptr)`, no check, no `try` (its generated method);
// - `WasmRust`: what gen.mjs generates for `universe.width()`: the handle test (`o?.[G] > 0`),
//   two symbol reads, the raw call inside the abandon guard's `try`;
// - `WasmRust, no try`: the same without the `try` (not a safe option: see docs/benchmarks.md);
// - `wasm-bindgen + try`: wasm-bindgen's shape inside a `try`.

// (module (func (export "f") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
//         (func (export "g") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
const bytes = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, // magic, version
  1, 12, 2, 96, 2, 127, 127, 1, 127, 96, 1, 127, 1, 127, // types: (i32 i32) -> i32, (i32) -> i32
  3, 3, 2, 0, 1, // functions
  7, 9, 2, 1, 102, 0, 0, 1, 103, 0, 1, // exports "f", "g"
  10, 17, 2, 7, 0, 32, 0, 32, 1, 106, 11, 7, 0, 32, 0, 65, 1, 106, 11, // code
]);
const { instance } = await WebAssembly.instantiate(bytes);
const { f: two, g: one } = instance.exports;
const I = Symbol("U.slot"), G = Symbol("U.generation");
const gone = (o, where) => {
  throw new TypeError(where);
};
const slot = (o, where) => (o?.[G] > 0 ? o[I] : gone(o, where));
const P = (e) => e;

const variants = {
  "wasm-bindgen": ["", "const c = raw(this.__wbg_ptr);", one],
  "wasm-bindgen + try": ["", "let c; try { c = raw(this.__wbg_ptr); } catch (e) { throw P(e); }", one],
  WasmRust: ['const x0 = slot(this, "U.width: this"), x1 = this[G];', "let c; try { c = raw(x0, x1); } catch (e) { throw P(e); }", two],
  "WasmRust, no try": ['const x0 = slot(this, "U.width: this"), x1 = this[G];', "const c = raw(x0, x1);", two],
};
const sink = {}, runs = {}, samples = {};
for (const [name, [lower, call, raw]] of Object.entries(variants)) {
  function C() {}
  C.prototype.width = new Function("slot", "G", "raw", "P", `return function width() { ${lower} ${call} return c >>> 0; }`)(slot, G, raw, P);
  const u = Object.assign(Object.create(C.prototype), { __wbg_ptr: 8, [I]: 3, [G]: 1 });
  // A function of its own per variant (the comment keeps V8 from sharing one's feedback).
  runs[name] = new Function("u", "sink", `// ${name}\nreturn (n) => { let s = 0; for (let i = 0; i < n; i++) s += u.width(); sink.s = s; };`)(u, sink);
}
const n = 1_000_000;
for (const run of Object.values(runs)) run(n / 2); // warm up
for (let r = 0; r < 15; r++) {
  for (const [name, run] of Object.entries(runs)) {
    const t0 = process.hrtime.bigint();
    run(n);
    (samples[name] ??= []).push(Number(process.hrtime.bigint() - t0) / n);
  }
}
for (const [name, s] of Object.entries(samples)) {
  s.sort((a, b) => a - b);
  console.log(`${name}\t${s[s.length >> 1].toFixed(2)}\t${s[0].toFixed(2)}`);
}
