// Uses the `classes` fixture through the declarations dts.mjs generated for it (`./classes.d.ts`)
// under `tsc --strict`, then runs (tests/classes.rs). `typeErrors` is never run; each of its
// lines must be a type error. RUNTIME: crates/wasm/js, filled in by the test.
import { instantiate } from "RUNTIME/wasmrust.mjs";
import type { Exports, Counter, Gauge, Point, Color, Shape, Item, Labelled, Handler } from "./classes.js";

// The host type the fixture's `ExternRef<Widget>` fields name (`instanceof "Widget"`): the
// declarations leave it to the program, which declares it globally and passes its class.
declare global {
  interface Widget {
    readonly id: string;
  }
}
class AWidget implements Widget {
  constructor(readonly id: string) {}
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`failed: ${what}`);
}

export async function run(bytes: Uint8Array): Promise<void> {
  const { exports: e } = await instantiate<Exports>(bytes, { classes: { Widget: AWidget } });
  const c: Counter = new e.Counter("typed", 2);
  const n: number = c.add(3);
  check(n === 5, "add");
  const label: string = c.label;
  c.label = label + "!";
  check(c.label === "typed!", "getter and setter");
  const copy: Counter | null = c.split();
  check(copy !== null && copy.get() === 5, "Option<Counter>");
  copy?.free();
  const z = e.Counter.zero();
  c.absorb(z);
  check(e.total(c, null) === 5, "a free function taking &Counter");
  const t = e.make_token(7);
  const v: bigint = t.value();
  check(v === 7n, "u64 method");
  t.free();
  const s = new e.Session(9);
  const id: number = s.sessionId;
  check(s.close() === id, "linear close");
  c.free();
  const g: Gauge = new e.Gauge(1, 2);
  check(g.level === 1 && g.max === 2, "a fallible constructor's object");
  g.free();
  let thrown: unknown = null;
  try {
    new e.Gauge(3, 2);
  } catch (x) {
    thrown = x;
  }
  check(thrown instanceof Error && thrown.message === "level 3 over 2", "a fallible constructor throws its Err");
  const shape: Shape = { name: "s", points: [{ x: 2, y: 4 }], color: "Red", tags: [], id: 1n, visible: true, initial: "s", scale: { ok: 1 }, small: 0 };
  const p: Point | null = e.centroid(shape);
  check(p !== null && p.x === 2 && p.y === 4, "a record");
  const color: Color = e.next_color("Red");
  check(color === "Green", "an enum");
  const items: Item[] = e.describe([{ tag: "Number", val: 2 }]);
  check(items[0].tag === "Number" && items[0].val === 20, "a variant");
  const l: Labelled = e.swapped({ label: "l", widget: new AWidget("a"), other: new AWidget("b") });
  const other: Widget | null = l.other;
  check(l.widget.id === "b" && other?.id === "a", "a record of references");
  const h: Handler = e.run_handler({ name: "double", run: (n) => n * 2 }, 4);
  check(h.name === "double=8" && h.run(1) === 2, "a record holding a typed callback");
}

export function typeErrors(e: Exports, c: Counter): void {
  // @ts-expect-error: the constructor takes a label and a start
  new e.Counter(1);
  // @ts-expect-error: add takes a number
  c.add("1");
  // @ts-expect-error: a fallible constructor takes its parameters all the same
  new e.Gauge(1);
  // @ts-expect-error: Token has no constructor
  new e.Token();
  // @ts-expect-error: a Session is not a Counter
  c.add_from(new e.Session(1));
  // @ts-expect-error: get returns a number
  const s: string = c.get();
  // @ts-expect-error: not a case of Color
  e.next_color("Purple");
  // @ts-expect-error: a Point has x and y
  e.checked({ x: 1 });
  // @ts-expect-error: a Labelled's widget is a Widget
  e.swapped({ label: "l", widget: 1, other: null });
  // @ts-expect-error: a Handler's run takes a number and returns one
  e.run_handler({ name: "h", run: (s: string) => s }, 1);
}
