// Types of wasmrust.mjs, for TypeScript. The types of one module's exports and imports come from
// `node dts.mjs app.wasm` (docs/js-host.md, "TypeScript").

import type { HandleTable } from "./table.mjs";

/** The record format this runtime reads. */
export declare const FORMAT_VERSION: 4;

/** A Rust `Err` thrown to JS when the value is not an `Error`; `value` is the lifted error. */
export declare class RustError extends Error {
  constructor(value: unknown);
  readonly value: unknown;
}

/** A host reference was refused (stale, forged, or the table is full); `instanceof` works on any copy. */
export declare class HandleError extends Error {}

/** A recorded type: `c` is its code (docs/js-host.md, "The `wasmrust` section"). */
export interface RecordedType {
  c: number;
  test?: { kind: number; name: string };
  inner?: RecordedType;
  ok?: RecordedType;
  err?: RecordedType;
  elem?: number;
  /** An exported class's name (codes 28-30: `T`, `&T`, `&mut T`). */
  cls?: string;
}

/** One recorded signature. */
export interface Signature {
  name: string;
  module?: string;
  params: RecordedType[];
  result: RecordedType;
}

/** The signatures of a module's `wasmrust` section. */
export interface Signatures {
  exports: Signature[];
  imports: Signature[];
  /** Members of exported classes: `raw` export, class, JS name, role (0 static, 1 constructor,
   * 2 method, 3 getter, 4 setter, 5 free); a receiver is the first parameter. */
  members: (Signature & { raw: string; cls: string; role: number })[];
}

/** What `instantiate` and `prepare` take: bytes, a `Response` (or a promise of one), or a compiled module. */
export type Source = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>;

export interface Options<I = Record<string, Record<string, unknown>>> {
  /** The host's imports: `{ module: { name: value } }` (the generated `Imports` type). */
  imports?: I;
  /** Classes for `instanceof "Name"` tests whose class is not on `globalThis`. */
  classes?: Record<string, abstract new (...args: any[]) => unknown>;
  /** Functions for `predicate "name"` tests. */
  predicates?: Record<string, (value: unknown) => unknown>;
  /** A reference table to share between instances (default: one per instance). */
  table?: HandleTable;
  /** `false`: build the typed functions from closures instead of `new Function` (a strict CSP). */
  codegen?: boolean;
}

/** What `instantiate` returns; `E` is the generated `Exports` type. */
export interface Instantiated<E = Record<string, unknown>> {
  exports: E;
  instance: WebAssembly.Instance;
  module: WebAssembly.Module;
  /** The reference table, for a module that uses references. */
  table: HandleTable | undefined;
  signatures: Signatures;
}

/** The signatures recorded in a compiled module. */
export declare function readSignatures(module: WebAssembly.Module): Signatures;

/** Compiles `source` and loads the parts of the runtime the module needs (for `instantiateSync`). */
export declare function prepare(source: Source, options?: Options<unknown>): Promise<WebAssembly.Module>;

/** Compiles and instantiates a WasmRust module: `instantiate<Exports, Imports>(source, { imports })`. */
export declare function instantiate<E = Record<string, unknown>, I = Record<string, Record<string, unknown>>>(
  source: Source,
  options?: Options<I>,
): Promise<Instantiated<E>>;

/** `instantiate` for bytes or a compiled module, synchronously, once `prepare` loaded its parts. */
export declare function instantiateSync<E = Record<string, unknown>, I = Record<string, Record<string, unknown>>>(
  source: BufferSource | WebAssembly.Module,
  options?: Options<I>,
): Instantiated<E>;
