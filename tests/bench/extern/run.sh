#!/usr/bin/env bash
# Typed host references and exports: WasmRust (`#[wasm::export]`, `ExternRef`, `wasmrust.mjs`)
# side by side with wasm-bindgen 0.2.130, built here from the same Rust bodies (bodies.rs).
# Prints ns/call (samples of 1,000,000 calls, WasmRust and wasm-bindgen alternating in one
# process, 9 per side and case, in $ROUNDS processes: the median and spread of the samples),
# module bytes after `$WASM_OPT -Oz`, JS glue bytes
# (raw, terser-minified, minified+gzip) of exactly the files each module loads, and checks
# ExternRef <-> JsValue interop in a wasm-bindgen module.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/target/bench/extern"
mkdir -p "$out"
: "${WASM_OPT:?run through tests/bench/run}"
terser="$here/../node_modules/.bin/terser"

# wasm-bindgen's CLI, exactly the crate's version: `$bindgen`.
source "$here/../wasm-bindgen-cli.sh"

# build CRATE FEATURES NAME: a release wasm32 build into $out/NAME; prints the .wasm path.
# The crates' profile is `opt-level = "s"` with LTO; `build_default` (same arguments) overrides it
# with cargo's default release profile (opt-level 3, no LTO, 16 codegen units), as a crate built
# without profile settings, or any `cdylib + rlib` crate, sees it. (wasm32 panics abort either way.)
build() {
    local crate=$1 features=$2 name=$3
    (cd "$here/$crate" && cargo build --quiet --release --target wasm32-unknown-unknown \
        ${features:+--features "$features"} --target-dir "$out/$name")
    echo "$out/$name/wasm32-unknown-unknown/release/bench_extern_${crate}.wasm"
}
build_default() {
    CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        build "$@"
}
# bindgen WASM NAME: wasm-bindgen --target web into $out/NAME-pkg; prints the glue .js path.
bindgen() {
    rm -rf "$out/$2-pkg"
    "$bindgen" --target web --out-dir "$out/$2-pkg" "$1"
    echo "$out/$2-pkg/bench_extern_wbg.js"
}
# Sizes of one or more JS files (summed: a page loads each of them).
bytes() { cat "$@" | wc -c; }
minified() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | wc -c))); done; echo $n; }
gzipped() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | gzip -9 | wc -c))); done; echo $n; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "### Module and glue bytes (module after \`wasm-opt -Oz\`)"
echo
raw=$(build raw "" raw)
"$WASM_OPT" -Oz "$raw" -o "$out/raw-add.wasm"
echo "| module | WasmRust | wasm-bindgen | ratio |"
echo "|---|---|---|---|"
for f in add greet; do
    ours=$(build ours "$f" "ours-$f")
    "$WASM_OPT" -Oz "$ours" -o "$out/ours-$f.wasm"
    wbg_js=$(bindgen "$(build wbg "$f" "wbg-$f")" "wbg-$f")
    "$WASM_OPT" -Oz "${wbg_js%.js}_bg.wasm" -o "$out/wbg-$f.wasm"
    o=$(bytes "$out/ours-$f.wasm"); w=$(bytes "$out/wbg-$f.wasm")
    echo "| \`$f\` module | $o | $w | $(ratio "$o" "$w") |"
    # What this module loads of crates/wasm/js: wasmrust.mjs and the parts its signatures need.
    mapfile -t glue < <(node "$here/glue-files.mjs" "$out/ours-$f.wasm")
    for kind in bytes minified gzipped; do
        o=$($kind "${glue[@]}"); w=$($kind "$wbg_js")
        echo "| \`$f\` JS glue, $kind ($(basename -a "${glue[@]}" | paste -sd+)) | $o | $w | $(ratio "$o" "$w") |"
    done
    # Ahead of time: the one file crates/wasm/js/emit.mjs writes for this module.
    node "$root/crates/wasm/js/emit.mjs" "$out/ours-$f.wasm" -o "$out/ours-$f.aot.js"
    for kind in bytes minified gzipped; do
        o=$($kind "$out/ours-$f.aot.js"); w=$($kind "$wbg_js")
        echo "| \`$f\` JS glue ahead of time (emit.mjs), $kind | $o | $w | $(ratio "$o" "$w") |"
    done
