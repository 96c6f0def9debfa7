#!/usr/bin/env bash
# Exported classes: the Game of Life's `Universe` (examples/game-of-life, `#[wasm::export] impl`)
# side by side with the same code under wasm-bindgen 0.2.130 (wbg/). Prints ns per
# `universe.width()` call, per construct+free, per tick of the 64x64 universe (samples of
# 1,000 ticks), with LTO (opt-level s, one codegen unit) and in cargo's default release profile,
# and module bytes after `$WASM_OPT -Oz` (ours also as `emit.mjs --wasm` writes it). Median of 9
# samples per side and case in $ROUNDS processes, WasmRust and wasm-bindgen alternating in each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/target/bench/classes"
mkdir -p "$out"
: "${WASM_OPT:?run through tests/bench/run}"

# wasm-bindgen's CLI, exactly the crate's version: `$bindgen`.
source "$here/../wasm-bindgen-cli.sh"

# build DIR ARTIFACT NAME PROFILE: a release wasm32 build of DIR into $out/NAME; prints the .wasm.
# PROFILE lto: opt-level s, LTO, one codegen unit; default: cargo's release defaults (opt-level 3,
# no LTO, 16 codegen units). Both sides get the same settings.
build() {
    local dir=$1 artifact=$2 name=$3 profile=$4
    local env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1)
    [ "$profile" = default ] && env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
    (cd "$dir" && env "${env[@]}" CARGO_PROFILE_RELEASE_PANIC=abort cargo build --quiet --release \
        --target wasm32-unknown-unknown --target-dir "$out/$name")
    echo "$out/$name/wasm32-unknown-unknown/release/$artifact.wasm"
}
bindgen() {
    rm -rf "$out/$2-pkg"
    "$bindgen" --target web --out-dir "$out/$2-pkg" "$1"
    echo "$out/$2-pkg/bench_classes_wbg.js"
}
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { printf "%.*f", d, a / b }'; }

# JS glue (terser -c -m per file, then gzip -9, as tests/bench/extern measures it): what the
# runtime path loads for this module, the file emit.mjs writes for it, wasm-bindgen's JS.
terser="$here/../node_modules/.bin/terser"
minified() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | wc -c))); done; echo $n; }
gzipped() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | gzip -9 | wc -c))); done; echo $n; }
ours=$(build "$root/examples/game-of-life" game_of_life ours-lto lto)
wbg_js=$(bindgen "$(build "$here/wbg" bench_classes_wbg wbg-lto lto)" wbg-lto)
mapfile -t glue < <(node "$here/../extern/glue-files.mjs" "$ours")
node "$root/crates/wasm/js/emit.mjs" "$ours" -o "$out/ours-lto.aot.js"
echo
echo "### JS glue of the Game of Life (LTO build)"
echo
echo "| glue | WasmRust | wasm-bindgen | ratio |"
echo "|---|---|---|---|"
for kind in minified gzipped; do
    o=$($kind "${glue[@]}"); w=$($kind "$wbg_js")
    echo "| $kind, runtime path ($(basename -a "${glue[@]}" | paste -sd+)) | $o | $w | $(ratio "$o" "$w") |"
    o=$($kind "$out/ours-lto.aot.js")
    echo "| $kind, ahead of time (emit.mjs) | $o | $w | $(ratio "$o" "$w") |"
done
# SIZES_ONLY=1: the byte counts (glue above, modules below), no timings.
for profile in lto default; do
    ours=$(build "$root/examples/game-of-life" game_of_life "ours-$profile" "$profile")
    wbg_js=$(bindgen "$(build "$here/wbg" bench_classes_wbg "wbg-$profile" "$profile")" "wbg-$profile")
    label=$([ $profile = lto ] && echo "LTO (opt-level s, 1 codegen unit)" || echo "default release profile (opt-level 3, no LTO)")
    if [ -z "${SIZES_ONLY:-}" ]; then
        echo
        echo "### Universe, $label (ns, lower is better)"
        echo
        for round in $(seq "${ROUNDS:-3}"); do
            node "$here/bench.mjs" "$ours" "$wbg_js"
        done > "$out/$profile.tsv"
        echo "| case | WasmRust | wasm-bindgen | ratio |"
        echo "|---|---|---|---|"
        node "$here/../extern/summary.mjs" "$out/$profile.tsv"
    fi
    # Module bytes: ours as cargo writes it, ours as the AOT step writes it beside its glue
    # (emit.mjs --wasm: no `wasmrust` section, no runtime export the glue does not use), and
    # wasm-bindgen's as its CLI writes it; each after `wasm-opt -Oz`.
    node "$root/crates/wasm/js/emit.mjs" "$ours" -o "$out/ours-$profile.aot.js" --wasm "$out/ours-$profile.aot.wasm"
    "$WASM_OPT" -Oz "$ours" -o "$out/ours-$profile.wasm"
    "$WASM_OPT" -Oz "$out/ours-$profile.aot.wasm" -o "$out/ours-$profile.aot.opt.wasm"
    "$WASM_OPT" -Oz "${wbg_js%.js}_bg.wasm" -o "$out/wbg-$profile.wasm"
    o=$(wc -c < "$out/ours-$profile.wasm"); a=$(wc -c < "$out/ours-$profile.aot.opt.wasm"); w=$(wc -c < "$out/wbg-$profile.wasm")
    echo
    echo "Module bytes after \`wasm-opt -Oz\`, $label: WasmRust $o (ratio $(ratio "$o" "$w" 3)), through \`emit.mjs --wasm\` $a (ratio $(ratio "$a" "$w" 3)), wasm-bindgen $w."
done
