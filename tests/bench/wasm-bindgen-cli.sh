# Sourced by the bench areas that build wasm-bindgen anchors: sets `bindgen` to a wasm-bindgen
# CLI of exactly $WBG (its crate and CLI must match to the patch version), installed once into
# target/bench-tools. Needs `root` (the repository root).
# Not `--locked`: the CLI's lock file names webpki-roots 1.0.11, which the registry no longer
# serves; without default features (the TLS download support we do not need) it resolves.
WBG=0.2.130
tools="$root/target/bench-tools/wasm-bindgen-$WBG"
if [ ! -x "$tools/bin/wasm-bindgen" ]; then
    echo "installing wasm-bindgen-cli $WBG into $tools (once)" >&2
    cargo +1.95.0 install --quiet wasm-bindgen-cli --version "=$WBG" --no-default-features --root "$tools"
fi
bindgen="$tools/bin/wasm-bindgen"
[ "$("$bindgen" --version)" = "wasm-bindgen $WBG" ]
