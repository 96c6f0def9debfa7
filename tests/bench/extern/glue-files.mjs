// Prints the paths of the files of crates/wasm/js that loading a module imports (what a page
// fetches for it), one per line. Usage: node glue-files.mjs <module.wasm>
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { trackLoads } from "../../e2e/loaded.mjs";

const runtime = new URL("../../../crates/wasm/js/", import.meta.url);
const loaded = trackLoads(runtime);
const { prepare } = await import(new URL("wasmrust.mjs", runtime));
await prepare(await readFile(process.argv[2]));
for (const name of loaded()) console.log(fileURLToPath(new URL(name, runtime)));
