// The host reference table: the algorithm of crates/wasm/src/externref/table.rs, in JS, and the
// host's type tests. Self-contained: wasm-bindgen loads this file alone as a snippet (feature
// `wasm-bindgen`), and wasmrust.mjs builds on it.
//
// Same handle encoding, same first-in first-out free list, same error texts as the Rust table
// (tests/extern_table.rs replays one script on both). Owned handle (bit 31 clear): bits 0..18
// slot index, bits 18..22 the table's tag, bits 22..31 generation (1..511). Borrowed handle (bit
// 31 set): bits 0..12 stack index, bits 12..16 the tag, bits 16..31 generation (1..32767);
// pinned, it outlives its call until released.
//
// The tag tells tables apart: each new table takes the next of 16 (from a random start, so copies
// of this file differ too), so a handle number carried to another instance names nothing there
// and is refused as one ("from another instance") instead of reaching an object that happens to
// sit at the same slot and generation. The tag is part of the stamp each slot stores (generation
// and tag), so a lookup still compares one number.
const INDEX_BITS = 18;
const MAX_SLOTS = 1 << INDEX_BITS;
const INDEX_MASK = MAX_SLOTS - 1;
const TAG_BITS = 4;
const TAG_MASK = (1 << TAG_BITS) - 1;
const GEN_ONE = 1 << TAG_BITS; // one generation, in a stamp
const GEN_MAX = 0x1ff;
const BORROW_INDEX_BITS = 12;
const BORROW_INDEX_MASK = (1 << BORROW_INDEX_BITS) - 1;
const BORROW_GEN_MAX = 0x7fff;
const MAX_BORROWED = 1 << BORROW_INDEX_BITS;
// The largest stamps (generation << TAG_BITS | tag) of any tag: a stamp past them has wrapped.
const STAMP_MAX = (GEN_MAX << TAG_BITS) | TAG_MASK;
const BORROW_STAMP_MAX = (BORROW_GEN_MAX << TAG_BITS) | TAG_MASK;
const NIL = -1;
const LIVE = -2;

const hex = (h) => "0x" + (h >>> 0).toString(16).padStart(8, "0");
let lastTag = (Math.random() * GEN_ONE) | 0;

/** A host reference was refused: stale (used after release), forged, or the table is full. */
export class HandleError extends Error {
  constructor(message) {
    super(message);
    this.name = "HandleError";
  }
}

/** A generation-checked table of host objects; slots are reused first-in, first-out. */
export class HandleTable {
  /** `tag` (0..15): what this table's handles carry; by default the next one in turn. */
  constructor(tag = (lastTag = (lastTag + 1) & TAG_MASK)) {
    this.tag = tag & TAG_MASK;
    this.first = GEN_ONE | this.tag; // the stamp of generation 1
    this.objs = [];
    // Typed arrays (grown by doubling) keep the hot paths monomorphic; `objs.length` is the
    // table's length.
    this.gens = new Int32Array(16); // stamps
    this.next = new Int32Array(16); // LIVE, or the next free slot (NIL at the tail)
    this.head = NIL;
    this.tail = NIL;
    this.live = 0;
    // The borrow stack: `bobjs.length` is its capacity (grown with `bgens`, stamps from
    // generation 0).
    this.bobjs = new Array(16).fill(undefined);
    this.bgens = new Int32Array(16).fill(this.tag);
    this.depth = 0;
    this.pinned = new Map(); // borrowed handles kept after their call
  }

  /** Stores `o`; returns its owned handle. */
  insert(o) {
    let i = this.head;
    if (i !== NIL) {
      this.head = this.next[i];
      if (this.head === NIL) this.tail = NIL;
    } else {
      i = this.objs.length;
      if (i >= MAX_SLOTS) throw new HandleError("wasmrust: host reference table is full");
      if (i === this.gens.length) this.grow();
      this.gens[i] = this.first;
      this.objs.push(undefined);
    }
    this.objs[i] = o;
    this.next[i] = LIVE;
    this.live++;
    return (this.gens[i] << INDEX_BITS) | i;
  }

  grow() {
    const gens = new Int32Array(this.gens.length * 2), next = new Int32Array(this.next.length * 2);
    gens.set(this.gens);
    next.set(this.next);
    this.gens = gens;
    this.next = next;
  }

