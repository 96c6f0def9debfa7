#!/usr/bin/env bash
# Issue 14's calls: a Rust closure called from JS, an async export round trip, and a
# `console.log` import call, WasmRust (`wasm::Closure`, `wasm::task`, `wasm::web`) side by side
# with wasm-bindgen 0.2.130 (`Closure`, wasm-bindgen-futures, `js_namespace = console` and
# web-sys), in one process, alternating, 9 samples per side and case in each of $ROUNDS
# processes; the LTO profile of the crates (opt-level s) and cargo's default release profile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/target/bench/closures"
mkdir -p "$out"

# The same wasm-bindgen CLI as the other areas (exactly the crates' version), installed once: `bindgen`.
source "$here/../wasm-bindgen-cli.sh"

# build SIDE PROFILE: prints the .wasm (ours) or the glue .js (wasm-bindgen) to load.
build() {
    local side=$1 profile=$2 env=() dir="$out/$1"
    if [ "$profile" = default ]; then
        env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
        dir="$out/$side-default"
    fi
    (cd "$here/$side" && env "${env[@]}" cargo build --quiet --release --target wasm32-unknown-unknown \
        --target-dir "$dir")
    local wasm="$dir/wasm32-unknown-unknown/release/bench_closures_$side.wasm"
    if [ "$side" = ours ]; then echo "$wasm"; return; fi
    rm -rf "$out/$side-$profile-pkg"
    "$bindgen" --target web --out-dir "$out/$side-$profile-pkg" "$wasm"
    echo "$out/$side-$profile-pkg/bench_closures_wbg.js"
}

terser="$here/../node_modules/.bin/terser"
gzipped() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | gzip -9 | wc -c))); done; echo $n; }
minified() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | wc -c))); done; echo $n; }

echo "### JS glue of this module (runtime path; LTO build)"
echo
ours=$(build ours lto)
wbg=$(build wbg lto)
# What loading the module imports of crates/wasm/js, as the extern area measures it.
mapfile -t glue < <(node "$here/../extern/glue-files.mjs" "$ours")
echo "| glue | WasmRust ($(basename -a "${glue[@]}" | paste -sd+)) | wasm-bindgen | ratio |"
echo "|---|---|---|---|"
for kind in minified gzipped; do
    o=$($kind "${glue[@]}"); w=$($kind "$wbg")
    echo "| $kind | $o | $w | $(awk -v a="$o" -v b="$w" 'BEGIN { printf "%.2f", a / b }') |"
done
# Ahead of time: the one file crates/wasm/js/emit.mjs writes for this module.
aot="${ours%.wasm}.aot.js"
node "$root/crates/wasm/js/emit.mjs" "$ours" -o "$aot"
for kind in minified gzipped; do
    o=$($kind "$aot"); w=$($kind "$wbg")
    echo "| $kind, ahead of time (emit.mjs) | $o | $w | $(awk -v a="$o" -v b="$w" 'BEGIN { printf "%.2f", a / b }') |"
done
[ -n "${SIZES_ONLY:-}" ] && exit 0 # SIZES_ONLY=1: the byte counts above, no timings

for profile in lto default; do
    echo
    if [ $profile = lto ]; then
        echo "### Calls, LTO and opt-level s (ns per operation, lower is better)"
    else
        echo "### Calls, default release profile (opt-level 3, no LTO; ns per operation)"
    fi
    echo
    ours=$(build ours $profile)
    wbg=$(build wbg $profile)
    for round in $(seq "${ROUNDS:-3}"); do
        (cd "$here" && node bench.mjs "$ours" "$wbg")
    done > "$out/calls-$profile.tsv"
    echo "Median of the samples [lowest–highest]; ratio of the medians (and of the lowest)."
    echo
    echo "| call | WasmRust | wasm-bindgen | ratio |"
    echo "|---|---|---|---|"
    node "$here/../extern/summary.mjs" "$out/calls-$profile.tsv"
done
