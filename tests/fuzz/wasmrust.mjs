// Fuzzing of the `wasmrust` custom-section decoder in crates/wasm/js (run by tests/fuzz_js.rs):
// `node tests/fuzz/wasmrust.mjs <fixture.wasm>...` builds modules from the fixtures and the corpus
// (tests/fuzz/corpus/wasmrust/: `.wasm` modules and `.bin` section payloads) with mutated,
// generated or random `wasmrust` sections, or mutated module bytes, and feeds each to
// `readSignatures`, `declarations` (dts.mjs) and `instantiate`. Each must succeed or throw a clear
// Error (a message from the decoder, or a WebAssembly CompileError/LinkError), never a
// TypeError/RangeError from inside the decoder, a crash or a hang: a worker runs the cases and the
// main thread ends it if one case takes longer than CASE_MS.
// Env: FUZZ_FIXED (deterministic seeds, default 1500), WASMRUST_FUZZ_CASES (random ones, default
// 100), WASMRUST_FUZZ_SEED (their base), FUZZ_CASE_MS (the per-case limit), FUZZ_VERBOSE (print
// every error). Prints `fuzz wasmrust.mjs: N cases run`.
import { Worker, isMainThread, workerData, parentPort } from "node:worker_threads";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const CASE_MS = Number(process.env.FUZZ_CASE_MS ?? 5000);

