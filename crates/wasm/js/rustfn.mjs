// `wasm::Closure`: the part of wasmrust.mjs for modules that hand Rust closures to JS as
// functions. The signature comes by address as for `FuncRef::call` (call.mjs); the arguments go
// into the module's closure slots, `__wasmrust_fn_call_i32_1(run, index, id, 0)` runs the closure and
// returns 0 or why it did not (registry.rs `Refused`), and the result is read back from the same
// slots. `run` and a closure's typed entry (values as parameters, `maker`) are addresses in the
// module's function table, which the exports call (closure/mod.rs `transport`). With code
// generation each signature gets one function making the JS functions of its closures, with the
// call, its guard and the slot accesses inline (the per-call hot path).

const REFUSED = [
  "",
  "this Rust closure was released",
  "this Rust FnMut closure is already running (a re-entrant call; use Closure::new with an Fn)",
  "this Rust FnOnce closure was already called",
  "this Rust FnMut closure panicked in an earlier call",
];

export function setup(rt) {
  functions(rt, (sig) => {
    const parsed = rt.api.parts.gen.sigAt(rt, sig);
    if (rt.codegen) return maker(rt, parsed);
    const make = rt.api.parts.closures.iMaker(rt, parsed);
    return (index, id, slots, scoped, entry, runAt) => {
      const call = rt.rawExports.__wasmrust_fn_call_i32_1, H = rt.H;
      const run = (...a) => {
        // A scoped closure's frame may be among those an exception abandoned and the module has
        // not been told yet (`H.x` in a nested call, see `guardParts` in wasmrust.mjs): refuse rather than run it.
        if (scoped && H.x === 1 && H.n !== 0) throw new Error("this Rust closure's scope was abandoned by a panic");
        const status = rt.enter(call, [runAt, index, id, 0]);
        if (status === 255) return drop; // after the result is read (see `maker`)
        if (status !== 0) throw rt.refused(status);
      };
      const drop = () => rt.dropsWait(entry, slots);
      return make(run, slots);
    };
  });
}

/** `setup` with `make(sig)` giving, for the signature at address `sig`, the function making
 * its closures' JS functions (`maker`'s; emit.mjs's files: the makers written ahead of time). */
export function functions(rt, make) {
  const makers = new Map();
  rt.refused = (status) => Object.assign(new Error(REFUSED[status] ?? `Rust closure call refused (${status})`), { refused: status });
  // The closure slots' view (`maker`): they lie in memory that existed when the closure was
  // made, so it needs renewing only when growth detached it.
  let u8 = new Uint8Array(0), dv = null;
  rt.slotView = () => (u8.length !== 0 ? dv : ((u8 = new Uint8Array(rt.memory.buffer)), (dv = new DataView(u8.buffer))));
  // The typed views `maker`'s slot path uses (`rt.slotsFloat64Array`, ...; cheaper per access
  // than the DataView), renewed the same way.
  for (const T of [Int32Array, BigInt64Array, Float32Array, Float64Array]) {
    let v = new T(0);
    rt["slots" + T.name] = () => (v.length !== 0 ? v : (v = new T(rt.memory.buffer)));
  }
  // A typed `Fn` call left 255 in the second slot (`maker`): the result is the first slot's (an
  // `f64`), read before `run` with id 0 drops the closures released during the call (their
  // destructors may call closures, which reuse the slots). (A slot entry returns 255: `entry`
  // drops them.)
  rt.dropsWait = (run, ap) => {
    const r = rt.slotView().getFloat64(ap, true);
    rt.enter(rt.rawExports.__wasmrust_fn_call_i32_1, [run, 0, 0, 0]);
    return r;
  };
  rt.imports.fn_new = (index, id, sig, slots, scoped, entry, runAt) => {
    let m = makers.get(sig);
    if (!m) makers.set(sig, (m = make(sig)));
    return rt.T.insert(m(index, id, slots, scoped === 1, entry, runAt));
  };
  promises(rt);
}

/**
 * `wasm::task` and JS promises (task/promise.rs). The module's promise entry (`woken`, at a table
 * address it passes, called through `__wasmrust_fn_call_i32_1` like a closure's) resolves an
 * awaited promise's token or, with token 0, runs the executor; a panic there rejects the promise
 * of the async export whose task was being polled (`polling`), instead of escaping into a
 * promise reaction.
 */
