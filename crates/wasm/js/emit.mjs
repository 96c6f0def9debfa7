#!/usr/bin/env node
// emit.mjs: the optional ahead-of-time step. Writes one ES module of JS glue for one WasmRust
// module, holding only what that module uses:
//
//   node crates/wasm/js/emit.mjs app.wasm -o app.js
//
// It reads the module's `wasmrust` section as wasmrust.mjs does at instantiation and runs the
// same generators (gen.mjs and the parts) with a symbolic runtime: what a generated function
// closes over is named by the expression that finds it in the emitted file (`rt.putStr`), so
// the functions come out as source. The emitted file keeps, of this folder's files, only the
// top-level declarations those functions and the runtime imports reach, and of the runtime object
// only the members something reads (shake.mjs). It exports `instantiate`, `instantiateSync`,
// `prepare` and `FORMAT_VERSION` with the runtime path's API, and `RustError` / `HandleError`
// where the module can meet them (docs/js-host.md, "Ahead of time"). Closures, `FuncRef::call`
// and imports bound by name get their functions' signatures only when the module runs: for
// those the generator ships in the file too, as on the runtime path.

import { readFile, writeFile } from "node:fs/promises";
import { api, needs, plainExport, readSignatures, FORMAT_VERSION } from "./wasmrust.mjs";
import { pruneMembers, runtimeUses, shake } from "./shake.mjs";

// The parts, in the order the runtime sets them up (later ones build on earlier ones).
const ORDER = ["gen", "bind", "more", "text", "slices", "refs", "call", "closures", "rustfn", "classes", "values"];
// Parts that generate functions while the module runs: they need the generator itself.
const DYNAMIC = ["bind", "call", "rustfn"];
const here = new URL(".", import.meta.url);
const q = JSON.stringify;

/** A value the generators closed over that has no expression in the emitted file. */
class NotStatic extends Error {}

// ---- The symbolic runtime: every value read from it is the expression that reads it.

const EXPR = Symbol("expression");
function symbols() {
  const cache = new Map();
  const sym = (expr) => {
    let p = cache.get(expr);
    if (!p)
      cache.set(expr, (p = new Proxy(function () {}, {
        get: (_, k) => (k === EXPR ? expr : typeof k === "symbol" ? undefined : sym(/^[A-Za-z_$][\w$]*$/.test(k) ? `${expr}.${k}` : `${expr}[${q(k)}]`)),
        // A call with a value that has no expression (classes.mjs `e.setFree(free)` while
        // building): fine while nothing uses the result, which would be unreadable.
        apply: (_, __, args) => (args.every(expressible) ? sym(`${expr}(${args.map(literal)})`) : unreadable),
        set: () => true,
        defineProperty: () => true,
      })));
    return p;
  };
  return sym;
}
const unreadable = new Proxy(function () {}, { get: () => fail(new NotStatic()) });
const expressible = (v) => v === null || v?.[EXPR] !== undefined || (typeof v !== "function" && typeof v !== "symbol");
const literal = (v) => (v === null ? "null" : v?.[EXPR] ?? (typeof v === "function" || typeof v === "symbol" ? fail(new NotStatic()) : q(v)));
const fail = (e) => {
  throw e;
};

/** The runtime the generators see at emit time. */
function symbolicRuntime(sym, sigs, parts, abandons) {
  const base = {
    codegen: true,
    api: { ...api, parts },
    sigs,
    imports: {},
    panic: null,
    H: sym("rt.H"),
    P: sym("rt.P"),
    ab: abandons ? sym("rt.ab") : null,
    // A class's record is made when first used (classes.mjs `entry`), in the emitted file too.
    classes: { get: (name) => sym(`$classes.entry(rt, ${q(name)})`), set() {} },
    // Gen.build / plainExport: the function as an expression applying its source to its values.
    emit: (deps, src) => sym(`(function (${[...deps.values()]}) { ${src.replace(/^"use strict"; /, "")} })(${[...deps.keys()].map(literal)})`), // a module is strict
  };
  return new Proxy(base, { get: (b, k) => (k in b ? b[k] : typeof k === "symbol" ? undefined : sym(`rt.${k}`)) });
}

/** The runtime functions (`__wasmrust.*`) the parts provide, from a setup on a scratch runtime. */
function provided(parts) {
  const rt = { imports: {}, api: { ...api, parts }, codegen: true, H: { n: 0, x: 0 } };
  for (const n of ORDER) parts[n]?.setup?.(rt, {});
  return rt.imports;
}

// ---- The emitted file.

/**
 * The glue for the module in `bytes`, as the text of an ES module. `name`: the module's file
 * name, for messages. Throws an Error saying why a module cannot get glue.
 */
