#!/usr/bin/env bash
# Builds the heapsort benchmark kernel (C) into heapsort.wasm next to this script,
# or into the path given as the first argument.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(realpath -m -- "${1:-$here/heapsort.wasm}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
# The original article's flags, as plugins/mul/build.sh.
clang --target=wasm32-wasi -O2 -nostartfiles -Wl,--no-entry -Wl,--export-all \
    -o "$work/heapsort.wasm" heapsort.c
mkdir -p "$(dirname "$out")"
install -m 0644 "$work/heapsort.wasm" "$out"