if (isMainThread) {
  const fixed = Number(process.env.FUZZ_FIXED ?? 1500);
  const random = Number(process.env.WASMRUST_FUZZ_CASES ?? 100);
  const base = BigInt(process.env.WASMRUST_FUZZ_SEED ?? BigInt(Date.now()) * 1000003n);
  console.log(`fuzz wasmrust.mjs: ${fixed} fixed seeds + ${random} random from WASMRUST_FUZZ_SEED=${base}`);
  const seeds = [...Array(fixed).keys()].map(BigInt).concat([...Array(random).keys()].map((i) => base + BigInt(i)));
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seeds: seeds.map(String), fixtures: process.argv.slice(2) } });
  let current = "setup", timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      console.log(`HANG: case ${current} ran over ${CASE_MS} ms`);
      worker.terminate().then(() => process.exit(1));
    }, CASE_MS);
  };
  arm();
  let failed = 0;
  worker.on("message", (m) => {
    if (m.start !== undefined) return (current = m.start), arm();
    if (m.fail) return failed++, console.log(`FAIL: ${m.fail}`);
    if (m.done) {
      clearTimeout(timer);
      console.log(`fuzz wasmrust.mjs: ${m.cases} cases run (${m.ok} instantiated, ${m.errors} clear errors), ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    }
  });
  worker.on("error", (e) => {
    clearTimeout(timer);
    console.log(`CRASH in case ${current}: ${e?.stack ?? e}`);
    process.exit(1);
  });
} else {
  const { instantiate, readSignatures } = await import("../../crates/wasm/js/wasmrust.mjs");
  const { declarations } = await import("../../crates/wasm/js/dts.mjs");

  // xorshift64*: seeds the cases, so a failing seed replays.
  const rng = (seed) => {
    let s = (BigInt(seed) ^ 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn || 1n;
    return (n) => {
      s ^= s >> 12n; s ^= (s << 25n) & 0xffffffffffffffffn; s ^= s >> 27n;
      return Number(((s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) % n;
    };
  };
  const leb = (v) => {
    const out = [];
    do out.push((v & 127) | (v > 127 ? 128 : 0)), (v = Math.floor(v / 128));
    while (v > 0);
    return out;
  };
  // The module's top-level sections: [{ id, name, bytes }] (custom ones named).
  const sections = (b) => {
    const out = [];
    let at = 8;
    while (at < b.length) {
      const id = b[at++];
      let size = 0, shift = 0, x;
      do (x = b[at++]), (size += (x & 127) * 2 ** shift), (shift += 7);
      while (x & 128);
      const body = b.subarray(at, at + size);
      let name = null;
      if (id === 0) {
        let n = 0, s2 = 0, k = 0;
        do (x = body[k++]), (n += (x & 127) * 2 ** s2), (s2 += 7);
        while (x & 128);
        name = new TextDecoder().decode(body.subarray(k, k + n));
      }
      out.push({ id, name, body });
      at += size;
    }
    return out;
  };
  const withPayloads = (module, payloads) => {
    const parts = [module.subarray(0, 8)];
    for (const s of sections(module)) {
      if (s.name === "wasmrust") continue;
      parts.push(Uint8Array.of(s.id, ...leb(s.body.length)), s.body);
    }
    for (const p of payloads) {
      const body = Uint8Array.of(8, ...new TextEncoder().encode("wasmrust"), ...p);
      parts.push(Uint8Array.of(0, ...leb(body.length)), body);
    }
    return Buffer.concat(parts);
  };
  const mutate = (r, bytes) => {
    const b = [...bytes];
    for (let n = 1 + r(4); n > 0; n--) {
      const at = b.length ? r(b.length) : 0;
      switch (r(7)) {
        case 0: if (b.length) b[at] ^= 1 << r(8); break;
        case 1: if (b.length) b[at] = [0, 1, 0x7f, 0x80, 0xff, 22, 23, 18][r(8)]; break;
        case 2: b.splice(at, 0, r(256)); break;
        case 3: b.splice(at, 1 + r(16)); break;
        case 4: b.splice(r(b.length + 1), 0, ...b.slice(at, at + 1 + r(16))); break;
        case 5: b.length = at; break;
        default: if (b.length) b[at] = r(256);
      }
    }
    return Uint8Array.from(b);
  };
  // A generated type: plain codes, references with a type test, nested Option/Result, slices.
  const type = (r, depth) => {
    // Mostly known codes (deep Option chains too), now and then an unknown one.
    const c = r(50) === 0 ? [13, 14, 15, 20, 21, 28, 30, 255][r(8)] : [0, 1, 3, 4, 5, 6, 7, 8, 11, 12, 16, 17, 18, 19, 22, 22, 22, 23, 24, 25, 26, 27][r(22)];
    if (c === 18 || c === 19) return r(2) ? [c, 0] : [c, 1, 3, 65, 98, 99];
    if ((c === 22 || c === 23) && depth > 0) return [c, ...type(r, depth - 1), ...(c === 23 ? type(r, depth - 1) : [])];
    if (c >= 24 && c <= 27) return [c, r(10) ? 3 + r(10) : r(256)];
    return [c];
  };
  const record = (r) => {
    const name = [...new TextEncoder().encode(["f", "échec", "a-b", "constructor", "__proto__", "x".repeat(r(300)), "", "0"][r(8)])];
    const kind = [0, 0, 1, 2][r(4)];
    const params = [...Array(r(5))].flatMap(() => type(r, r(2) ? 3 : 200));
    const nparams = r(8) ? Math.min(params.length, 255) : r(256);
    const sig = [nparams, ...params, ...type(r, 3)];
    const body = [kind, ...(kind === 1 ? [1, 109] : []), ...leb(name.length), ...name, ...sig];
    return [r(30) ? 3 : r(5), ...leb(r(30) ? body.length : r(1 << 20)), ...body];
  };

  const dir = path.join(here, "corpus/wasmrust");
  const corpus = readdirSync(dir).filter((f) => !f.endsWith(".md")).sort().map((f) => ({ f, b: readFileSync(path.join(dir, f)) }));
  const modules = workerData.fixtures.map((f) => readFileSync(f)).concat(corpus.filter((c) => c.f.endsWith(".wasm")).map((c) => c.b));
  const payloads = corpus.filter((c) => c.f.endsWith(".bin")).map((c) => c.b);
  for (const m of modules) for (const s of sections(m)) if (s.name === "wasmrust") payloads.push(s.body.subarray(9));

  const anyImport = () => 0;
  const imports = new Proxy({}, { get: () => new Proxy({}, { get: () => anyImport }) });
  const clear = (e) =>
    e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError ||
    (e instanceof Error && e.constructor === Error && /^wasmrust: /.test(e.message)) ||
    (e instanceof Error && e.name === "RustError");

  let cases = 0, ok = 0, errors = 0;
  const run = async (what, bytes) => {
    parentPort.postMessage({ start: what });
    cases++;
    try {
      try {
        const module = new WebAssembly.Module(bytes);
        readSignatures(module);
        declarations(module);
      } catch (e) {
        if (!(e instanceof WebAssembly.CompileError)) throw e;
      }
      await instantiate(bytes, { imports });
      ok++;
    } catch (e) {
      if (process.env.FUZZ_VERBOSE) console.log(`${e?.constructor?.name}: ${String(e?.message).slice(0, 90)}`);
      if (clear(e)) errors++;
      else parentPort.postMessage({ fail: `${what}: ${e?.constructor?.name}: ${e?.message ?? e}` });
    }
  };
  for (const { f, b } of corpus) await run(`corpus ${f}`, f.endsWith(".wasm") ? b : withPayloads(modules[0], [b]));
  for (const seed of workerData.seeds) {
    const r = rng(seed);
    const module = modules[r(modules.length)];
    let bytes;
    switch (r(4)) {
      case 0: bytes = withPayloads(module, [mutate(r, payloads[r(payloads.length)])]); break;
      case 1: bytes = withPayloads(module, [...Array(1 + r(3))].map(() => Uint8Array.from([...Array(1 + r(4))].flatMap(() => record(r))))); break;
      case 2: bytes = withPayloads(module, [Uint8Array.from([...Array(r(64))].map(() => r(256)))]); break;
      default: bytes = mutate(r, module);
    }
    await run(`seed ${seed}`, bytes);
  }
  parentPort.postMessage({ done: true, cases, ok, errors });
}
