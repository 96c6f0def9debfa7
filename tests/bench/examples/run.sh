#!/usr/bin/env bash
# Issue 14's glue bytes for the ported wasm-bindgen examples: examples/fetch and examples/closures
# as they are, side by side with the same programs written with wasm-bindgen 0.2.130 and web-sys
# (fetch-wbg, closures-wbg here). Per example: module bytes after `$WASM_OPT -Oz` in the LTO
# profile (opt-level s, 1 codegen unit) and cargo's default release profile (opt-level 3, no
# LTO), as cargo writes it and as `emit.mjs --wasm` writes it beside its glue, and JS glue (terser -c -m --module, then gzip -9) of the LTO build: ours on the runtime
# path (the files tests/bench/extern/glue-files.mjs lists) and ahead of time (emit.mjs), against
# wasm-bindgen's `--target web` file. Bytes only: nothing is timed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/target/bench/examples"
: "${WASM_OPT:?run through tests/bench/run}"
mkdir -p "$out"

# The same wasm-bindgen CLI as the other areas (exactly the crates' version), installed once: `bindgen`.
source "$here/../wasm-bindgen-cli.sh"

# build SIDE CRATE_DIR LIB_NAME PROFILE: builds the crate (lto or default) and prints its .wasm;
# one target directory per side and profile, shared by both examples (the same dependencies).
build() {
    local side=$1 dir=$2 lib=$3 profile=$4 target="$out/$1-$4"
    local env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1)
    [ "$profile" = default ] && env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
    (cd "$dir" && env "${env[@]}" cargo build --quiet --release --locked --target wasm32-unknown-unknown \
        --target-dir "$target")
    echo "$target/wasm32-unknown-unknown/release/$lib.wasm"
}

terser="$here/../node_modules/.bin/terser"
minified() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | wc -c))); done; echo $n; }
gzipped() { local n=0 f; for f; do n=$((n + $("$terser" "$f" --module -c -m | gzip -9 | wc -c))); done; echo $n; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { echo "| $1 | $2 | $3 | $(ratio "$2" "$3") |"; }

for example in fetch closures; do
    anchor="$here/$example-wbg"
    lib="bench_examples_${example}_wbg"
    echo
    echo "### \`examples/$example\` (module after \`wasm-opt -Oz\`; glue of the LTO build)"
    echo
    echo "| bytes | WasmRust | wasm-bindgen | ratio |"
    echo "|---|---|---|---|"
    for profile in lto default; do
        ours=$(build ours "$root/examples/$example" "$example" "$profile")
        wbg=$(build wbg "$anchor" "$lib" "$profile")
        pkg="$out/$example-wbg-$profile-pkg"
        rm -rf "$pkg"
        "$bindgen" --target web --out-dir "$pkg" "$wbg"
        "$WASM_OPT" -Oz "$ours" -o "$out/ours-$example-$profile.wasm"
        "$WASM_OPT" -Oz "$pkg/${lib}_bg.wasm" -o "$out/wbg-$example-$profile.wasm"
        label=$([ $profile = lto ] && echo "LTO, opt-level s" || echo "default release profile")
        row "module, $label" "$(wc -c < "$out/ours-$example-$profile.wasm")" "$(wc -c < "$out/wbg-$example-$profile.wasm")"
        # The module as the AOT step writes it beside its glue (emit.mjs --wasm), then wasm-opt.
        node "$root/crates/wasm/js/emit.mjs" "$ours" -o "$out/ours-$example-$profile.aot.js" --wasm "$out/ours-$example-$profile.aot.wasm"
        "$WASM_OPT" -Oz "$out/ours-$example-$profile.aot.wasm" -o "$out/ours-$example-$profile.aot.opt.wasm"
        row "module through \`emit.mjs --wasm\`, $label" "$(wc -c < "$out/ours-$example-$profile.aot.opt.wasm")" "$(wc -c < "$out/wbg-$example-$profile.wasm")"
    done
    module="$out/ours-$example-lto.wasm"
    wbg_js="$out/$example-wbg-lto-pkg/$lib.js"
    # The runtime path: what loading the module imports of crates/wasm/js.
    mapfile -t glue < <(node "$here/../extern/glue-files.mjs" "$module")
    # Ahead of time: the one file crates/wasm/js/emit.mjs writes for this module.
    node "$root/crates/wasm/js/emit.mjs" "$module" -o "$out/ours-$example.aot.js"
    for kind in minified gzipped; do
        row "JS glue, $kind, runtime path ($(basename -a "${glue[@]}" | paste -sd+))" "$($kind "${glue[@]}")" "$($kind "$wbg_js")"
    done
    for kind in minified gzipped; do
        row "JS glue, $kind, ahead of time (emit.mjs)" "$($kind "$out/ours-$example.aot.js")" "$($kind "$wbg_js")"
    done
done