export async function emit(bytes, name = "the module") {
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    throw new Error(`${name} is not a WebAssembly module: ${e.message}`);
  }
  if (WebAssembly.Module.customSections(module, "wasmrust").length === 0)
    throw new Error(`${name} has no \`wasmrust\` custom section: it was not built with the \`wasm\` crate's #[wasm::export] / #[wasm::import], or a tool stripped custom sections (keep the section, e.g. wasm-opt without --strip)`);
  let sigs;
  try {
    sigs = readSignatures(module);
  } catch (e) {
    throw new Error(`${name}: ${e.message.replace(/^wasmrust: /, "").replace("this wasmrust.mjs", "this emit.mjs").replace("load the wasmrust.mjs", "use the emit.mjs")}`);
  }
  const want = needs(module, sigs, true);
  const parts = {};
  for (const n of ORDER) if (want.includes(n)) parts[n] = await import(new URL(`${n}.mjs`, here));
  const rawExports = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name));
  const sym = symbols(), rt = symbolicRuntime(sym, sigs, parts, rawExports.has("__wasmrust_abandoned"));
  let dynamic = want.some((n) => DYNAMIC.includes(n));
  // One generated function, or `fallback` (the generator run when the module loads) where a
  // value it closes over exists only then.
  const generate = (make, fallback) => {
    try {
      return make()[EXPR];
    } catch (e) {
      if (!(e instanceof NotStatic)) throw e;
      dynamic = true;
      return fallback;
    }
  };

  const exports = [];
  sigs.exports.forEach((sig, i) => {
    if (!rawExports.has(sig.name)) return;
    const all = [...sig.params, sig.result].every(api.plain), raw = sym(`x[${q(sig.name)}]`);
    const expr = generate(() => (all ? plainExport : parts.gen.exportWrapper)(rt, sig, raw), `$gen.exportWrapper(rt, SIGS.exports[${i}], x[${q(sig.name)}])`);
    exports.push(`exports[${q(sig.name)}] = ${expr};`);
  });
  if (sigs.members.some((m) => rawExports.has(m.raw))) {
    const members = [];
    parts.classes.build(rt, sigs, sym("x"), {}, (sig) => {
      const i = sigs.members.findIndex((m) => m.raw === sig.raw);
      members.push(`${q(sig.raw)}: (r) => ${generate(() => parts.gen.exportWrapper(rt, sig, sym("r")), `$gen.exportWrapper(rt, { ...SIGS.members[${i}], name: ${q(sig.name)}, self: ${sig.self} }, r)`)}`);
    });
    exports.push(`const W = {\n${members.join(",\n")}\n};`, `$classes.build(rt, SIGS, x, exports, (sig, raw) => W[sig.raw](raw));`);
  }

  const have = provided(parts), imports = {};
  WebAssembly.Module.imports(module).forEach((imp) => {
    const ns = (imports[imp.module] ??= []), key = q(imp.name);
    const i = sigs.imports.findIndex((s) => s.module === imp.module && s.name === imp.name), sig = sigs.imports[i];
    const user = `I(${q(imp.module)}, ${key})`;
    let expr;
    if (imp.module === "__wasmrust") {
      if (!have[imp.name]) throw new Error(`${name} needs runtime function __wasmrust.${imp.name}, which this emit.mjs does not provide: use the emit.mjs that ships with the \`wasm\` crate version the module was built with`);
      expr = `rt.imports[${key}]`;
    } else if (imp.module === "__wasmrust_js") {
      if (!sig) throw new Error(`${name} imports __wasmrust_js.${imp.name} without its signature record`);
      expr = `$bind.bind(rt, ${key}, SIGS.imports[${i}])`;
    } else if (imp.kind === "memory") expr = `(rt.memory = ${user})`;
    else if (imp.kind !== "function") expr = user;
    else if (sig) expr = `((f) => ${generate(() => parts.gen.importWrapper(rt, sig, sym("f")), `$gen.importWrapper(rt, SIGS.imports[${i}], f)`)})(${user})`;
    else expr = `((f) => (...a) => rt.host(f, a))(${user})`;
    ns.push(`${key}: ${expr}`);
  });
  return assemble({ sigs, want, dynamic, exports, imports, name });
}

/** The declarations of runtime file `file` that `roots` reach (all its exports too if `all`). */
async function kept(file, roots, all) {
  // gen.mjs `link`: the runtime path's import linking, which the emitted file does itself.
  return shake(await readFile(new URL(file, here), "utf8"), roots, { all, except: ["link"] });
}

