// Which files of a folder this Node process loads: `const loaded = trackLoads(folderURL)` before
// the imports to watch, then `loaded()` gives their names, sorted. The loader thread logs each
// file before its import resolves. Used by parts.test.mjs and tests/bench/extern/glue-files.mjs.
import { register } from "node:module";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, basename } from "node:path";

const hooks = `import { appendFileSync } from "node:fs"; let log;
export function initialize(data) { log = data.log; appendFileSync(log, ""); }
export function load(url, context, next) { appendFileSync(log, url + "\\n"); return next(url, context); }`;

export function trackLoads(folder) {
  const log = join(mkdtempSync(join(tmpdir(), "wasmrust-loads-")), "log");
  register("data:text/javascript," + encodeURIComponent(hooks), { data: { log } });
  return () => readFileSync(log, "utf8").split("\n").filter((u) => u.startsWith(folder.href)).map((u) => basename(u)).sort();
}
