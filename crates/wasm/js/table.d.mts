// Types of table.mjs, for TypeScript: the host reference table.

/** A host reference was refused: stale (used after release), forged, or the table is full. */
export declare class HandleError extends Error {
  constructor(message: string);
}

/** A generation-checked table of host objects; pass one as `instantiate`'s `table` to share it. */
export declare class HandleTable {
  /** `tag` (0..15): what this table's handles carry; by default the next one in turn. */
  constructor(tag?: number);
  /** The tag every handle of this table carries (a handle with another is refused). */
  readonly tag: number;
  /** Stores `o`; returns its owned handle. */
  insert(o: unknown): number;
  /** The object behind an owned or borrowed handle; throws `HandleError` for a stale or forged one. */
  get(h: number): unknown;
  /** Releases an owned (or pinned) handle and returns its object. */
  release(h: number): unknown;
  /**
   * `live`: owned references alive (pinned ones too), including those wasm dropped but has not
   * released yet (run `wasm::externref::flush()` in the module first for an exact count);
   * `length`: slots allocated; `borrowed`: lent now.
   */
  stats(): { live: number; length: number; borrowed: number };
}

/** The type test of a reference's marker type (`kind`, `name` as recorded). */
export declare function makeTypeTest(
  test: { kind: number; name: string },
  classes?: Record<string, abstract new (...args: any[]) => unknown>,
  predicates?: Record<string, (value: unknown) => unknown>,
): (value: unknown) => boolean;