function promises(rt) {
  // Export promise id -> its resolving functions, pending ones only (a promise whose task was
  // ready in its first poll is made settled: `promise_settle`).
  const deferred = new Map();
  let polling = 0; // the address of the module's `POLLING` (task/promise.rs): which export's task a poll is for
  const woken = (at, token, status) => {
    try {
      return rt.enter(rt.rawExports.__wasmrust_fn_call_i32_1, [at, token, status, 0]);
    } catch (e) {
      // Left set only by a poll that trapped: that task's export promise is rejected.
      const m = new DataView(rt.memory.buffer), id = polling && m.getUint32(polling, true);
      if (id) m.setUint32(polling, 0, true);
      const d = deferred.get(id);
      if (!d) throw e;
      deferred.delete(id);
      d[1](e);
    }
  };
  const { RustError } = rt.api;
  // Later polls queued during a call: one microtask runs the executor for all of them.
  let runAt = 0, queued = false;
  const first = () => {
    queued = false;
    woken(runAt, 0, 0);
  };
  const soon = (at) => {
    runAt = at;
    if (!queued) (queued = true), queueMicrotask(first);
  };
  rt.imports.promise_run = soon;
  // One executor function for every promise: no closure made per call.
  let res, rej;
  const keep = (f, g) => void ((res = f), (rej = g));
  rt.imports.promise_new = (id, at, pollingAt, runNow) => {
    polling = pollingAt;
    const promise = new Promise(keep);
    deferred.set(id, [res, rej]);
    if (runNow) soon(at);
    return rt.T.insert(promise);
  };
  const error = (e) => (e instanceof Error ? e : new RustError(e));
  // The value (lifted by call.mjs as `FuncRef::call`'s argument, which its thunk returns to
  // the identity) settles export promise `id` (`how` bit 0: rejects), or, with bit 1 (the
  // task's first poll), a promise made settled, whose handle is returned.
  const same = (v) => v;
  rt.imports.promise_settle = (id, how, sig, ap) => {
    const v = rt.thunk(sig)(same, ap, 0);
    if (how >= 2) return rt.T.insert(how === 3 ? Promise.reject(error(v)) : Promise.resolve(v));
    const d = deferred.get(id);
    deferred.delete(id);
    d?.[how](how === 1 ? error(v) : v);
    return 0;
  };
  // Awaited promises: token -> the value it settled with, until the future takes it (or is gone).
  const values = new Map();
  const settled = (at, token, status, v) => {
    values.set(token, v);
    if (woken(at, token, status) > 0) values.delete(token); // a stale token: the future was dropped
  };
  rt.imports.promise_then = (p, token, at) => {
    Promise.resolve(rt.T.get(p)).then((v) => settled(at, token, 1, v), (e) => settled(at, token, 2, e));
  };
  // The value, lowered (as `FuncRef::call`'s result) by `ok` (fulfilled) or `err` (rejected, or
  // not a `T`: the TypeError; `how` bit 2: `E` is String, an Error gives its message) into `rp`.
  // A value neither lowers throws into the poll (the first TypeError), as an import's would.
  rt.imports.promise_take = (token, how, ok, err, rp) => {
    let v = values.get(token), bad;
    values.delete(token);
    if ((how & 3) === 1) {
      try {
        rt.host(rt.thunk(ok), [() => v, 0, rp]);
        return 1;
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        v = bad = e;
      }
    } else if (!(how & 3)) return 0;
    if (how & 4 && v instanceof Error) v = v.message;
    try {
      rt.host(rt.thunk(err), [() => v, 0, rp]);
    } catch (e) {
      throw bad ?? e;
    }
    return 2;
  };
}

// The slots' typed views, by flat type: the array, and the shift from a byte address to an
// element's index (a slot is 8 bytes; an i32 or f32 is its low half: memory is little-endian, as
// for slices.mjs's typed views).
const VIEWS = { i32: ["Int32Array", 2], i64: ["BigInt64Array", 3], f32: ["Float32Array", 2], f64: ["Float64Array", 3] };
const view = (f) => "slots" + VIEWS[f][0];
/** The element of slot `k` at byte address `ap` in view `v` of flat type `f`. */
const slot = (v, f, k) => `${v}[(ap >> ${VIEWS[f][1]}) + ${(k * 8) >> VIEWS[f][1]}]`;

/**
 * `(index, id, ap, scoped, entry, run)` => the JS function of a closure: arguments into the slots
 * at `ap`, the guarded call of `__wasmrust_fn_call_i32_1(run, index, id, 0)`, the result from
 * `ap` (read through `rt.slotView`).
 */
