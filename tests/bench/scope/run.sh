#!/usr/bin/env bash
# `tests/bench/run scope`: native timings of `wasm::thread::scope` (1 vs 2 threads over 16M f32;
# 10,000 tiny tasks and an empty scope against `std::thread::scope`), one run, medians printed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cargo run -q --release --manifest-path "$here/Cargo.toml" --target-dir "$root/target/bench-scope"
