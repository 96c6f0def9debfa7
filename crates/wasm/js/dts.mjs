// dts.mjs: TypeScript declarations for a WasmRust module, from its `wasmrust` section.
//
//   node dts.mjs app.wasm > app.d.ts        (or: node dts.mjs app.wasm -o app.d.ts)
//
//   import { instantiate } from "./wasmrust.mjs";
//   import type { Exports, Imports } from "./app.js";   // app.d.ts
//   const { exports } = await instantiate<Exports, Imports>(fetch("app.wasm"), { imports });
//
// A development tool, not a build step: the module runs without it, and the declarations say
// what wasmrust.mjs does with each signature (the types it accepts and returns). Parameter names
// and doc comments come from debug builds, which record them; a release module gives `a0`,
// `a1`, ... and no docs.
// See docs/js-host.md, "TypeScript".

import { reader, readSignatures, runtimeOwned } from "./wasmrust.mjs";
import { typeName } from "./gen.mjs";
import { ARRAYS } from "./slices.mjs";

const TYPEOF = { string: "string", number: "number", bigint: "bigint", boolean: "boolean", symbol: "symbol", undefined: "undefined", object: "object | null", function: "(...args: any[]) => any" };
const PREDICATES = { array: "unknown[]", null: "null", undefined: "undefined", nullish: "null | undefined" };
// Reserved words a parameter cannot be named in TypeScript (a Rust raw identifier can).
const RESERVED = new Set("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "));

/**
 * The Rust spelling of a recorded type (for the doc comments): the runtime's, `FuncRef` by name,
 * a typed one with its signature (`typeName` is given a numbered stand-in for it).
 */
function rust(t) {
  if (t.promise) return rust(t.promise);
  const typed = [];
  const plain = (x) => (x === null || typeof x !== "object" ? x
    : x.sig ? { ...x, test: { kind: 2, name: `\0${typed.push(x.sig) - 1}` } }
    : Array.isArray(x) ? x.map(plain) : Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)])));
  return typeName(plain(t)).replaceAll("ExternRef<function>", "FuncRef").replace(/ExternRef<\0(\d+)>/g, (_, i) => `FuncRef<${rustFn(typed[i])}>`);
}

const rustFn = (sig) => `fn(${sig.params.map(rust).join(", ")})${sig.result.c ? ` -> ${rust(sig.result)}` : ""}`;

/**
 * A typed `FuncRef`'s function type. Its values cross the other way: a function going into wasm
 * is called by Rust with values coming out of wasm and returns one going in, and the reverse for
 * a closure going out. Its result is a whole result: an `Err` is thrown.
 */
const fnType = (sig, into) => `(${sig.params.map((p, i) => `a${i}: ${ts(p, !into)}`).join(", ")}) => ${ts(sig.result, into, true)}`;

/**
 * The TypeScript type of `t` going `into` wasm (export parameters, import results) or out of it.
 * `top`: a whole result, where a `Result` is its `Ok` value and its `Err` is thrown.
 */
function ts(t, into, top = false) {
  switch (t.c) {
    case 0: return top ? "void" : "undefined";
    case 1: return "boolean";
    case 2: case 16: return "string";
    case 9: case 10: return into ? "bigint | number" : "bigint";
    case 17: if (t.clamped) return "Uint8ClampedArray";
      return into ? "Uint8Array | ArrayBufferView | ArrayBuffer | readonly number[]" : "Uint8Array";
    case 18: case 19: return t.promise ? `Promise<${ts(t.promise, into, true)}>` // an async export's result
      : t.sig ? fnType(t.sig, into) : ref(t.test);
    case 22: return `${group(ts(t.inner, into))} | null${into ? " | undefined" : ""}`;
    case 23: return top ? ts(t.ok, into, true) : `{ ok: ${ts(t.ok, into)} } | { err: ${ts(t.err, into)} }`;
    case 24: case 25: case 26: case 27: return ARRAYS[t.elem].name;
    case 28: case 29: case 30: return t.cls; // exported classes, declared below `Exports`
    case 31: case 32: case 33: return named(t); // exported records, enums, variants: declared below
    case 34: return `${group(ts(t.inner, into))}[]`;
    default: return "number";
  }
}

/** Exported records, enums and variants met while declaring: name -> declaration. */
let namedTypes = new Map();

