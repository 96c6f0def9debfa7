// Uses the `abi` fixture through the declarations dts.mjs generated for it (`./abi.d.ts`), under
// `tsc --strict`, then runs (tests/dts.rs): the types must both check and be what the calls
// really take and return. `typeErrors` is never run; each of its lines must be a type error
// (`@ts-expect-error` fails the compile when the line checks). RUNTIME: crates/wasm/js, filled
// in by the test.
import { instantiate, RustError, type Instantiated } from "RUNTIME/wasmrust.mjs";
import type { Exports, Imports } from "./abi.js";

declare global {
  /** The module's `instanceof "Point"` host type, as the declarations name it. */
  interface Point {
    readonly x: number;
  }
}

class PointImpl implements Point {
  constructor(readonly x: number) {}
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`failed: ${what}`);
}

const id = <T,>(x: T): T => x;
// A Result travels into the host as { ok } / { err }; the host answers by returning or throwing.
const unwrap = <T, E>(x: { ok: T } | { err: E }): T => {
  if ("ok" in x) return x.ok;
  throw x.err;
};

// Every import the module declares, typed by `Imports`: an echo of its argument.
const echo: Imports["echo"] = {
  echo_bool: id, echo_char: id, echo_u8: id, echo_i8: id, echo_u16: id, echo_i16: id,
  echo_u32: id, echo_i32: id, echo_usize: id, echo_isize: id, echo_u64: id, echo_i64: id,
  echo_f32: id, echo_f64: id, echo_string: id, echo_vec: id, echo_ref: id, echo_point: id,
  echo_func: id, echo_opt_u32: id, echo_opt_f64: id, echo_opt_i64: id, echo_opt_string: id,
  echo_opt_vec: id, echo_opt_ref: id, echo_opt_point: id, echo_res: unwrap, echo_res_ref: unwrap,
  echo_res_unit: unwrap, echo_res_opt: unwrap, echo_opt_res: id, echo_str: id, echo_bytes: id,
  echo_lent: id, echo_opt_str: id, echo_lent_func: id,
};

export async function run(bytes: Uint8Array): Promise<void> {
  const { exports: e }: Instantiated<Exports> = await instantiate<Exports, Imports>(bytes, {
    imports: { echo },
    classes: { Point: PointImpl },
    predicates: { odd: (v) => typeof v === "number" && v % 2 === 1 },
  });
  for (const via of [false, true]) {
    const u8: number = via ? e.via_u8(255) : e.rt_u8(255);
    check(u8 === 255, "u8");
    const big: bigint = via ? e.via_u64(2n ** 64n - 1n) : e.rt_u64(2n ** 64n - 1n);
    check(big === 2n ** 64n - 1n, "u64 is a bigint");
    const signed: bigint = via ? e.via_i64(-5) : e.rt_i64(-5);
    check(signed === -5n, "an i64 parameter takes a number too");
    const c: string = via ? e.via_char("é") : e.rt_char("é");
    check(c === "é", "char");
    const s: string = via ? e.via_string("héllo") : e.rt_string("héllo");
    check(s === "héllo", "String");
    const b: Uint8Array = via ? e.via_vec([1, 2, 3]) : e.rt_vec(new Uint8Array([1, 2, 3]));
    check(b instanceof Uint8Array && b.join() === "1,2,3", "Vec<u8> comes back as a Uint8Array");
    const p: Point = via ? e.via_point(new PointImpl(2)) : e.rt_point(new PointImpl(2));
    check(p.x === 2, "ExternRef<Point>");
    const f = via ? e.via_func(() => 42) : e.rt_func(() => 42);
    check(f() === 42, "FuncRef");
    const none: number | null = via ? e.via_opt_u32(undefined) : e.rt_opt_u32(null);
    check(none === null, "None comes back as null");
    const some: string | null = via ? e.via_opt_string("x") : e.rt_opt_string("x");
    check(some === "x", "Some");
    const ok: number = via ? e.via_res({ ok: 7 }) : e.rt_res({ ok: 7 });
    check(ok === 7, "a Result result is its Ok value");
    try {
      via ? e.via_res({ err: "bad" }) : e.rt_res({ err: "bad" });
      check(false, "an Err throws");
    } catch (x) {
      check(x instanceof RustError && x.value === "bad", "the Err is thrown as a RustError");
    }
    const nested: { ok: bigint } | { err: boolean } | null = via ? e.via_opt_res({ ok: 3n }) : e.rt_opt_res({ ok: 3n });
    check(nested !== null && "ok" in nested && nested.ok === 3n, "a Result inside an Option is { ok } / { err }");
  }
  const mixed: string = e.mixed(1, "b", null, {}, 5n, { ok: true }, [7], "h");
  check(mixed === "1|b|None|true|5|Ok(true)|[7]|h", `mixed: ${mixed}`);
  check(e.new() === 1, "an export named like a keyword");
  check(e.memory instanceof WebAssembly.Memory, "the module's other exports are typed too");
}

// Never run: each line is a type error.
export function typeErrors(e: Exports, bytes: Uint8Array): void {
  // @ts-expect-error a string parameter takes no number
  e.rt_string(5);
  // @ts-expect-error u64 results are bigints, not numbers
  const n: number = e.rt_u64(1n);
  // @ts-expect-error None is null, not undefined
  const u: number | undefined = e.rt_opt_u32(1);
  // @ts-expect-error a Result parameter is { ok } or { err }
  e.rt_res(7);
  // @ts-expect-error an ExternRef<Point> parameter wants a Point
  e.rt_point({ y: 1 });
  // @ts-expect-error not an export of this module
  e.no_such_export();
  // @ts-expect-error the arguments are counted
  e.mixed(1, "b");
  // @ts-expect-error every import the module declares must be given
  void instantiate<Exports, Imports>(bytes, { imports: { echo: { echo_bool: id } } });
  void n, u;
}
