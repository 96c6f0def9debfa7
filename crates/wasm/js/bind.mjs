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

/** The value at a `globalThis` path and the object holding it, or the reason it is missing. */
function resolve(path) {
  let holder = globalThis, value = globalThis, at = "globalThis";
  for (const key of path.split(".")) {
    if (value == null || (typeof value !== "object" && typeof value !== "function")) return { missing: `${at} is ${value === null ? "null" : typeof value}` };
    holder = value;
    value = value[key];
    at += "." + key;
  }
  if (typeof value === "function") return { holder, value };
  return { missing: value === undefined ? `${at} is undefined` : `${at} is ${value === null ? "null" : typeof value}, not a function` };
}

/** The import of a path that did not resolve: it throws why when called. */
function missing(kind, target, why) {
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
  const found = given ?? resolve(target);
  if (found.missing) return { f: missing(kind, target, found.missing) };
  if (kind === "new") {
    const C = found.value;
    return { f: (...a) => new C(...a), call: (g, a) => `new ${g.dep(C)}(${a})` };
  }
  // Read at each call, on the holder resolved now: `console.log` replaced later is the one called.
  const { holder } = found, name = target.slice(target.lastIndexOf(".") + 1), nameKey = JSON.stringify(name);
  return { f: (...a) => holder[name](...a), call: (g, a) => `${g.dep(holder)}[${nameKey}](${a})` };
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

/**
 * emit.mjs's files: the import of `kind` (`js`, `new`) and `target` (a path) as `make(holder)`
 * (`console` for `console.log`; a constructor's class) once the path resolves, else the function
 * throwing why not.
 */
export function resolved(kind, target, make) {
  const found = resolve(target);
  return found.missing ? missing(kind, target, found.missing) : make(kind === "new" ? found.value : found.holder);
}
