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
# Three ways to re-check the leaf crate, each as a user meets it:
# - edit: one function body changed (a constant in m0.rs), incremental on: the usual loop;
# - touch: file touched but unchanged, incremental on: every query replayed from cache;
# - full: CARGO_INCREMENTAL=0, everything recomputed, so the lints' own analysis is all there.
edit_counter = [0]
def edit():
    edit_counter[0] += 1
    p = pathlib.Path("src/m0.rs")
    text = p.read_text()
    start = text.index("const EDIT_0: u32 = ")
    end = text.index(";", start)
    p.write_text(text[:start] + f"const EDIT_0: u32 = {edit_counter[0]}" + text[end:])
def touch():
    pathlib.Path("src/lib.rs").touch()
def clean():
    # Each command's own target dir (check/clippy share `target`, wasm-lint uses target/wasm-lint).
    import shutil
    for d in ["target/debug", "target/wasm-lint", "target/clippy"]:
        shutil.rmtree(d, ignore_errors=True)
modes = [
    ("cold: the crate and its dependencies from scratch", {}, clean),
    ("edit one function (incremental)", {}, edit),
    ("touch, no change (incremental)", {}, touch),
    ("full (CARGO_INCREMENTAL=0)", {"CARGO_INCREMENTAL": "0"}, touch),
]
for mode, env, change in modes:
    env = dict(os.environ, **env)
    for cmd in cmds.values():  # settle each mode's caches first
        change()
        subprocess.run(cmd, check=True, env=env, stderr=subprocess.DEVNULL)
    times = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():  # interleaved, so drift hits all three alike
            change()
            start = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["cargo check"])
    print(f"\n{mode}: leaf crate re-checked, {runs} runs each, median")
    print(f"{'command':<18} {'median s':>9} {'min s':>7} {'ratio':>6}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:<18} {med:9.3f} {min(ts):7.3f} {med / base:6.2f}x")
PY

# Switching the host profile (issue 11 item 9): each run alternates `--host browser` and
# `--host wasi`, so every run is a switch. Only crates whose output depends on the host are
# re-checked (`wasm`, whose `cfg(wasm_host)` selects its profile, and the leaf), not the graph.
WASM_LINT_BIN="$bin/cargo-wasm-lint" python3 - "$runs" <<'PY'
import os, statistics, subprocess, sys, time
runs = int(sys.argv[1])
lint = [os.environ["WASM_LINT_BIN"], "wasm-lint"]
for host in ["browser", "wasi", "browser"]:  # settle: both hosts seen once
    subprocess.run(lint + ["--host", host], check=True, capture_output=True)
times, checked = [], set()
for i in range(runs):
    host = ["wasi", "browser"][i % 2]
    start = time.perf_counter()
    out = subprocess.run(lint + ["--host", host], check=True, capture_output=True, text=True)
    times.append(time.perf_counter() - start)
    checked.update(l.split()[1] for l in out.stderr.splitlines() if l.strip().startswith("Checking"))
check = []
for _ in range(runs):
    os.utime("src/lib.rs")
    start = time.perf_counter()
    subprocess.run(["cargo", "check", "-q"], check=True)
    check.append(time.perf_counter() - start)
base = statistics.median(check)
print(f"\nswitch --host browser <-> wasi: {runs} runs, median")
print(f"{'command':<34} {'median s':>9} {'min s':>7} {'ratio':>6}")
print(f"{'cargo check (touch)':<34} {base:9.3f} {min(check):7.3f} {1:6.2f}x")
med = statistics.median(times)
print(f"{'cargo wasm-lint --host (switch)':<34} {med:9.3f} {min(times):7.3f} {med / base:6.2f}x")
print(f"re-checked on a switch: {', '.join(sorted(checked))}")
PY
