#!/usr/bin/env bash
# `tests/bench/arena/count.sh`: instruction counts of the perf workloads, which (unlike the
# timings of run.sh) do not depend on the machine's load. Needs valgrind.
#
# 1. wasm under Node (what run.sh times): callgrind counts the instructions V8's optimizing
#    tier executes, in a deterministic Node (`--predictable`, one tier, fixed seeds, no ASLR).
#    A figure is (run with 3 repetitions - run with 1) / 2: one repetition of the workload,
#    without startup and compilation. Also simulated conditional-branch mispredictions and L1
#    data misses.
# 2. The same workloads built natively (x86-64, `native/`), counted in-process.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
out="$here/target/out"
mkdir -p "$out"
for a in ours talc; do
    cargo build -q --target wasm32-unknown-unknown -p arena-perf --release --features "$a"
    cp target/wasm32-unknown-unknown/release/arena_perf.wasm "$out/arena-perf-$a.wasm"
done
cargo build -q --release -p arena-count
events() { # wasm workload reps -> "Ir Bcm D1mr+D1mw"
    setarch -R valgrind --tool=callgrind --cache-sim=yes --branch-sim=yes \
        --callgrind-out-file=/dev/null node --predictable --no-liftoff --no-wasm-tier-up \
        --random-seed=1 --hash-seed=1 count.mjs "$1" "$2" "$3" 2>&1 |
        sed -n 's/.*Collected : //p' | awk '{ print $1, $11, $5 + $6 }'
}
per_run() { # wasm workload -> per-repetition "Ir Bcm D1"
    paste -d' ' <(events "$1" "$2" 1) <(events "$1" "$2" 3) |
        awk '{ printf "%d %d %d\n", ($4 - $1) / 2, ($5 - $2) / 2, ($6 - $3) / 2 }'
}
echo "### instructions per repetition, wasm in Node (V8 optimizing tier)"
printf "%-36s %12s %10s %10s\n" workload instructions mispred L1-misses
for w in random random-realloc; do
    for a in ours talc; do
        printf "%-36s %12d %10d %10d\n" "$a $w (100k actions)" $(per_run "$out/arena-perf-$a.wasm" "$w")
    done
    # The workload alone, on an allocator that does nothing: subtract it to compare allocators.
    printf "%-36s %12d %10d %10d\n" "workload alone, $w" \
        $(per_run "$out/arena-perf-ours.wasm" "baseline${w#random}")
done
for w in scratch-ours scratch-bumpalo; do
    printf "%-36s %12d %10d %10d\n" "$w (300k allocations)" $(per_run "$out/arena-perf-ours.wasm" "$w")
done
printf "%-36s %12d %10d %10d\n" "call_boundary (100k empty calls)" \
    $(per_run "$out/arena-perf-ours.wasm" boundary)
echo "### instructions, native x86-64 (5 repetitions / 3M allocations)"
for w in ours talc ours-realloc talc-realloc scratch-ours scratch-bumpalo; do
    n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/arena-count "$w" 5 2>&1 |
        sed -n 's/.*Collected : //p')
    printf "%-36s %12d\n" "$w" "$n"
done
