#!/usr/bin/env bash
# A library's exports in the app that links it: fixture `linked-app` (a cdylib) on `linked-lib`
# as it is (an rlib: only its `#[wasm::export(always)]` items are exported by the app) and with
# `crate-type = ["cdylib", "rlib"]` added to the library (a module of its own: its rlib carries
# every export into the app, what every library did before). Prints the app module's bytes
# (raw and gzip -9), its export count and the gzipped emit.mjs glue, with LTO (opt-level s, one
# codegen unit) and in cargo's default release profile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/target/bench/exports"
mkdir -p "$out"

# workspace NAME EXTRA: the two fixture crates copied into $out/NAME, EXTRA appended to the
# library's Cargo.toml.
workspace() {
    local ws="$out/$1"
    rm -rf "$ws" && mkdir -p "$ws/crates"
    cp -r "$root/tests/fixtures/crates/linked-lib" "$root/tests/fixtures/crates/linked-app" "$ws/crates/"
    sed "s#\.\./\.\./crates/wasm#$root/crates/wasm#" "$root/tests/fixtures/Cargo.toml" | sed '/^\[profile/,$d' > "$ws/Cargo.toml"
    cp "$root/tests/fixtures/Cargo.lock" "$ws/" # the same dependency versions
    printf '%s' "$2" >> "$ws/crates/linked-lib/Cargo.toml"
    echo "$ws"
}
build() {
    local ws=$1 profile=$2
    local env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=s CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1)
    [ "$profile" = default ] && env=(CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
    (cd "$ws" && env "${env[@]}" CARGO_PROFILE_RELEASE_PANIC=abort cargo build --quiet --release \
        --target wasm32-unknown-unknown -p linked-app --target-dir "$out/target-$profile")
    # Both workspaces share the target dir (the dependencies build once); keep this side's module.
    cp "$out/target-$profile/wasm32-unknown-unknown/release/linked_app.wasm" "$out/$(basename "$ws")-$profile.wasm"
    echo "$out/$(basename "$ws")-$profile.wasm"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
exports() { node -e 'console.log(WebAssembly.Module.exports(new WebAssembly.Module(require("fs").readFileSync(process.argv[1]))).length)' "$1"; }
glue() { node "$root/crates/wasm/js/emit.mjs" "$1" -o "$1.js" && gzip -9c "$1.js" | wc -c; }

plain=$(workspace plain "")
module=$(workspace module $'\n[lib]\ncrate-type = ["cdylib", "rlib"]\n')
echo
echo "| profile | measure | library as rlib (default) | library as cdylib+rlib (all its exports) | ratio |"
echo "|---|---|---|---|---|"
for profile in lto default; do
    a=$(build "$plain" "$profile"); b=$(build "$module" "$profile")
    echo "| $profile | module bytes | $(stat -c %s "$a") | $(stat -c %s "$b") | $(ratio "$(stat -c %s "$a")" "$(stat -c %s "$b")") |"
    ga=$(gzip -9c "$a" | wc -c); gb=$(gzip -9c "$b" | wc -c)
    echo "| $profile | module bytes, gzip -9 | $ga | $gb | $(ratio "$ga" "$gb") |"
    echo "| $profile | exports | $(exports "$a") | $(exports "$b") | |"
    ja=$(glue "$a"); jb=$(glue "$b")
    echo "| $profile | emit.mjs glue, gzip -9 | $ja | $jb | $(ratio "$ja" "$jb") |"
done
