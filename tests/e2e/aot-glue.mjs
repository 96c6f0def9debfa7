// `node --import ./aot-glue.mjs`: test files that import crates/wasm/js/wasmrust.mjs get the glue
// emit.mjs wrote for their module instead ($WASMRUST_GLUE), so a test file written for the
// runtime path runs unchanged against the ahead-of-time glue (tests/aot.rs).
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const hooks = `let glue;
export function initialize(data) { glue = data.glue; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  // The runtime's own tools (dts.mjs) keep reading wasmrust.mjs.
  const tool = context.parentURL?.includes("/crates/wasm/js/");
  return r.url.endsWith("/crates/wasm/js/wasmrust.mjs") && !tool ? { ...r, url: glue } : r;
}`;
if (!process.env.WASMRUST_GLUE) throw new Error("aot-glue.mjs: set WASMRUST_GLUE to the emitted glue");
register("data:text/javascript," + encodeURIComponent(hooks), { data: { glue: pathToFileURL(process.env.WASMRUST_GLUE).href } });
