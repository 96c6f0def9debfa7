// The Game of Life in Node: `node host.mjs <game_of_life.wasm> [generations]`.
// Prints `generations N, population P, checksum C` after checking each generation against the
// plain-JS rules (life.mjs).
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";
import { run } from "./life.mjs";

const [wasm, n = "10"] = process.argv.slice(2);
const { exports } = await instantiate(await readFile(wasm));
const { population, checksum } = run(exports, Number(n));
console.log(`generations ${n}, population ${population}, checksum ${checksum}`);