  /** The object behind an owned or borrowed handle (an i32 from wasm, or its u32 value). */
  get(h) {
    h |= 0;
    if (h < 0) {
      const i = h & BORROW_INDEX_MASK;
      if (i < this.depth && this.bgens[i] === (h >>> BORROW_INDEX_BITS) - 0x80000) return this.bobjs[i];
      const o = this.pinned.get(h);
      if (o !== undefined || this.pinned.has(h)) return o;
      throw this.error(h);
    }
    const i = h & INDEX_MASK;
    if (this.next[i] === LIVE && this.gens[i] === h >>> INDEX_BITS) return this.objs[i];
    throw this.error(h);
  }

  /** Releases an owned (or pinned) handle and returns its object. */
  release(h) {
    h |= 0;
    if (h < 0) {
      if (!this.pinned.has(h)) throw new HandleError(`wasmrust: cannot release borrowed host reference ${hex(h)}: the call that lent it releases it`);
      const o = this.pinned.get(h);
      this.pinned.delete(h);
      return o;
    }
    const o = this.get(h);
    this.free(h & INDEX_MASK);
    return o;
  }

  /** The object of a reference wasm hands over: released, unless its call still lends it. */
  take(h) {
    return (h |= 0) < 0 && !this.pinned.has(h) ? this.get(h) : this.release(h);
  }

  free(i) {
    this.objs[i] = undefined;
    const g = this.gens[i] + GEN_ONE;
    this.gens[i] = g > STAMP_MAX ? this.first : g;
    this.next[i] = NIL;
    if (this.tail === NIL) this.head = i;
    else this.next[this.tail] = i;
    this.tail = i;
    this.live--;
  }

  /** Lends `o` to the current call; the handle dies when the stack pops below it. */
  push(o) {
    const i = this.depth;
    if (i === this.bobjs.length) this.growBorrowed();
    let g = this.bgens[i] + GEN_ONE;
    if (g > BORROW_STAMP_MAX) g = this.first;
    // A pinned handle keeps its generation of this slot until it is released.
    if (this.pinned.size !== 0) while (this.pinned.has(0x80000000 | (g << BORROW_INDEX_BITS) | i)) if ((g += GEN_ONE) > BORROW_STAMP_MAX) g = this.first;
    this.bgens[i] = g;
    this.bobjs[i] = o;
    this.depth = i + 1;
    return 0x80000000 | (g << BORROW_INDEX_BITS) | i;
  }

  growBorrowed() {
    const n = this.bobjs.length;
    if (n >= MAX_BORROWED) throw new HandleError("wasmrust: host reference table is full");
    const gens = new Int32Array(n * 2).fill(this.tag);
    gens.set(this.bgens);
    this.bgens = gens;
    for (let k = n; k < n * 2; k++) this.bobjs.push(undefined);
  }

  /**
   * Keeps a borrowed handle valid after its call, until it is released: true. A handle whose call
   * already returned is left alone (false), as is an owned one (checked).
   */
  pin(h) {
    h |= 0;
    if (h >= 0) return this.get(h), false;
    let o;
    try {
      o = this.get(h);
    } catch {
      return false;
    }
    this.pinned.set(h, o);
    return true;
  }

  /** Ends the borrows made since the stack was at `depth`. */
  popTo(depth) {
    while (this.depth > depth) this.bobjs[--this.depth] = undefined;
  }

  error(h) {
    if (h === 0) return new HandleError("wasmrust: invalid host reference 0 (the null handle)");
    const tag = (h >>> (h < 0 ? BORROW_INDEX_BITS : INDEX_BITS)) & TAG_MASK;
    if (tag !== this.tag) return new HandleError(`wasmrust: invalid host reference ${hex(h)}: it is from another instance (tag ${tag}; this instance's is ${this.tag}), or forged`);
    if (h < 0) return new HandleError(`wasmrust: stale borrowed host reference ${hex(h)}: a borrowed reference lives only until the call that lent it returns`);
    const i = h & INDEX_MASK;
    if (i >= this.objs.length) return new HandleError(`wasmrust: invalid host reference ${hex(h)}: its slot was never allocated (a forged handle, or one from another instance)`);
    return new HandleError(`wasmrust: stale host reference ${hex(h)} (slot ${i}, generation ${h >>> (INDEX_BITS + TAG_BITS)}; the slot is now at generation ${this.gens[i] >> TAG_BITS}): it was used after it was released`);
  }

