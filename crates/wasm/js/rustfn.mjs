// `wasm::Closure`: the part of wasmrust.mjs for modules that hand Rust closures to JS as
// functions. The signature comes by address as for `FuncRef::call` (call.mjs); the arguments go
// into the module's closure slots, `__wasmrust_fn_call(id)` runs the closure and returns 0 or why
// it did not (registry.rs `Refused`), and the result is read back from the same slots.

const REFUSED = [
  "",
  "this Rust closure was released",
  "this Rust FnMut closure is already running (a re-entrant call; use Closure::new with an Fn)",
  "this Rust FnOnce closure was already called",
  "this Rust FnMut closure panicked in an earlier call",
];

export function setup(rt) {
  const makers = new Map();
  rt.imports.fn_new = (id, sig, slots, scoped) => {
    let make = makers.get(sig);
    if (!make) {
      const parsed = rt.api.parts.gen.sigAt(rt, sig);
      makers.set(sig, (make = rt.codegen ? maker(rt, parsed) : rt.api.parts.closures.iMaker(rt, parsed)));
    }
    const call = rt.rawExports.__wasmrust_fn_call, H = rt.H;
    const run = (...a) => {
      // A scoped closure's frame may be among those an exception abandoned and the module has
      // not been told yet (`H.x`, see `guard` in wasmrust.mjs): refuse rather than run it.
      if (scoped && H.x === 1) throw new Error("this Rust closure's scope was abandoned by a panic");
      const status = rt.enter(call, [id]);
      if (status !== 0) throw Object.assign(new Error(REFUSED[status] ?? `Rust closure call refused (${status})`), { refused: status });
    };
    return rt.T.insert(make(run, slots));
  };
  promises(rt);
}

/**
 * `wasm::task` and JS promises (task/promise.rs). Rust code JS runs for them (a promise reaction,
 * the executor's runner) goes through `drive`: a panic there rejects the promise of the async
 * export whose task was being polled (`polling`), instead of escaping into a promise reaction.
 */
function promises(rt) {
  const deferred = new Map(); // export promise id -> { res, rej }
  let polling = 0;
  const drive = (f, v) => {
    polling = 0;
    try {
      f(v);
    } catch (e) {
      if (e?.refused === 1) return; // a reaction of a JsFuture dropped before its promise settled
      const d = deferred.get(polling);
      if (!d) throw e;
      deferred.delete(polling);
      d.rej(e);
    }
  };
  const { RustError } = rt.api;
  rt.imports.polling = (id) => {
    polling = id;
  };
  rt.imports.promise_new = (id, runner) => {
    const run = rt.T.get(runner);
    const promise = new Promise((res, rej) => deferred.set(id, { res, rej }));
    queueMicrotask(() => drive(run)); // the task's first poll
    return rt.T.insert(promise);
  };
  rt.imports.promise_fn = (id, reject) => {
    const d = deferred.get(id);
    return rt.T.insert(reject
      ? (e) => (deferred.delete(id), d.rej(e instanceof Error ? e : new RustError(e)))
      : (v) => (deferred.delete(id), d.res(v)));
  };
  rt.imports.promise_then = (p, ok, err, errText) => {
    const onOk = rt.T.get(ok), onErr = rt.T.get(err);
    const fail = (e) => drive(onErr, errText && e instanceof Error ? e.message : e);
    Promise.resolve(rt.T.get(p)).then(
      (v) => {
        try {
          drive(onOk, v);
        } catch (e) {
          if (!(e instanceof TypeError)) throw e;
          fail(e); // the value did not convert to `T`: an `Err` where `E` can hold it
        }
      },
      fail,
    );
  };
}

/** `(run, ap)` => the JS function: arguments into slots at `ap`, `run()`, result from `ap`. */
function maker(rt, sig) {
  const { Gen, flat, lowerIn, liftOut, slots, typeName } = rt.api.parts.gen;
  const g = new Gen(rt, "rust_closure");
  const args = sig.params.map((_, i) => "a" + i);
  const reset = sig.params.map((t) => rt.api.parts.text?.reset(g, t) ?? "").find(Boolean);
  if (reset) g.emit(reset);
  const outs = [], flats = [];
  sig.params.forEach((t, i) => {
    const f = flat(t, true), vars = g.declare(f);
    outs.push(...vars), flats.push(...f);
    lowerIn(g, t, args[i], vars.slice(), `Rust closure: argument ${i + 1} (${typeName(t)})`);
  });
  if (outs.length) rt.api.parts.more.store(g, flats, outs, "ap");
  g.emit("run();");
  g.emit(`return ${liftOut(g, sig.result, slots(g, flat(sig.result, false), "ap"), true)};`);
  const inner = g.build(["run", "ap", ...args]);
  return (run, ap) => (...a) => inner(run, ap, ...a);
}
