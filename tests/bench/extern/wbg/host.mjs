// The host functions the benchmark imports (the same ones `bench.mjs` passes to WasmRust).
export let sink = null;
export function host_touch(x) {
  sink = x;
}
export function host_greet(s) {
  sink = s;
}