export function maker(rt, sig) {
  const { Gen, flat, lowerIn, liftOut, typeName } = rt.api.parts.gen;
  const g = new Gen(rt, "rust_closure");
  for (const [v, n] of rt.api.guardDeps(rt)) g.deps.set(v, n);
  const V = g.dep(rt.slotView), R = g.dep(rt.refused);
  const args = sig.params.map((_, i) => "a" + i);
  // Each closure's function is made by the generated code below (`index`, `id`, `ap`, `scoped`,
  // `entry`, `run`):
  // the check a scoped closure needs is left out of the others' functions.
  g.emit("return scoped ? function rust_closure(" + args + ") {");
  // A scoped closure's frame may be among those an exception abandoned and the module has not
  // been told yet (`H.x` in a nested call, see `guardParts` in wasmrust.mjs): refuse rather than
  // run it. (Once no host call is under way, the call ends the abandoned ones first.)
  g.emit(`if (H.x === 1 && H.n !== 0) throw new Error("this Rust closure's scope was abandoned by a panic");`);
  const scopedAt = g.lines.length;
  const reset = sig.params.map((t) => rt.api.parts.text?.reset(g, t) ?? "").find(Boolean);
  if (reset) g.emit(reset);
  const outs = [], flats = [];
  sig.params.forEach((t, i) => {
    const f = flat(t, true), vars = g.declare(f);
    outs.push(...vars), flats.push(...f);
    lowerIn(g, t, args[i], vars.slice(), `Rust closure: argument ${i + 1} (${typeName(t)})`);
  });
  const rflats = flat(sig.result, false);
  // At most 4 i32 arguments or one f32 / f64, and at most one such result (most callbacks): passed
  // and returned directly, through the closure's typed `entry` (closure/typed.rs `fits`). At most
  // one i32 argument and an i32 result: `__wasmrust_fn_call_i32_1(entry, index, id, a0)`; the
  // others: `__wasmrust_fn_call_i32(entry, index, id, a0..a3)`, whose first argument and result
  // are f64s (numbers).
  const float = (f) => f === "f32" || f === "f64";
  const direct = (flats.length <= 4 && flats.every((f) => f === "i32")) || (flats.length === 1 && float(flats[0]));
  if (direct && rflats.length <= 1 && rflats.every((f) => f === "i32" || float(f))) {
    const one = flats.length <= 1 && [...flats, ...rflats].every((f) => f === "i32");
    g.deps.set(one ? rt.rawExports.__wasmrust_fn_call_i32_1 : rt.rawExports.__wasmrust_fn_call_i32, "call_i32");
    // `| 0` (here and on the slot path): the key's numbers, i32s from the module, become known
    // small integers in optimized code, which the call passes unconverted (a closed-over
    // variable's type is unknown: each would be checked for a heap number).
    g.emit(rt.api.guard(rt, "call_i32", ["entry | 0", "index | 0", "id | 0", ...outs, ...["0", "0", "0", "0"].slice(outs.length, one ? 1 : 4)]));
    // 0x80000000 (one i32) or NaN (numbers): a refusal, or that result; the second slot says
    // which (255: the result is in the first slot, once `run` with id 0 dropped the closures
    // released during the call).
    const D = g.dep(rt.dropsWait);
    g.emit(`if (${one ? "c === -2147483648" : "c !== c"}) { const s = ${V}().getInt32(ap + 8, true); if (s === 255) c = ${D}(run, ap); else if (s !== 0) throw ${R}(s); }`);
    g.emit(`return ${liftOut(g, sig.result, ["c"], true)};`);
  } else {
    // Each view once before the call and once after it (the call may grow memory).
    const views = (fs, at) => [...new Set(fs)].map((f) => `const ${f}${at} = ${g.dep(rt[view(f)])}();`).join(" ");
    if (outs.length) g.emit(`${views(flats, "a")} ${outs.map((o, k) => `${slot(flats[k] + "a", flats[k], k)} = ${o};`).join(" ")}`);
    g.deps.set(rt.rawExports.__wasmrust_fn_call_i32_1, "call");
    g.emit(rt.api.guard(rt, "call", ["run | 0", "index | 0", "id | 0", "0"]));
    // 255: an `Fn`'s slot entry left closures released during the call to drop, which `entry`
    // (`run`) does with id 0 once the result is read from the slots.
    g.emit(`if (c !== 0 && c !== 255) throw ${R}(c);`);
    if (rflats.length) g.emit(views(rflats, "r"));
    g.emit(`const r = ${liftOut(g, sig.result, rflats.map((f, k) => slot(f + "r", f, k)), true)};`);
    g.emit(`if (c !== 0) ${g.dep(rt.dropsWait)}(entry, ap);`);
    g.emit("return r;");
  }
  // The same body without the scoped check, for the other closures.
  const body = g.lines.slice(scopedAt);
  g.emit("} : function rust_closure(" + args + ") {");
  body.forEach((line) => g.emit(line));
  g.emit("};");
  return g.build(["index", "id", "ap", "scoped", "entry", "run"]);
}
