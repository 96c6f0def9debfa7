// Runs the browser build of the effects-demo fixture with a JS glue that provides its `env`
// imports, as a page would, and prints what the exports return as JSON.
import { readFile } from "node:fs/promises";
const [wasmPath] = process.argv.slice(2);
const logged = [];
let memory;
const env = {
    js_log: (ptr, len) => logged.push(new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, len))),
    js_now: () => 1234.5,
};
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { env });
memory = instance.exports.memory;
const e = instance.exports;
console.log(JSON.stringify({
    fibonacci: e.fibonacci(20),
    gcd: Number(e.gcd(1071n, 462n)),
    primes: e.count_primes(100),
    reportLength: e.report(10),
    secondReportLength: e.report(3),
    logged,
}));
