// `FuncRef::call`: the part of wasmrust.mjs for modules that call host functions by reference.
// The signature comes by address: a length byte, then `count type* type` (docs/js-host.md).

export function setup(rt) {
  thunks(rt, (sig) => {
    const parsed = rt.api.parts.gen.sigAt(rt, sig);
    return rt.codegen ? callThunk(rt, parsed) : rt.api.parts.closures.iThunk(rt, parsed);
  });
}

/** `setup` with `make(sig)` making the thunk of the signature at address `sig` (emit.mjs's
 * files: the thunks written ahead of time). */
export function thunks(rt, make) {
  const made = new Map();
  // `(f, ap, rp)` of the signature at `sig`: also rustfn.mjs's, lifting an async export's result.
  rt.thunk = (sig) => {
    let thunk = made.get(sig);
    if (!thunk) made.set(sig, (thunk = make(sig)));
    return thunk;
  };
  rt.imports.call = (f, sig, ap, rp) => {
    rt.host(rt.thunk(sig), [rt.T.get(f), ap, rp]); // the host function runs as a host call (see `guard`)
  };
}

/** Arguments from slots at `ap`, the result into slots at `rp`; with a `()` result, returns what
 * `f` returns (rustfn.mjs: `f` the identity gives the lifted argument). */
export function callThunk(rt, sig) {
  const { Gen, flat, liftOut, lowerResult, deliver, slots } = rt.api.parts.gen;
  const g = new Gen(rt, "funcref_call");
  const raws = slots(g, sig.params.flatMap((t) => flat(t, false)), "ap");
  const args = sig.params.map((t) => liftOut(g, t, raws, false));
  const rflats = flat(sig.result, true);
  if (sig.result.c === 0) g.emit(`return f(${args});`);
  else lowerResult(g, sig.result, `f(${args})`, (outs) => deliver(g, rflats, outs, "rp"));
  return g.build(["f", "ap", "rp"]);
}
