// Exported classes (`#[wasm::export] impl Type`): the part of wasmrust.mjs that builds a JS class
// per type from the module's member records, and passes their objects across (codes 28-30:
// `Type`, `&Type`, `&mut Type`, each two flat values, the object's table slot and generation).
//
// A JS object of such a class holds its handle under two symbols of its class (so one test,
// `o?.[G] > 0`, says "a live object of this class", cheaper than `instanceof`); when it ends (`free()`,
// `[Symbol.dispose]`, a `self`-taking method, or moved into wasm as a `Type` argument) the
// generation becomes 0 and the slot field says why, and any later use throws an `Error` naming
// the class and member before wasm is called. A FinalizationRegistry frees objects JS lost
// without `free()`. Wasm checks every handle again (abi/class.rs): a forged or stale one is an
// `Error` (`__wasmrust.class_error`), never another object. See docs/classes.md.

const CLASS = 28, CLASS_MUT = 30;
const STATIC = 0, CONSTRUCTOR = 1, METHOD = 2, GETTER = 3, SETTER = 4, FREE = 5;
const DISPOSE = Symbol.dispose ?? Symbol.for("nodejs.dispose");

export function setup(rt) {
  // `why` 0: `p` is the message (`c` is empty); 1-3: a handle refused by member `p` of class `c`
  // (abi/class.rs); 3: poisoned by the abandoned call of member `b`.
  rt.imports.class_error = (p, len, c, clen, why, b, blen) => {
    const m = rt.str(p, len), cls = rt.str(c, clen);
    throw new Error(
      why === 0 ? m
      : why === 1 ? `${m}: this ${cls} handle is freed, consumed or forged`
      : why === 2 ? `${m}: the ${cls} is in use by a call in progress (re-entrant)`
      : `${m}: this ${cls} object is poisoned by a panic or exception in ${rt.str(b, blen)}: free() ends it`,
    );
  };
  rt.classes = new Map(); // name -> its record (`entry`)
}

/** The class record of `name`, made on first use (members fill it in `build`). */
const entry = (rt, name) => rt.classes.get(name) ?? rt.classes.set(name, record(name)).get(name);

/** A new class record for `name` (emit.mjs's files, which make each once, call this alone). */
function record(name) {
  // The class itself: `new` runs `e.construct`, the constructor member (set by `build`), or for a
  // class with none `constructorless`'s refusal (the emitted file calls it only for such classes).
  const C = { [name]: class { constructor(...args) { return e.construct(...args); } } }[name];
  // The generation's symbol is described by the class's name (another instance's has the same).
  const I = Symbol(name + ".slot"), G = Symbol(name);
  // `e.free(slot, generation)`: the class's raw `free` through the abandon guard (`freeing`).
  const registry = new FinalizationRegistry((handle) => {
    try {
      e.free(...handle); // (a class without `free` throws here too)
    } catch {} // nothing to report to: the object is gone either way
  });
  const gone = (o, where) => {
    if (o?.[G] === 0) throw new Error(`${where.replace(/: this$/, "")}: this ${name} object is gone (${o[I]})`);
    // Each instance has classes of its own (and symbols): one of another instance is refused
    // here, before wasm, whose handles it would otherwise name.
    const other = Object.getOwnPropertySymbols(Object(o)).some((s) => s !== G && s.description === G.description);
    throw new TypeError(`${where} must be a live ${name} object${other ? ` of this instance, got a ${name} object of another instance` : `, got ${typeof o} ${Object(o) === o ? (o.constructor?.name ?? "") : String(o)}`}`);
  };
  const e = {
    C,
    G,
    make(i, g) {
      const o = Object.create(C.prototype);
      o[I] = i;
      o[G] = g >>> 0; // > 0 while live (a generation is never 0; wasm gives it as an i32)
      registry.register(o, [i, g], o);
      return o;
    },
    /** Ends the JS object; `why` is said by later uses. */
    kill(o, why) {
      registry.unregister(o);
      o[G] = 0;
      o[I] = why;
    },
    /** The slot of `o`, a live `name` (else the error for one that is not, where `where` wanted one). */
    slot: (o, where) => (o?.[G] > 0 ? o[I] : gone(o, where)),
  };
  return e;
}

// ---- Values of class types, in generated code (gen.mjs) and without it (closures.mjs).

export function lowerIn(g, t, v, outs, where) {
  const e = entry(g.rt, t.cls), w = JSON.stringify(where), Gs = g.dep(e.G);
  const [slot, generation] = [outs.shift(), outs.shift()];
  g.emit(`${slot} = ${g.dep(e.slot)}(${v}, ${w}); ${generation} = ${v}[${Gs}];`);
  if (t.c === CLASS) g.emit(`${g.dep(e.kill)}(${v}, ${JSON.stringify("moved into " + where.replace(/:.*/, ""))});`);
}

export function liftOut(g, t, raws) {
  const e = entry(g.rt, t.cls);
  return `${g.dep(e.make)}(${raws.shift()}, ${raws.shift()})`;
}

export function iLowerIn(rt, t, where) {
  const e = entry(rt, t.cls), why = "moved into " + where.replace(/:.*/, "");
  return (v, out) => {
    out.push(e.slot(v, where), v[e.G]);
    if (t.c === CLASS) e.kill(v, why);
  };
}

export function iLiftOut(rt, t) {
  const e = entry(rt, t.cls);
  return (next) => {
    const i = next();
    return e.make(i, next());
  };
}

// ---- The classes.

/** Makes `new` of class record `e` (named `name`) throw: the class has no constructor member. */
export function constructorless(e, name) {
  e.construct = () => {
    throw new TypeError(`${name} has no constructor (no \`pub fn new(..) -> Self\` or #[wasm(constructor)])`);
  };
}

/**
 * `free()` and `[Symbol.dispose]` of class record `e`; `call(slot, generation)`: its raw export
 * through the abandon guard (`where`: what errors name, `Universe.free: this`).
 */
export function freeing(e, call, where) {
  const { G, C } = e;
  e.free = call;
  C.prototype[DISPOSE] = C.prototype.free = function () {
    const g = this?.[G];
    if (g === 0) return; // freed twice, or consumed: nothing to do
    call(e.slot(this, where), g);
    e.kill(this, "freed");
  };
}

/** Builds the classes of `sigs.members` into `exports`; `wrap(sig, raw)`: a typed export wrapper. */
export function build(rt, sigs, raws, exports, wrap) {
  for (const m of sigs.members) {
    const raw = raws[m.raw], { cls, name, role } = m;
    if (typeof raw !== "function") continue;
    const e = entry(rt, cls), P = e.C.prototype, member = role === CONSTRUCTOR ? `new ${cls}` : `${cls}.${name}`;
    if (exports[cls] !== e.C) constructorless(e, cls); // until its constructor member, if any, comes
    exports[cls] = e.C;
    if (role === FREE) {
      freeing(e, (i, g) => rt.enter(raw, [i, g]), member + ": this");
      continue;
    }
    const w = wrap({ ...m, name: member, self: role > CONSTRUCTOR }, raw), f = rt.codegen ? w : function (...args) { return w(this, ...args); };
    if (role === CONSTRUCTOR) e.construct = w;
    else if (role === STATIC) e.C[name] = w;
    else if (role === METHOD) P[name] = f;
    // A getter and a setter of one name share the property.
    else Object.defineProperty(P, name, { ...Object.getOwnPropertyDescriptor(P, name), configurable: true, [role === GETTER ? "get" : "set"]: f });
  }
}

export const isClass = (t) => t.c >= CLASS && t.c <= CLASS_MUT;
