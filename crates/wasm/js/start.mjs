// The start function (`#[wasm::export(start)]`, the export `__wasmrust_start`): the part of
// wasmrust.mjs for modules that have one, so those that have none load none of it.

/**
 * Runs the module's start function once, before the instance is handed out, and leaves it out
 * of `exports`. A panic or `Err` in it throws (the async path rejects); an async one is awaited,
 * which the sync path cannot do. `isAsync`: whether the start function is async (emit.mjs passes
 * it: its files have no `signatures`). (emit.mjs copies this function: it names nothing else.)
 */
export function started(result, sync, isAsync) {
  const { exports } = result, start = exports.__wasmrust_start;
  if (start === undefined) return result;
  delete exports.__wasmrust_start;
  isAsync ??= result.signatures?.exports.some((s) => s.name === "__wasmrust_start" && s.result.promise);
  if (sync && isAsync) {
    throw new Error("wasmrust: the module's start function is async; a synchronous instantiation cannot await it (use the promise-returning one)");
  }
  const done = start();
  return sync ? result : Promise.resolve(done).then(() => result);
}
