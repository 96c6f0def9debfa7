// strip.mjs: the module emit.mjs wrote glue for, minus what that glue does not need
// (`node emit.mjs app.wasm -o app.js --wasm app.out.wasm`, docs/js-host.md "Ahead of time"):
//
// - the `wasmrust` custom section: the glue was generated from it and never reads it (the
//   runtime path does, so a stripped module loads only with its emitted glue);
// - the runtime's own exports (`__wasmrust*`, not a typed export) the glue never names, such as
//   the closure trampoline `__wasmrust_fn_call_i32_1` in a module that makes no closure: rustc
//   exports every `export_name` function of every crate a cdylib links, and an export keeps its
//   function alive, so only once the export is gone can `wasm-opt` drop the body.
//
// Every other section stays byte for byte, the other custom sections too (`name`, `producers`,
// `target_features`), as the wasm-bindgen CLI keeps them while it drops its own section.

import { readSignatures, runtimeOwned } from "./wasmrust.mjs";

const CUSTOM = 0, EXPORT = 7;

/**
 * The exports of compiled `module` that glue text `glue` (emit.mjs's for it) needs: every user
 * export (not runtime-owned, a typed export, a class member), and every runtime export the glue
 * names. The glue reaches a runtime export only by its name (`x.__wasmrust_fn_call_i32`,
 * `rt.rawExports.__wasmrust_fn_call_i32_1`), so one it does not name it never calls.
 */
export function neededExports(module, glue) {
  const sigs = readSignatures(module), owned = runtimeOwned(sigs);
  const user = new Set([...sigs.exports.map((s) => s.name), ...sigs.members.map((m) => m.raw)]);
  const named = (n) => new RegExp(`(?<![\\w$])${n.replace(/[^\w]/g, "\\$&")}(?![\\w$])`).test(glue);
  return new Set(WebAssembly.Module.exports(module).map((e) => e.name).filter((n) => !owned(n) || user.has(n) || named(n)));
}

/** Module `bytes` as glue text `glue` (emit.mjs's for it) needs it: `strip` with `neededExports`. */
export function stripFor(bytes, glue) {
  // Glue emit.mjs writes never reads the section (it was generated from it); glue that did needs it.
  if (/\bcustomSections\b/.test(glue)) throw new Error("the glue reads the module's custom sections when it runs: use the module as built");
  const out = strip(bytes, ((needed) => (n) => needed.has(n))(neededExports(new WebAssembly.Module(bytes), glue)));
  try {
    new WebAssembly.Module(out.bytes);
  } catch (e) {
    throw new Error(`strip.mjs wrote a module that does not compile (${e.message}): report this`);
  }
  return out;
}

/**
 * Module `bytes` without its `wasmrust` section and without the exports `keep` (a name
 * predicate) refuses: `{ bytes, removed }`, `removed` the names of the exports left out. Throws
 * an Error saying where a module is malformed.
 */
export function strip(bytes, keep) {
  const r = cursor(bytes), out = [bytes.subarray(0, 8)], removed = [];
  if (bytes.length < 8 || r.u32() !== 0x6d736100 || r.u32() !== 1) fail("not a WebAssembly module (magic number and version 1)");
  while (r.at < bytes.length) {
    const start = r.at, id = r.u8(), size = r.leb(), end = r.at + size;
    if (end > bytes.length) fail(`section ${id} at byte ${start} runs past the end of the module`);
    const body = cursor(bytes.subarray(r.at, end));
    r.at = end;
    if (id === CUSTOM && body.name() === "wasmrust") continue;
    if (id !== EXPORT) {
      out.push(bytes.subarray(start, end));
      continue;
    }
    const entries = [];
    for (let n = body.leb(); n > 0; n--) {
      const from = body.at, name = body.name();
      body.u8(); // the kind
      body.leb(); // the index
      if (keep(name)) entries.push(body.bytes.subarray(from, body.at));
      else removed.push(name);
    }
    if (body.at !== size) fail(`the export section at byte ${start} has ${size - body.at} bytes after its entries`);
    const content = [leb(entries.length), ...entries];
    out.push(Uint8Array.of(EXPORT), leb(content.reduce((n, b) => n + b.length, 0)), ...content);
  }
  const result = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  out.reduce((at, b) => (result.set(b, at), at + b.length), 0);
  return { bytes: result, removed };
}

/** A reader of `bytes` that throws on reading past their end. */
function cursor(bytes) {
  const c = {
    bytes,
    at: 0,
    u8: () => (c.at < bytes.length ? bytes[c.at++] : fail(`truncated at byte ${c.at}`)),
    u32: () => (c.u8() | (c.u8() << 8) | (c.u8() << 16) | (c.u8() << 24)) >>> 0,
    leb() {
      let n = 0, shift = 0, x;
      do {
        if (shift > 28) fail(`a LEB128 number longer than 5 bytes at byte ${c.at}`);
        n += ((x = c.u8()) & 127) * 2 ** shift;
        shift += 7;
      } while (x & 128);
      return n;
    },
    name() {
      const n = c.leb();
      if (c.at + n > bytes.length) fail(`a name runs past its section at byte ${c.at}`);
      return new TextDecoder().decode(bytes.subarray(c.at, (c.at += n)));
    },
  };
  return c;
}

/** Unsigned LEB128 of `n`. */
function leb(n) {
  const out = [];
  do out.push((n & 127) | (n >= 128 ? 128 : 0)), (n = Math.floor(n / 128));
  while (n > 0);
  return Uint8Array.from(out);
}

function fail(why) {
  throw new Error(`malformed module: ${why}`);
}
