// Runs the wasm::task fixture in Node. Usage: node task.mjs <task.wasm> <mode>
//   scenarios  one line per scenario: name<TAB>log
//   million    the 1,000,000-task rounds with heap and linear-memory accounting
//   bytes      heap bytes per task for futures of several sizes
//   panic      a panicking task: prints how the instance failed
//   host       tasks awaiting real JS promises, woken through the `host_resolved` export
import { readFile } from "node:fs/promises";

const [wasmPath, mode] = process.argv.slice(2);
const pending = [];
let exports;
const imports = {
  env: {
    // A real promise per call; settling it re-enters the module through an export (`then`
    // callbacks run later, as microtasks, after the export that started the work returned).
    start_promise(token, input) {
      let resolve;
      const promise = new Promise((r) => (resolve = r));
      const settled = promise.then((value) => exports.host_resolved(token, value));
      pending.push({ token, input, resolve, settled });
    },
  },
};
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), imports);
exports = instance.exports;

function text(len) {
  return new TextDecoder().decode(new Uint8Array(exports.memory.buffer, exports.out_ptr(), len));
}

switch (mode) {
  case "scenarios":
    for (let i = 0; i < exports.scenario_count(); i++) console.log(text(exports.scenario_run(i)));
    break;
  case "million":
    console.log(text(exports.million()));
    break;
  case "bytes":
    console.log(text(exports.task_bytes()));
    break;
  case "panic":
    try {
      exports.panic_in_task();
      console.log("returned");
    } catch (e) {
      console.log(`${e.constructor.name}: ${e.message}`);
    }
    break;
  case "host": {
    const polls = exports.host_demo_start(5);
    const waiting = exports.live_tasks();
    // Let a macrotask pass (nothing may resolve by itself), then settle the promises in reverse
    // start order, each after the previous one's callback ran.
    await new Promise((r) => setTimeout(r, 5));
    const stillWaiting = exports.live_tasks();
    const codes = [];
    for (const p of [...pending].reverse()) {
      p.resolve(p.input * 10);
      codes.push(await p.settled);
    }
    const after = exports.live_tasks();
    // Tokens are spent now: resolving one again is stale; 0 and a forged one are unknown.
    const again = exports.host_resolved(pending[0].token, 1);
    const zero = exports.host_resolved(0, 1);
    const forged = exports.host_resolved(0x7ffff, 1);
    console.log(`polls=${polls} waiting=${waiting},${stillWaiting} codes=${codes.join(",")} live_after=${after}`);
    console.log(`again=${again} zero=${zero} forged=${forged}`);
    console.log(text(exports.host_demo_log()));
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
