#!/usr/bin/env bash
# `tests/bench/run component`: #[wasm::wit] vs wit-bindgen 0.60 `generate!` on one world and one
# guest body (ours built by `cargo wasm-lint component`: WASM_LINT_BIN, else
# target/release/cargo-wasm-lint, else the one on PATH): component bytes (plain and after wasm-opt -Oz on the core module), host->guest
# call ns in wasmtime 48, `cargo check` time after a touch, and `cargo wasm-lint` against
# `cargo check` on our guest. Default release profile (opt-level s
# here, no LTO), one run. Then the Game of Life (examples/game-of-life, built by
# `cargo wasm-lint component`) against a wit-bindgen guest of the same world and source
# (guest-life-wbg), release and LTO (host/src/life.rs). `run.sh life`: only that part.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
export BENCH_TARGET="$root/target/bench-component"
# `cargo wasm-lint` (overhead on the guest; builds the Game of Life component): the release
# driver when built, else the installed one (or WASM_LINT_BIN).
if [ -z "${WASM_LINT_BIN:-}" ] && [ -x "$root/target/release/cargo-wasm-lint" ]; then
    export WASM_LINT_BIN="$root/target/release/cargo-wasm-lint"
fi
cargo run -q --release --manifest-path "$here/Cargo.toml" -p component-bench --target-dir "$BENCH_TARGET" -- "$@"
