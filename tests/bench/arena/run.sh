#!/usr/bin/env bash
# `tests/bench/run arena`: builds the perf and size modules for each allocator, shrinks the size
# modules with `$WASM_OPT -Oz`, times the perf modules in Node (all in this one run) and prints
# the figures docs/benchmarks.md reports.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
out="$here/target/out"
mkdir -p "$out"
build() { # package profile feature -> copies the .wasm to $out/<package>-<feature>.wasm
    local feat=()
    [ "$3" = none ] || feat=(--features "$3")
    cargo build -q --target wasm32-unknown-unknown -p "$1" --profile "$2" "${feat[@]}"
    cp "target/wasm32-unknown-unknown/$2/${1//-/_}.wasm" "$out/$1-$3.wasm"
}
for a in ours talc none lol_alloc; do build arena-perf release "$a"; done
mv "$out/arena-perf-none.wasm" "$out/arena-perf-dlmalloc.wasm"
for a in none ours talc dlmalloc lol_alloc; do
    build arena-size size "$a"
    "$WASM_OPT" -Oz "$out/arena-size-$a.wasm" -o "$out/arena-size-$a.opt.wasm"
done
echo "### module bytes after wasm-opt -Oz (alloc/dealloc/realloc exports only)"
for a in none ours talc dlmalloc lol_alloc; do
    printf "%-10s %6d\n" "$a" "$(stat -c %s "$out/arena-size-$a.opt.wasm")"
done
echo "### random actions (actions/us), scratch (ns/op)"
node --no-warnings bench.mjs "ours=$out/arena-perf-ours.wasm" "talc=$out/arena-perf-talc.wasm" \
    "dlmalloc=$out/arena-perf-dlmalloc.wasm" "lol_alloc=$out/arena-perf-lol_alloc.wasm" |
    node -e '
const { rounds, modules, scratch: s } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const f = (x) => x.toFixed(2);
console.log(`medians over ${rounds} interleaved rounds; ratios per round (median, min..max)`);
for (const r of modules)
  console.log(`${r.name.padEnd(10)} no-realloc ${f(r.no_realloc)}  realloc ${f(r.realloc)}  ` +
    `x${f(r.ratio_no_realloc)} (${r.ratio_no_realloc_spread.map(f).join("..")}) / ` +
    `x${f(r.ratio_realloc)} (${r.ratio_realloc_spread.map(f).join("..")}) of talc  ${r.pages} pages`);
console.log(`scratch   ours ${f(s.ours_ns)} ns/op  bumpalo ${f(s.bumpalo_ns)} ns/op  ` +
  `x${f(s.ratio)} (${s.ratio_spread.map(f).join("..")}) of bumpalo`);'
