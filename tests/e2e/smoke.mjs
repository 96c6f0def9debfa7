// Instantiates the smoke fixture and prints what `roundtrip` returns for each argument.
import { readFile } from "node:fs/promises";
const [wasmPath, ...args] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath));
console.log(args.map((a) => instance.exports.roundtrip(Number(a))).join(" "));
