// Uses the typed closures and function references of the `closures` fixture through the
// declarations dts.mjs generated for it (`./closures.d.ts`) under `tsc --strict`, then runs
// (tests/closures.rs, both codegen modes): each function's own type must check and be what the
// call really takes and returns. `typeErrors` is never run; each of its lines must be a type
// error. RUNTIME: crates/wasm/js, filled in by the test.
import { instantiate, RustError } from "RUNTIME/wasmrust.mjs";
import type { Exports, Imports } from "./closures.js";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`failed: ${what}`);
}

function throws(f: () => unknown, test: (e: unknown) => boolean, what: string): void {
  try {
    f();
  } catch (e) {
    check(test(e), `${what}: ${String(e)}`);
    return;
  }
  check(false, `${what}: no exception`);
}

const host: Imports["host"] = {
  again: () => { throw new Error("not used here"); },
  for_each: () => {},
  call_twice_catching: () => "",
  typed_twice: (f, x) => f(f(x)), // f: (a0: number) => number
  typed_from_host: () => (n) => `#${n}`, // (a0: number) => string
};

export async function run(bytes: Uint8Array, codegen: boolean): Promise<void> {
  const { exports: e } = await instantiate<Exports, Imports>(bytes, { imports: { host }, codegen });
  e.init();
  const above: (a0: number, a1: number) => boolean = e.above();
  check(above(3.5, 3) === true && above(2.5, 3) === false, "a typed Fn");
  throws(() => (above as (...a: unknown[]) => unknown)(3n, 3), (x) => x instanceof TypeError, "its arguments are checked as before");
  check(e.apply((x, limit) => x * 2 > limit, 6) === true, "Rust calls a typed JS function");
  check(e.apply(above, 9.5) === false, "and a typed Rust closure, through JS");
  const count: (a0: number) => number = e.typed_counter(10);
  check(count(1) === 11 && count(2) === 13, "a typed FnMut keeps its state");
  check(e.release("typed") === true, "released as an untyped Closure");
  throws(() => count(1), (x) => x instanceof Error && x.message === "this Rust closure was released", "then it throws");
  const once = e.typed_once();
  throws(() => once(false), (x) => x instanceof RustError && x.value === "refused", "an Err result is thrown");
  throws(() => once(true), (x) => x instanceof Error && /already called/.test(x.message), "an FnOnce runs once");
  const twice: (a0: number) => number = e.compose((x) => x + 10);
  check(twice(1) === 21, "a typed closure calling a typed JS function");
  check(e.twice_through_host(5) === 7, "a typed closure as a typed import parameter");
  check(e.ask_host(4) === "#4", "a typed function from an import");
  const shout: ((a0: string) => string) | null = e.maybe_shout(true);
  check(shout !== null && shout("hi") === "HI" && e.maybe_shout(false) === null, "in an Option");
  const [inc, dbl]: ((a0: number) => number)[] = e.typed_list();
  check(inc(1) === 2 && dbl(4) === 8, "in a Vec");
  const seven: (a0: (a0: number) => number) => number = e.apply_to_seven();
  check(seven((x) => x * 3) === 21, "a typed function taking a typed function");
  const times = await e.later(6);
  check(times(7) === 42, "from an async export");
}

// Never run: each line must fail to compile.
export function typeErrors(e: Exports): void {
  // @ts-expect-error a typed function's argument types
  e.above()("3", 3);
  // @ts-expect-error and its result type
  const s: string = e.above()(1, 2);
  // @ts-expect-error a JS function of another signature is not a typed parameter
  e.apply((x: string) => x.length > 0, 1);
  // @ts-expect-error nor one returning the wrong type
  e.compose((x) => `${x}`);
  // @ts-expect-error the Option must be checked first
  e.maybe_shout(true)("x");
  // @ts-expect-error the import's function takes a number
  const bad: Imports["host"]["typed_twice"] = (f) => f("1");
  void s, bad;
}
