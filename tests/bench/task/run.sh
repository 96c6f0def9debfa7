#!/usr/bin/env bash
# wasm::task against futures' LocalPool and async-task executors, in one run:
#  1. ns per poll, 10,000 tasks x 10 yields (median, min, max of 21 runs), natively and in Node;
#  2. code bytes each executor adds to a wasm module after `$WASM_OPT -Oz`.
# Prints tab-separated rows; docs/benchmarks.md ("wasm::task") reports them as ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
target="$here/target"
names="wasm::task,futures LocalPool,async-task spawn_local,async-task spawn_unchecked"

echo "# ns/poll: host, executor, median, min, max"
cargo build --quiet --release -p task-bench-poll
"$target/release/task-bench-poll"
cargo build --quiet --release -p task-bench-poll --lib --target wasm32-unknown-unknown
node "$here/poll/poll.mjs" "$target/wasm32-unknown-unknown/release/task_bench_poll.wasm" "$names"

echo "# wasm bytes after wasm-opt -Oz: executor, module, added over 'none'"
out="$target/size"
mkdir -p "$out"
for variant in none wasm-task wasm-task-full async-task local-pool; do
    cargo build --quiet --release -p task-bench-size --target wasm32-unknown-unknown --features "$variant"
    "$WASM_OPT" -Oz --strip-debug --strip-producers \
        "$target/wasm32-unknown-unknown/release/task_bench_size.wasm" -o "$out/$variant.wasm"
done
base=$(stat -c %s "$out/none.wasm")
for variant in none wasm-task wasm-task-full async-task local-pool; do
    bytes=$(stat -c %s "$out/$variant.wasm")
    printf 'size\t%s\t%d\t%d\n' "$variant" "$bytes" $((bytes - base))
done
