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
  // `why` 0: `p` is the message; 1-3: a handle refused by member `p` of class `c` (abi/class.rs);
  // 3: poisoned by the abandoned call of member `b`.
  rt.imports.class_error = (p, len, c, clen, why, b, blen) => {
    const m = rt.str(p, len), cls = why ? rt.str(c, clen) : "";
    throw new Error(
      why === 0 ? m
      : why === 1 ? `${m}: this handle does not name a live ${cls} (it was freed or consumed, or is not a ${cls} handle)`
      : why === 2 ? `${m}: the ${cls} is in use by a call in progress (a re-entrant call cannot borrow, free or consume it)`
      : `${m}: this ${cls} object is poisoned by a panic in ${rt.str(b, blen)} (or an exception thrown through that call while it borrowed the object mutably): its state is not trusted; free() ends it`,
    );
  };
  rt.classes = new Map(); // name -> { C, make, kill, gone }
}

/** The class record of `name`, made on first use (members fill it in `build`). */
function entry(rt, name) {
  let e = rt.classes.get(name);
  if (e) return e;
  // The class itself: `new` runs the constructor member, if there is one (set by `build`).
  const C = { [name]: class { constructor(...args) { return e.construct(...args); } } }[name];
  const I = Symbol(`${name}.slot`), G = Symbol(`${name}.generation`);
  let free = null;
  const registry = new FinalizationRegistry(([i, g]) => {
    try {
      free?.(i, g);
    } catch {} // nothing to report to: the object is gone either way
  });
  e = {
    C,
    I,
    G,
    construct: () => {
      throw new TypeError(`${name} has no constructor: the Rust impl has no \`pub fn new(..) -> Self\` or \`#[wasm(constructor)]\``);
    },
    setFree: (f) => (free = f),
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
    /** The error for an object `o` that is not a live `name` where `where` wanted one. */
    gone(o, where) {
      if (o?.[G] === 0) throw new Error(`${where.replace(/: this$/, "")}: this ${name} object is gone (${o[I]})`);
      // Each instance has classes of its own (and symbols): one of another instance is refused
      // here, before wasm, whose handles it would otherwise name.
      if (typeof o === "object" && o !== null && Object.getOwnPropertySymbols(o).some((s) => s !== G && s.description === G.description)) {
        throw new TypeError(`${where} must be a live ${name} object of this instance, got a ${name} object of another instance`);
      }
      throw new TypeError(`${where} must be a live ${name} object, got ${o === null ? "null" : typeof o === "object" ? `an object ${o.constructor?.name ?? ""}` : `${typeof o} ${String(o)}`}`);
    },
  };
  rt.classes.set(name, e);
  return e;
}

// ---- Values of class types, in generated code (gen.mjs) and without it (closures.mjs).

export function lowerIn(g, t, v, outs, where) {
  const e = entry(g.rt, t.cls), w = JSON.stringify(where), Gs = g.dep(e.G), Is = g.dep(e.I);
  const [slot, generation] = [outs.shift(), outs.shift()];
  g.emit(`if (!((${generation} = ${v}?.[${Gs}]) > 0)) ${g.dep(e.gone)}(${v}, ${w});`);
  g.emit(`${slot} = ${v}[${Is}];`);
  if (t.c === CLASS) g.emit(`${g.dep(e.kill)}(${v}, ${JSON.stringify("moved into " + where.replace(/:.*/, ""))});`);
}

export function liftOut(g, t, raws) {
  const e = entry(g.rt, t.cls);
  return `${g.dep(e.make)}(${raws.shift()}, ${raws.shift()})`;
}

export function iLowerIn(rt, t, where) {
  const e = entry(rt, t.cls), why = "moved into " + where.replace(/:.*/, ""), { I, G } = e;
  return (v, out) => {
    if (!(v?.[G] > 0)) e.gone(v, where);
    out.push(v[I], v[G]);
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

/** The method of typed wrapper `w`: generated code takes the receiver as `this` already
 * (gen.mjs, `sig.self`); a closure-built one takes it first. */
function method(rt, w) {
  return rt.codegen ? w : function (...args) { return w(this, ...args); };
}

/** Builds the classes of `sigs.members` into `exports`; `wrap(sig, raw)`: a typed export wrapper. */
export function build(rt, sigs, raws, exports, wrap) {
  for (const m of sigs.members) {
    const raw = raws[m.raw];
    if (typeof raw !== "function") continue;
    const e = entry(rt, m.cls), { I, G } = e, P = e.C.prototype, member = m.role === CONSTRUCTOR ? `new ${m.cls}` : `${m.cls}.${m.name}`;
    exports[m.cls] = e.C;
    if (m.role === FREE) {
      const free = (i, g) => rt.enter(raw, [i, g]);
      e.setFree(free);
      P.free = function () {
        if (this?.[G] === 0) return; // freed twice, or consumed: nothing to do
        if (!(this?.[G] > 0)) e.gone(this, member + ": this");
        free(this[I], this[G]);
        e.kill(this, "freed");
      };
      if (DISPOSE) P[DISPOSE] = P.free;
      continue;
    }
    const w = wrap({ ...m, name: member, self: m.role !== STATIC && m.role !== CONSTRUCTOR }, raw);
    if (m.role === CONSTRUCTOR) e.construct = w;
    else if (m.role === STATIC) e.C[m.name] = w;
    else if (m.role === METHOD) P[m.name] = method(rt, w);
    else {
      const d = Object.getOwnPropertyDescriptor(P, m.name) ?? { configurable: true };
      d[m.role === GETTER ? "get" : "set"] = method(rt, w);
      Object.defineProperty(P, m.name, d);
    }
  }
}

export const isClass = (t) => t.c >= CLASS && t.c <= CLASS_MUT;
