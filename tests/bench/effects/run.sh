#!/usr/bin/env bash
# Size of effect-based tree shaking: the effects-demo fixture built for the browser profile
# (keeps its JS part), for the wasi profile (bodies declared `js_call` compile to a trap), and,
# as the anchor, with the JS part deleted by hand (`--features manual-strip`, what a crate
# without effects would do). Sizes after `wasm-opt -Oz`; ratios against the browser build and
# the hand-stripped one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
out="$root/target/bench-effects"
mkdir -p "$out"

build() { # name, rustflags, features
    local dir="$root/target/bench-effects-$1"
    RUSTFLAGS="$2" CARGO_PROFILE_RELEASE_LTO=true cargo build --quiet --release --locked --target wasm32-unknown-unknown \
        --manifest-path "$root/tests/fixtures/Cargo.toml" -p effects-demo --target-dir "$dir" $3
    cp "$dir/wasm32-unknown-unknown/release/effects_demo.wasm" "$out/$1.wasm"
    "$WASM_OPT" -Oz "$out/$1.wasm" -o "$out/$1.opt.wasm"
}

build browser '--cfg wasm_host="browser"' ''
build wasi '--cfg wasm_host="wasi"' ''
build wasi-raw '--cfg wasm_host="wasi"' '--features raw-imports'
build manual '' '--features manual-strip'

size() { stat -c %s "$1"; }
imports() { node -e 'const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1])); console.log(WebAssembly.Module.imports(m).map(i => i.module + "." + i.name).join(" ") || "none")' "$1"; }

b=$(size "$out/browser.opt.wasm"); w=$(size "$out/wasi.opt.wasm"); r=$(size "$out/wasi-raw.opt.wasm"); m=$(size "$out/manual.opt.wasm")
row() { printf '%-44s %10s %12s  %s\n' "$1" "$(size "$out/$2.wasm")" "$(size "$out/$2.opt.wasm")" "$(imports "$out/$2.opt.wasm")"; }
printf '%-44s %10s %12s  %s\n' build bytes "bytes -Oz" imports
row 'browser profile (#[wasm::import])' browser
row 'wasi profile (#[wasm::import])' wasi
row 'wasi profile (extern block, #[wasm::effect])' wasi-raw
row 'anchor: JS part deleted by #[cfg]' manual
awk -v b="$b" -v w="$w" -v r="$r" -v m="$m" 'BEGIN {
    printf "wasi / browser            = %.3f  (%d bytes removed, %.1f%%)\n", w / b, b - w, 100 * (b - w) / b
    printf "wasi / hand-strip         = %.3f  (%+d bytes)\n", w / m, w - m
    printf "wasi (raw) / hand-strip   = %.3f  (%+d bytes)\n", r / m, r - m
}'
