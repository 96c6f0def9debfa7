// Imports bound to JS by name, with no host function in `imports`: the part of wasmrust.mjs for
// `#[wasm(js = "Math.random")]`, `method`, `getter`, `setter` and `constructor` (docs/js-host.md,
// "Web APIs without shims"). The raw import is `__wasmrust_js.<kind>:<target>#<fn>.<hash>`.
//
// Paths from `globalThis` are resolved once, at instantiation: the holder of a `js` function
// (`console` for `console.log`, its `this`) and a constructor's class. A path that does not
// resolve does not stop instantiation (a module may hold browser-only calls it never makes in
// Node); the import throws a ReferenceError naming the path when it is called.

export const MODULE = "__wasmrust_js";

/** `{ kind, target }` of a raw import name (also emit.mjs's). */
export function parse(name) {
  const m = /^(js|method|get|set|new):([\w$.]+)#/.exec(name);
  if (!m) throw new Error(`wasmrust: ${MODULE}.${name} is not a binding this wasmrust.mjs knows: load the wasmrust.mjs that ships with the \`wasm\` crate version the module was built with`);
  return { kind: m[1], target: m[2] };
}

/**
 * `make(v)` for the value at a `globalThis` path (`v` the object holding it, or the value itself
 * for `new`: a constructor's class) when it is a function, else the import of a path that did not
 * resolve: it throws why when called. One walk for both outcomes, so emit.mjs's files carry one
 * small function.
 */
export function resolved(kind, target, make) {
  const keys = target.split(".");
  let holder, value = globalThis, at = "globalThis", k = 0;
  for (; k < keys.length && value && (typeof value === "object" || typeof value === "function"); k++) {
    holder = value;
    value = value[keys[k]];
    at += "." + keys[k];
  }
  if (k === keys.length && typeof value === "function") return make(kind === "new" ? value : holder);
  // Stopped early: what the path went through is not an object; at its end, not a function.
  const why = `${at} is ${value === null ? "null" : typeof value}${k < keys.length || value === undefined ? "" : ", not a function"}`;
  const message = `wasmrust: ${kind === "new" ? "new " : ""}${target} (a #[wasm::import] binding) is not defined in this host: ${why}`;
  return () => {
    throw new ReferenceError(message);
  };
}

const LABEL = { js: (t) => t, method: (t) => `.${t}()`, get: (t) => `get .${t}`, set: (t) => `set .${t}`, new: (t) => `new ${t}` };

/**
 * The host function of a bound import, and for generated code `call(g, args)`: the JS
 * expression of the operation on the lifted arguments (no extra call).
 */
function operation(kind, target, given) {
  const key = JSON.stringify(target);
  if (kind === "method") return { f: (o, ...a) => o[target](...a), call: (g, [o, ...a]) => `${o}[${key}](${a})` };
  if (kind === "get") return { f: (o) => o[target], call: (g, [o]) => `${o}[${key}]` };
  if (kind === "set") return { f: (o, v) => void (o[target] = v), call: (g, [o, v]) => `void (${o}[${key}] = ${v})` };
  const found = (h) => {
    if (kind === "new") return { f: (...a) => new h(...a), call: (g, a) => `new ${g.dep(h)}(${a})` };
    // Read at each call, on the holder resolved now: `console.log` replaced later is the one called.
    const name = target.slice(target.lastIndexOf(".") + 1), nameKey = JSON.stringify(name);
    return { f: (...a) => h[name](...a), call: (g, a) => `${g.dep(h)}[${nameKey}](${a})` };
  };
  if (given) return found(given);
  const made = resolved(kind, target, found);
  return typeof made === "function" ? { f: made } : made;
}

/**
 * The raw import for `__wasmrust_js.<name>`, typed by its record `sig`. `found`: what the path
 * resolves to (emit.mjs: the value `resolved` passes when the file loads), else resolved now.
 */
export function bind(rt, name, sig, found) {
  const { kind, target } = parse(name);
  if (!sig) throw new Error(`wasmrust: the module imports ${MODULE}.${name} without its signature record`);
  const label = LABEL[kind](target);
  const typed = { ...sig, name: label, where: `${label}: result (${rt.api.parts.gen.typeName(sig.result)})` };
  const { f, call } = operation(kind, target, found);
  if (!rt.codegen) return rt.api.parts.closures.iImport(rt, typed, f);
  return rt.api.parts.gen.importWrapper(rt, typed, f, call);
}
