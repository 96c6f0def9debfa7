#!/usr/bin/env bash
# `tests/bench/run scope`: native timings of `wasm::thread::scope` (1 vs 2 threads over 16M f32;
# 10,000 tiny tasks and an empty scope against `std::thread::scope`), one run, medians printed:
# first as the bench crate's release profile (LTO), then in Cargo's default release profile.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
echo "### profile: release with LTO (codegen-units = 1)"
cargo run -q --release --manifest-path "$here/Cargo.toml" --target-dir "$root/target/bench-scope"
echo "### profile: Cargo's default release (no LTO, 16 codegen units)"
CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo run -q --release --manifest-path "$here/Cargo.toml" --target-dir "$root/target/bench-scope-default"
