#!/usr/bin/env bash
# Wall time of `cargo wasm-lint` against `cargo check` (and `cargo clippy`, for scale) on a
# generated crate of ~6,000 lines that uses `wasm`. Dependencies are built first; each timed run
# re-checks the leaf crate only (touch src/lib.rs), the way a user iterates.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work="$root/target/bench-lint"
runs=${RUNS:-7}

# The driver pair as users run it: release build, installed side by side.
cargo build --release --locked --manifest-path "$root/Cargo.toml" -p cargo-wasm-lint -q
bin="$root/target/release"

rm -rf "$work/crate"
python3 "$here/gen.py" "$work/crate" "$root/crates/wasm" 40
cd "$work/crate"
export RUSTUP_TOOLCHAIN=$(sed -n 's/^channel = "\(.*\)"/\1/p' "$root/rust-toolchain.toml")

check()   { cargo check -q; }
lint()    { "$bin/cargo-wasm-lint" wasm-lint -q; }
clippy()  { cargo clippy -q --target-dir target/clippy; }

# Warm-up: dependencies and the first full build of each.
check; lint; clippy

WASM_LINT_BIN="$bin/cargo-wasm-lint" python3 - "$runs" <<'PY'
import os, pathlib, statistics, subprocess, sys, time
runs = int(sys.argv[1])
cmds = {
    "cargo check": ["cargo", "check", "-q"],
    "cargo wasm-lint": [os.environ["WASM_LINT_BIN"], "wasm-lint", "-q"],
    "cargo clippy": ["cargo", "clippy", "-q", "--target-dir", "target/clippy"],
}
# Incremental: what a user sees re-checking after an edit. Full: every query of the leaf crate
# recomputed (CARGO_INCREMENTAL=0), so the lints' own analysis is fully in the figure.
for mode, env in [("incremental", {}), ("full (CARGO_INCREMENTAL=0)", {"CARGO_INCREMENTAL": "0"})]:
    env = dict(os.environ, **env)
    for cmd in cmds.values():  # settle each mode's caches first
        pathlib.Path("src/lib.rs").touch()
        subprocess.run(cmd, check=True, env=env, stderr=subprocess.DEVNULL)
    times = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():  # interleaved, so drift hits all three alike
            pathlib.Path("src/lib.rs").touch()
            start = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["cargo check"])
    print(f"\n{mode}: leaf crate re-checked after touching it, {runs} runs each, median")
    print(f"{'command':<18} {'median s':>9} {'min s':>7} {'ratio':>6}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:<18} {med:9.3f} {min(ts):7.3f} {med / base:6.2f}x")
PY