function named(t) {
  if (namedTypes.has(t.name)) return t.name;
  namedTypes.set(t.name, ""); // first, so a type nested in itself ends
  let decl;
  if (t.c === 31) decl = `export interface ${t.name} {\n${t.fields.map((f) => `  ${key(f.name)}: ${ts(f.t, false)};`).join("\n")}\n}`;
  if (t.c === 32) decl = `export type ${t.name} = ${t.cases.map((c) => JSON.stringify(c)).join(" | ")};`;
  if (t.c === 33) decl = `export type ${t.name} =\n${t.cases.map((c) => `  | { tag: ${JSON.stringify(c.name)}${c.t ? `; val: ${ts(c.t, false)}` : ""} }`).join("\n")};`;
  const kind = { 31: "record (a plain object, copied)", 32: "enum (its case names)", 33: "variant" }[t.c];
  namedTypes.set(t.name, `/** An exported ${kind}: \`#[wasm::export]\` on the Rust type. */\n${decl}\n`);
  return t.name;
}

const group = (s) => (s.includes(" ") ? `(${s})` : s);

function ref(test) {
  if (test.kind === 1) return test.name === "Promise" ? "Promise<unknown>" : test.name; // instanceof: the class, a global type or one you declare (async exports: a Promise)
  if (test.kind === 2) return TYPEOF[test.name] ?? "unknown";
  if (test.kind === 3) return PREDICATES[test.name] ?? "unknown";
  return "unknown";
}

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) && name !== "new" ? name : JSON.stringify(name));
const param = (name) => (RESERVED.has(name) ? name + "_" : name);

/** `{ "e:export name" | "i:module\0name": { names, doc } }` from the debug-build name records. */
function parameterNames(module) {
  const out = {};
  for (const section of WebAssembly.Module.customSections(module, "wasmrust")) {
    const r = reader(new Uint8Array(section)), text = () => r.text(r.leb());
    while (r.at < section.byteLength) {
      r.u8(); // the format version (readSignatures checked it)
      const end = r.leb() + r.at;
      if (r.u8() === 2) {
        const target = r.u8(), id = target === 1 ? text() + "\0" + text() : text();
        const names = Array.from({ length: r.u8() }, text);
        out[(target === 1 ? "i:" : "e:") + id] = { names, doc: r.at < end ? text() : "" };
      }
      r.at = end;
    }
  }
  return out;
}

