#!/usr/bin/env bash
# Builds the fnvmap benchmark kernel (Rust) into fnvmap.wasm next to this script,
# or into the path given as the first argument.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m -- "${1:-$here/fnvmap.wasm}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Compile from inside this folder with a relative source path, so that no
# absolute path of the checkout can end up in the module (as plugins/add/build.sh).
cd "$here"
/usr/bin/rustc --edition 2018 --target wasm32-wasi --crate-type cdylib \
    -C opt-level=3 -C strip=symbols \
    --crate-name fnvmap -o "$work/fnvmap.wasm" fnvmap.rs
mkdir -p "$(dirname "$out")"
install -m 0644 "$work/fnvmap.wasm" "$out"
