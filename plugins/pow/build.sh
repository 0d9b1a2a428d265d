#!/usr/bin/env bash
# Builds the pow plugin (C, the heavy one for benchmarks) into pow.wasm next to this script,
# or into the path given as the first argument.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m -- "${1:-$here/pow.wasm}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
# The original article's flags.
clang --target=wasm32-wasi -O2 -nostartfiles -Wl,--no-entry -Wl,--export-all \
    -o "$work/pow.wasm" pow.c
mkdir -p "$(dirname "$out")"
install -m 0644 "$work/pow.wasm" "$out"