function signature(sig, recorded, into, indent, member) {
  const own = member?.self ? sig.params.slice(1) : sig.params; // a receiver is `this`
  const params = own.map((t, i) => `${param(recorded?.names[i] ?? "a" + i)}: ${ts(t, into)}`);
  const result = ts(sig.result, !into, true);
  const settled = sig.result.promise ?? sig.result; // an async export: what its promise settles with
  const err = settled.c !== 23 ? "" : sig.result.promise
    ? "; the promise rejects with the `Err` (an `Error` as it is, any other value as a `RustError`)"
    : into
    ? "; throws the `Err` (an `Error` as it is, any other value as a `RustError`)"
    : "; what the function throws is the `Err`";
  const rustSig = `\`${sig.result.promise ? "async " : ""}fn(${sig.params.map(rust).join(", ")})${settled.c ? ` -> ${rust(settled)}` : ""}\`${err}`;
  // The Rust doc comment first (from a debug build), then the Rust signature.
  const lines = recorded?.doc ? [...recorded.doc.replaceAll("*/", "*\\/").split("\n"), "", rustSig] : [rustSig];
  const doc = lines.length === 1 ? `${indent}/** ${rustSig} */` : [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? " " + l : ""}`), `${indent} */`].join("\n");
  if (!member) return `${doc}\n${indent}${key(sig.name)}(${params.join(", ")}): ${result};`;
  const head = { 0: `static ${key(member.name)}(`, 1: "constructor(", 2: `${key(member.name)}(`, 3: `get ${key(member.name)}(`, 4: `set ${key(member.name)}(` }[member.role];
  return `${doc}\n${indent}${head}${params.join(", ")})${member.role === 1 || member.role === 4 ? "" : `: ${result}`};`;
}

/** `declare class` per exported class, from its member records. */
function classes(sigs, names) {
  const byClass = new Map();
  for (const m of sigs.members) byClass.set(m.cls, [...(byClass.get(m.cls) ?? []), m]);
  const out = [];
  for (const [cls, members] of [...byClass].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(`/** An exported class (\`#[wasm::export] impl ${cls}\`): end objects with \`free()\` or \`using\`; a FinalizationRegistry frees lost ones. */`);
    out.push(`export declare class ${cls} {`);
    if (!members.some((m) => m.role === 1)) out.push(`  /** No constructor in Rust: objects come from functions that return a \`${cls}\`. */`, "  private constructor();");
    for (const m of members) {
      if (m.role === 5) continue;
      const member = { name: m.name, role: m.role, self: m.role >= 2 };
      out.push(signature({ ...m, name: m.name }, names["e:" + m.raw], true, "  ", member));
    }
    out.push("  /** Drops the Rust value; later use throws. Freeing twice does nothing. */", "  free(): void;", "  [Symbol.dispose](): void;", "}", "");
  }
  return { out, names: [...byClass.keys()] };
}

const OTHER = { memory: "WebAssembly.Memory", table: "WebAssembly.Table", global: "WebAssembly.Global", function: "(...args: any[]) => any", tag: "unknown" };

/** The declarations of `module` (a `WebAssembly.Module`, or its bytes), as a .d.ts text. */
export function declarations(module) {
  if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
  const sigs = readSignatures(module), names = parameterNames(module);
  namedTypes = new Map();
  const out = [
    "// Generated by crates/wasm/js/dts.mjs from the module's `wasmrust` section. Use with",
    "// `instantiate<Exports, Imports>(source, { imports })` from wasmrust.mjs.",
    "",
    "/** What `instantiate` returns as `exports`: a typed function per `#[wasm::export]`, and the module's other exports. */",
    "export interface Exports {",
  ];
  const typed = new Set(sigs.exports.map((s) => s.name)), owned = runtimeOwned(sigs);
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); // not link order: stable
  // The start function (`#[wasm::export(start)]`) is run by `instantiate`, not exported.
  for (const sig of sigs.exports.sort(byName)) if (sig.name !== "__wasmrust_start") out.push(signature(sig, names["e:" + sig.name], true, "  "));
  const declared = classes(sigs, names);
  for (const cls of declared.names) out.push(`  readonly ${cls}: typeof ${cls};`);
  for (const e of WebAssembly.Module.exports(module)) {
    if (typed.has(e.name) || owned(e.name)) continue;
    out.push(`  readonly ${key(e.name)}: ${OTHER[e.kind] ?? "unknown"};`);
  }
  const modules = new Map(), bound = [];
  for (const i of WebAssembly.Module.imports(module).sort(byName)) {
    if (i.module === "__wasmrust") continue; // the runtime's own
    if (i.module === "__wasmrust_js") { // bound to JS by name (bind.mjs): nothing to pass
      bound.push(i.name.slice(0, i.name.indexOf("#")).replace(/^(\w+):/, (_, k) => ({ js: "", method: ".", get: "get .", set: "set .", new: "new " })[k] ?? k));
      continue;
    }
    if (!modules.has(i.module)) modules.set(i.module, []);
    const sig = sigs.imports.find((s) => s.module === i.module && s.name === i.name);
    modules.get(i.module).push(sig && i.kind === "function" ? signature(sig, names["i:" + i.module + "\0" + i.name], false, "    ") : `    ${key(i.name)}: ${i.kind === "function" ? "(...args: any[]) => any" : OTHER[i.kind] ?? "unknown"};`);
  }
  const boundDoc = bound.length ? ` Bound from JS at instantiation, not passed: ${[...new Set(bound)].join(", ")}.` : "";
  out.push("}", "", `/** What \`instantiate\` needs as \`options.imports\`: the host functions of \`#[wasm::import]\` blocks, and the module's other imports.${boundDoc} */`, "export interface Imports {");
  for (const [m, items] of modules) out.push(`  ${key(m)}: {`, ...items, "  };");
  out.push("}", "", ...declared.out, ...[...namedTypes.values()].sort());
  return out.join("\n");
}

// As a command: `node dts.mjs <module.wasm> [-o <out.d.ts>]`.
if (typeof process !== "undefined" && process.argv?.[1] && import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1]).href) {
  const { readFile, writeFile } = await import("node:fs/promises");
  const [input, flag, output] = process.argv.slice(2);
  if (!input || (flag && (flag !== "-o" || !output))) {
    console.error("usage: node dts.mjs <module.wasm> [-o <out.d.ts>]");
    process.exit(2);
  }
  let text;
  try {
    text = declarations(await readFile(input));
  } catch (e) {
    console.error(`dts.mjs: ${input}: ${e.message}`);
    process.exit(1);
  }
  if (output) await writeFile(output, text);
  else process.stdout.write(text);
}
