// Shared by host.mjs (Node) and www/index.mjs (the browser): runs the exported `Universe` for
// some generations and checks every generation against a plain-JS Game of Life.

/** The next generation of `cells` (bytes, 1 alive), `width` x `height`, edges wrapping. */
export function reference(cells, width, height) {
  const next = new Uint8Array(cells.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let n = 0;
      for (const dr of [height - 1, 0, 1]) for (const dc of [width - 1, 0, 1]) {
        if (dr || dc) n += cells[((r + dr) % height) * width + ((c + dc) % width)];
      }
      const alive = cells[r * width + c] === 1;
      next[r * width + c] = (alive && (n === 2 || n === 3)) || (!alive && n === 3) ? 1 : 0;
    }
  }
  return next;
}

/**
 * Runs `generations` ticks of a new `Universe` from `exports`; `draw(cells, width, height)` is
 * called with each generation. Returns `{ population, checksum, render }` of the last one.
 */
export function run(exports, generations, draw = () => {}) {
  const { Universe, memory } = exports;
  const universe = new Universe();
  try {
    const width = universe.width(), height = universe.height();
    const view = () => new Uint8Array(memory.buffer, universe.cells(), width * height).slice();
    let expected = view();
    for (let g = 0; g < generations; g++) {
      universe.tick();
      expected = reference(expected, width, height);
      const cells = view();
      const at = cells.findIndex((v, i) => v !== expected[i]);
      if (at >= 0) throw new Error(`generation ${g + 1}: cell ${at} is ${cells[at]}, the rules say ${expected[at]}`);
      draw(cells, width, height);
    }
    const render = universe.render();
    const rows = render.trimEnd().split("\n");
    if (rows.length !== height || rows.some((r) => [...r].length !== width)) throw new Error("render() is not width x height");
    const live = [...render].filter((ch) => ch === "◼").length;
    if (live !== universe.population) throw new Error(`render() shows ${live} live cells, population says ${universe.population}`);
    let checksum = 0;
    for (const v of view()) checksum = (checksum * 31 + v) >>> 0;
    return { population: universe.population, checksum, render };
  } finally {
    universe.free();
  }
}