  /**
   * `{ live, length, borrowed }`: owned references alive (pinned ones too), slots allocated, borrow
   * depth. `live` includes references wasm dropped but has not released yet (its drop queue sends
   * them 32 at a time): run `wasm::externref::flush()` in the module first for an exact count.
   */
  stats() {
    return { live: this.live + this.pinned.size, length: this.objs.length, borrowed: this.depth };
  }
}

// ---- Type tests.

const BUILTIN_PREDICATES = {
  array: Array.isArray,
  null: (v) => v === null,
  undefined: (v) => v === undefined,
  nullish: (v) => v == null,
};

/** The test of a reference's marker type: `{ kind, name }` as in the signature records. */
/** What kind of value `v` is, for `Debug` of an `ExternRef` (a class name, or a primitive's
 * type and a prefix of its value): `HTMLCanvasElement`, `Array(3)`, `string "abc"`. */
export function kindOf(v) {
  if (v === null || v === undefined) return String(v);
  switch (typeof v) {
    case "string": return `string ${JSON.stringify(v.length > 32 ? v.slice(0, 32) : v)}${v.length > 32 ? "…" : ""}`;
    case "bigint": return `bigint ${v}n`;
    case "symbol": return `symbol ${v.description ?? ""}`.trimEnd();
    case "function": return `function ${v.name || "(anonymous)"}`;
    case "object": {
      const name = Array.isArray(v) ? `Array(${v.length})` : Object.getPrototypeOf(v) === null ? "Object (null prototype)" : v.constructor?.name;
      return typeof name === "string" && name ? name : "Object";
    }
    default: return `${typeof v} ${String(v)}`;
  }
}

export function makeTypeTest(test, classes = {}, predicates = {}) {
  const name = test.name;
  if (test.kind === 0) return () => true;
  if (test.kind === 2) return (v) => typeof v === name;
  if (test.kind === 1) {
    let C = null;
    return (v) => {
      if (C === null) {
        C = classes[name] ?? globalThis[name];
        if (typeof C !== "function") {
          C = null;
          throw new TypeError(`wasmrust: class ${name} is not defined here; pass it as instantiate(.., { classes: { ${name} } })`);
        }
      }
      return v instanceof C;
    };
  }
  return predicateTest(name, predicates);
}

/** A predicate type test (kind 3): the host's predicate `name`, else a built-in one. */
function predicateTest(name, predicates) {
  let p = null;
  return (v) => {
    if (p === null) {
      p = predicates[name] ?? BUILTIN_PREDICATES[name] ?? null;
      if (p === null) throw new TypeError(`wasmrust: predicate ${name} is not defined; pass it as instantiate(.., { predicates: { ${name}: (v) => ... } })`);
    }
    return !!p(v);
  };
}

// ---- wasm-bindgen interop (`wasm` feature `wasm-bindgen`): wasm-bindgen loads this file as a
// snippet, and the module's references live in this table.

/** The reference table of wasm-bindgen modules built with the `wasm-bindgen` feature. */
export const bindgenTable = new HandleTable();
const bindgenTests = new Map();
export const bindgenClone = (h) => bindgenTable.insert(bindgenTable.get(h));
export const bindgenGet = (h) => bindgenTable.get(h);
export const bindgenPin = (h) => void bindgenTable.pin(h);
export const bindgenPut = (v) => bindgenTable.insert(v);
export function bindgenRelease(handles) {
  let first = null;
  for (const h of handles) {
    try {
      bindgenTable.release(h);
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}
export function bindgenTest(h, kind, name) {
  const key = kind + ":" + name;
  let f = bindgenTests.get(key);
  if (!f) bindgenTests.set(key, (f = makeTypeTest({ kind, name })));
  return f(bindgenTable.get(h));
}
export function bindgenTrap(message) {
  throw new WebAssembly.RuntimeError(message);
}
