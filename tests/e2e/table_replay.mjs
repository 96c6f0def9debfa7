// Replays a script of table operations (one per line: "insert <id>", "get <h>", "release <h>",
// "push <id>", "pin <h>", "pop_to <depth>", "depth", "stats") on the JS HandleTable (js/table.mjs) and prints one result
// per line, in the format tests/extern_table.rs prints for the Rust table.
import { readFileSync } from "node:fs";
import { HandleTable } from "../../crates/wasm/js/table.mjs";

const t = new HandleTable(Number(process.argv[3] ?? 0)); // the table's tag: argument 2
const out = [];
for (const line of readFileSync(process.argv[2], "utf8").split("\n")) {
  if (!line) continue;
  const [op, arg] = line.split(" ");
  const n = Number(arg);
  try {
    switch (op) {
      case "insert": out.push(String(t.insert(n) >>> 0)); break;
      case "push": out.push(String(t.push(n) >>> 0)); break;
      case "get": out.push("obj " + t.get(n)); break;
      case "release": out.push("obj " + t.release(n)); break;
      case "pin": out.push("pinned " + t.pin(n)); break;
      case "pop_to": t.popTo(n); out.push("ok"); break;
      case "depth": out.push(String(t.depth)); break;
      case "stats": { const s = t.stats(); out.push(`${s.live} ${s.length} ${s.borrowed}`); break; }
      default: throw new Error("unknown op " + op);
    }
  } catch (e) {
    if (e.name !== "HandleError") throw e;
    out.push("error " + e.message);
  }
}
process.stdout.write(out.join("\n") + "\n");
