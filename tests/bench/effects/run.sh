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
    RUSTFLAGS="$2" cargo build --quiet --release --locked --target wasm32-unknown-unknown \
        --manifest-path "$root/tests/fixtures/Cargo.toml" -p effects-demo --target-dir "$dir" $3
    cp "$dir/wasm32-unknown-unknown/release/effects_demo.wasm" "$out/$1.wasm"
    "$WASM_OPT" -Oz "$out/$1.wasm" -o "$out/$1.opt.wasm"
}

build browser '--cfg wasm_host="browser"' ''
build wasi '--cfg wasm_host="wasi"' ''
build manual '' '--features manual-strip'

size() { stat -c %s "$1"; }
imports() { node -e 'const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1])); console.log(WebAssembly.Module.imports(m).map(i => i.module + "." + i.name).join(" ") || "none")' "$1"; }

b=$(size "$out/browser.opt.wasm"); w=$(size "$out/wasi.opt.wasm"); m=$(size "$out/manual.opt.wasm")
printf '%-34s %10s %12s  %s\n' build bytes "bytes -Oz" imports
printf '%-34s %10s %12s  %s\n' 'browser profile' "$(size "$out/browser.wasm")" "$b" "$(imports "$out/browser.opt.wasm")"
printf '%-34s %10s %12s  %s\n' 'wasi profile (effects)' "$(size "$out/wasi.wasm")" "$w" "$(imports "$out/wasi.opt.wasm")"
printf '%-34s %10s %12s  %s\n' 'anchor: JS part deleted by #[cfg]' "$(size "$out/manual.wasm")" "$m" "$(imports "$out/manual.opt.wasm")"
awk -v b="$b" -v w="$w" -v m="$m" 'BEGIN {
    printf "wasi / browser   = %.3f  (%d bytes removed, %.1f%%)\n", w / b, b - w, 100 * (b - w) / b
    printf "wasi / hand-strip = %.3f  (%+d bytes: the trapping stub of the JS-only export)\n", w / m, w - m
}'