async function assemble({ sigs, want, dynamic, exports, imports, name }) {
  const used = ORDER.filter((n) => want.includes(n) && n !== "closures");
  const out = [
    `// JS glue for ${name}, written ahead of time by crates/wasm/js/emit.mjs from the module's`,
    `// \`wasmrust\` section (format ${FORMAT_VERSION}). It loads this module only: emit it again when the module's`,
    "// signatures change. API as crates/wasm/js/wasmrust.mjs (docs/js-host.md).",
  ];
  // RustError and HandleError where the module can meet them: Result types, references.
  const errors = [...(want.includes("more") || dynamic ? ["RustError"] : []), ...(want.includes("refs") ? ["HandleError"] : [])];
  const core = await kept("wasmrust.mjs", [...errors, "FORMAT_VERSION", "runtime", "begin", "compile", "abandoner", "started", ...(dynamic ? ["reader", "guard", "plain"] : [])], false);
  // Each part in a scope of its own (their private names overlap), as an object of what is used.
  const scopes = [{ text: core.text }]; // the core (wasmrust.mjs's), then the parts
  const part = async (n, roots) => {
    const s = await kept(`${n}.mjs`, roots, dynamic);
    for (const [from, names] of Object.entries(s.imports)) {
      const dep = from.replace(/\.mjs$/, "");
      if (!scopes.some((x) => x.n === dep)) await part(dep, names);
      s.text = `const { ${names} } = $${dep};\n${s.text}`;
    }
    const names = [...new Set([...roots, ...(dynamic ? s.exported : [])])].filter((r) => s.names.includes(r));
    scopes.push({ n, text: s.text, names });
  };
  for (const n of used) await part(n, n === "classes" ? ["setup", "entry", "build"] : n === "bind" ? ["bind"] : ["setup"]);
  // Without the generator at run time, the runtime members (`rt.x`) nothing reads go, until none.
  const rest = [exports.join("\n"), Object.values(imports).flat().join("\n")].join("\n");
  for (let changed = !dynamic; changed; ) {
    const reads = runtimeUses([rest, ...scopes.map((x) => x.text)].join("\n"));
    changed = false;
    for (const x of scopes) {
      const text = pruneMembers(x.text, (name) => reads.has(name));
      if (text !== x.text) [x.text, changed] = [text, true];
    }
  }
  for (const x of scopes) out.push(x.n ? `const $${x.n} = (() => {\n${x.text}\nreturn { ${x.names} };\n})();` : x.text);
  const runtimeApi = dynamic ? `{ reader, guard, plain, RustError, parts: { ${used.map((n) => `${n}: $${n}`)} } }` : errors.includes("RustError") ? "{ RustError }" : "{}";
  const setups = scopes.filter((x) => x.names?.includes("setup")).map((x) => `$${x.n}.setup(rt, options);`);
  const hasImports = Object.keys(imports).length > 0;
  out.push(
    `const SIGS = ${q(sigs)};`,
    "function link(module, options) {",
    `const rt = runtime(SIGS, true, ${runtimeApi});`,
    ...setups,
    ...(hasImports
      ? [
          "const user = options.imports ?? {};",
          "const I = (m, n) => { const f = user[m]?.[n]; if (f === undefined) throw new Error(`wasmrust: missing host import ${m}.${n}: pass it as instantiate(.., { imports: { ${JSON.stringify(m)}: { ${n}: ... } } })`); return f; };",
          `const imports = {\n${Object.entries(imports).map(([m, fields]) => `${q(m)}: {\n${fields.join(",\n")}\n}`).join(",\n")}\n};`,
        ]
      : ["const imports = {};"]),
    "const finish = (instance) => {",
    "const x = instance.exports, exports = begin(rt, x);",
    ...exports,
    "return { instance, module, exports, table: rt.T, signatures: SIGS };",
    "};",
    "return { imports, finish };",
    "}",
    "/** Compiles `source` (bytes, a `Response` or a promise of one, a `WebAssembly.Module`); nothing else to load. */",
    "export const prepare = (source) => compile(source);",
    "export async function instantiate(source, options = {}) {",
    "const module = await compile(source), { imports, finish } = link(module, options);",
    "return started(finish(await WebAssembly.instantiate(module, imports)), false);",
    "}",
    "export function instantiateSync(source, options = {}) {",
    "const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source), { imports, finish } = link(module, options);",
    "return started(finish(new WebAssembly.Instance(module, imports)), true);",
    "}",
    `export { ${[...errors, "FORMAT_VERSION"]} };`,
  );
  return out.join("\n") + "\n";
}

// ---- Command line.

async function main(argv) {
  let input, output;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-o") output = argv[++i];
    else if (!input && !argv[i].startsWith("-")) input = argv[i];
    else return usage(`unexpected argument ${argv[i]}`);
  }
  if (!input || (argv.includes("-o") && !output)) return usage(input ? "-o needs a file" : "no module given");
  let bytes;
  try {
    bytes = await readFile(input);
  } catch (e) {
    return error(`cannot read ${input}: ${e.message}`);
  }
  let js;
  try {
    js = await emit(bytes, input.split("/").pop());
  } catch (e) {
    return error(e.message || String(e.stack));
  }
  if (output) await writeFile(output, js);
  else process.stdout.write(js);
}
function usage(why) {
  process.stderr.write(`emit.mjs: ${why}\nusage: node emit.mjs app.wasm [-o app.js]   (writes the module's JS glue; stdout without -o)\n`);
  process.exitCode = 2;
}
function error(message) {
  process.stderr.write(`emit.mjs: ${message}\n`);
  process.exitCode = 1;
}

if (import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1] ?? "").href) await main(process.argv.slice(2));
