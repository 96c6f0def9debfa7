#!/usr/bin/env bash
# Instructions per call of one case of instructions.mjs (valgrind --tool=callgrind): the count of
# a run of 600,000 calls minus that of 100,000, over 500,000. Slow (minutes per case); single
# counts can be off (JIT timing), so repeat one before trusting it. V8 runs single-threaded
# (`--single-threaded`: compiles and collects on the main thread), so that the machine's load
# does not change when optimized code takes over.
# Usage: [WASMRUST_JS=<runtime dir>] tests/bench/closures/instructions.sh <ours.wasm | wasm-bindgen glue .js> CASE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
        node --single-threaded "$here/instructions.mjs" "$1" "$2" "$3" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'
}
a=$(count "$1" "$2" 100000)
b=$(count "$1" "$2" 600000)
echo "$2: $(((b - a) / 500000)) instructions per call"