done
# The runtime's files; dts.mjs, emit.mjs and shake.mjs are development tools no page loads.
all=()
for f in "$root"/crates/wasm/js/*.mjs; do case $(basename "$f") in dts.mjs | emit.mjs | shake.mjs) ;; *) all+=("$f") ;; esac; done
echo
echo "All of crates/wasm/js ($(basename -a "${all[@]}" | paste -sd' ')): $(bytes "${all[@]}") bytes raw, $(minified "${all[@]}") minified, $(gzipped "${all[@]}") minified + gzip."
r=$(bytes "$out/raw-add.wasm"); o=$(bytes "$out/ours-add.wasm")
[ -n "${SIZES_ONLY:-}" ] && exit 0 # SIZES_ONLY=1: the byte counts above, no timings
echo
echo "\`add\` as a raw \`extern \"C\"\` export: $r bytes; as \`#[wasm::export]\`: $o bytes (+$((o - r)): the \`wasmrust\` section and its record, and the \`__wasmrust_fn_call*\` exports (the abandon hook is the first's entry 0); the call boundary costs nothing in a module that uses no scratch and no per-call hook)."

echo
echo "### Calls (ns/call, lower is better)"
echo
ours=$(build ours "add,calls" ours-calls)
wbg_js=$(bindgen "$(build wbg "add,calls" wbg-calls)" wbg-calls)
for round in $(seq "${ROUNDS:-3}"); do
    node "$here/bench.mjs" "$ours" "$wbg_js"
done > "$out/calls.tsv"
echo "Median of the samples [lowest–highest]; ratio of the medians (and of the lowest)."
echo
echo "| call | WasmRust | wasm-bindgen | ratio |"
echo "|---|---|---|---|"
node "$here/summary.mjs" "$out/calls.tsv"

echo
echo "### Calls, default release profile (no LTO; ns/call, lower is better)"
echo
ours=$(build_default ours "add,calls" ours-calls-default)
wbg_js=$(bindgen "$(build_default wbg "add,calls" wbg-calls-default)" wbg-calls-default)
for round in $(seq "${ROUNDS:-3}"); do
    node "$here/bench.mjs" "$ours" "$wbg_js"
done > "$out/calls-default.tsv"
echo "| call | WasmRust | wasm-bindgen | ratio |"
echo "|---|---|---|---|"
node "$here/summary.mjs" "$out/calls-default.tsv"

echo
echo "### An export call against a bare \`extern \"C\"\` export, both profiles (\`add(i, 1)\`, ns/call)"
echo
sides=()
for profile in lto default; do
    b=build; [ $profile = default ] && b=build_default
    sides+=("raw-$profile=raw:$($b raw "" "raw-$profile")")
    sides+=("ours-$profile=ours:$($b ours add "ours-add-$profile")")
    sides+=("wbg-$profile=wbg:$(bindgen "$($b wbg add "wbg-add-$profile")" "wbg-add-$profile")")
done
for round in $(seq "${ROUNDS:-3}"); do
    node "$here/export-floor.mjs" "${sides[@]}"
done > "$out/floor.tsv"
node "$here/summary.mjs" --floor "$out/floor.tsv"

echo
echo "### ExternRef <-> JsValue in a wasm-bindgen module (feature \`wasm-bindgen\`)"
echo
interop=$(build interop "" interop)
rm -rf "$out/interop-pkg"
"$bindgen" --target web --out-dir "$out/interop-pkg" "$interop"
node "$here/interop.mjs" "$out/interop-pkg" | awk -F'\t' '{ printf "%s; %s: %s ns per round trip\n", $1, $2, $3 }'
