// The rule groups emit.mjs applies to the runtime files' texts (shake.mjs `PATCHES`): each one
// matches the runtime sources as they are, and a source that drifted from it makes the group, and
// so emit.mjs, fail with an Error naming the group, never emit part of it. Run by tests/aot.rs
// with the modules that meet the groups: $ASYNC (references lent by no call: NO_BORROWS; codecs),
// $LIFE (Game of Life: NO_DATAVIEW, IN_USE, the unnested guards), $CLOSURES (ONE_CLOSURE_FUNCTION).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { patched, pruneMembers, statements, PATCHES } from "../../crates/wasm/js/shake.mjs";

const js = fileURLToPath(new URL("../../crates/wasm/js/", import.meta.url));
// A runtime file's text as the parts hold it (shake.mjs `statements`: comment lines left out).
// The state emit.mjs applies a group in, where it is not the file as it is: NO_DATAVIEW where
// nothing reads `rt.data` (the member pruned).
const GIVEN = { NO_DATAVIEW: (text) => pruneMembers(text, (n) => n !== "data") };
const source = (group) => (GIVEN[group.what] ?? ((t) => t))(statements(readFileSync(join(js, group.file), "utf8")).map((s) => s.text).join("\n"));
const inFiles = Object.values(PATCHES).filter((g) => g.file.endsWith(".mjs"));

test("every rule group matches the runtime file it is for, each rule where its target is", () => {
  assert.ok(inFiles.length >= 9, "the groups of runtime files");
  for (const group of inFiles) {
    const text = source(group);
    // Each rule has its target in the whole file (a rule of a member that pruning may take away too).
    for (const [find, , times = 1] of group.rules) assert.ok((typeof times === "function" ? times(text) : times) > 0, `${group.what}: ${find} has its target in ${group.file}`);
    const out = patched(text, group);
    assert.notEqual(out, text, `${group.what} changes ${group.file}`);
  }
});

test("a rule that no longer matches its runtime file fails its whole group, naming it", () => {
  let checked = 0;
  for (const group of inFiles) {
    const text = source(group);
    group.rules.forEach(([find], i) => {
      // The source drifted inside the rule's first target (a character in after its first).
      const re = typeof find === "string" ? null : new RegExp(find.source, find.flags.replace("g", ""));
      const at = re ? re.exec(text).index : text.indexOf(find);
      const drifted = text.slice(0, at + 1) + "\u2063" + text.slice(at + 1);
      assert.throws(() => patched(drifted, group), (e) => e instanceof Error && e.message.includes(group.what) && (e.message.includes(`rule ${i + 1} of`) || e.message.includes("is still used")), `${group.what} rule ${i + 1}`);
      checked++;
    });
  }
  assert.ok(checked >= 20, `${checked} rules`);
});

test("a group whose removal leaves a use of what it removed fails", () => {
  const group = PATCHES.NO_BORROWS, text = source(group).replace("  error(h) {", "  error(h) {\n    this.pinned.clear();");
  assert.throws(() => patched(text, group), /after NO_BORROWS, `this\.pinned` is still used/);
});

// ---- emit.mjs with a copy of the runtime files, one of them drifted.

const emitWith = (dir, wasm) => spawnSync(process.execPath, [join(dir, "emit.mjs"), wasm], { encoding: "utf8" });
const copy = (file, from, to) => {
  const dir = mkdtempSync(join(tmpdir(), "wasmrust-drift-"));
  cpSync(js, dir, { recursive: true });
  if (file) {
    const text = readFileSync(join(dir, file), "utf8");
    assert.ok(text.includes(from), `${file} has ${from}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  }
  return dir;
};
const DRIFTS = [
  // A borrow-stack method written otherwise: the group would have left it, reading fields it removed.
  { group: "NO_BORROWS", wasm: process.env.ASYNC, file: "table.mjs", from: "  popTo(depth) {", to: "  popTo(depth = 0) {" },
  // `r32` written otherwise: the group would have removed `data`, which it still reads.
  { group: "NO_DATAVIEW", wasm: process.env.LIFE, file: "gen.mjs", from: "r32: (p) => data(p + 4).getInt32(p, true)", to: "r32: (p) => data(p + 4).getInt32(p, !0)" },
  { group: "IN_USE", wasm: process.env.LIFE, file: "classes.mjs", from: ": why === 2 ?", to: ": 2 === why ?" },
  // A codec's case label not a number nor a constant: `casesFor` would have dropped the case.
  { group: "casesFor", wasm: process.env.ASYNC, file: "values.mjs", from: "    case ENUM: return (v, w) => {", to: "    case +ENUM: return (v, w) => {" },
  // The guard's text otherwise: cutting it to the unnested one by its old prefix would unbalance it.
  { group: "the unnested guards", wasm: process.env.LIFE, file: "wasmrust.mjs", from: ": `throw ${e};`);", to: ": `{ throw ${e}; }`);" },
  // The generator's text of the closures' second function otherwise.
  { group: "ONE_CLOSURE_FUNCTION", wasm: process.env.CLOSURES, file: "rustfn.mjs", from: '"} : function rust_closure("', to: '"} :\\nfunction rust_closure("' },
];

test("the intact runtime files emit what the repository's emit.mjs does", () => {
  const dir = copy(null);
  for (const wasm of new Set(DRIFTS.map((d) => d.wasm))) {
    const intact = emitWith(dir, wasm), here = emitWith(js, wasm);
    assert.equal(intact.status, 0, intact.stderr);
    assert.equal(intact.stdout, here.stdout, wasm);
  }
});

for (const { group, wasm, file, from, to } of DRIFTS) {
  test(`a drifted ${file} makes emit.mjs fail on ${group} with exit code 1, writing no glue`, () => {
    const run = emitWith(copy(file, from, to), wasm);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, new RegExp(`^emit\\.mjs: (?:rule \\d+ of ${group}|after ${group},|${group}:)`));
  });
}

test("what only the cut code read goes with it (top-level declarations, a setup's inert locals)", () => {
  const glue = emitWith(js, process.env.ASYNC).stdout;
  assert.match(glue, /\bclass HandleTable\b/);
  assert.ok(!/\bBUILTIN_PREDICATES\b|\bpredicateTest\b|\bbyPtr\b|\bBORROW_STAMP_MAX\b|\bfunction kindOf\b/.test(glue), "table.mjs's built-in predicates, refs.mjs's tests by address, the borrow stack's constants, `kindOf`");
});
