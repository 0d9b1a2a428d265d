#!/usr/bin/env bash
# Builds the C module of one folder, FOLDER/NAME.c (NAME: the folder's name), into FOLDER/NAME.wasm or OUT, with
# the original article's flags. Each C plugin's and kernel's build.sh calls it: build-c.sh FOLDER [OUT]
set -euo pipefail
here="$(cd "$1" && pwd)"
name="$(basename "$here")"
out="$(realpath -m -- "${2:-$here/$name.wasm}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
clang --target=wasm32-wasi -O2 -nostartfiles -Wl,--no-entry -Wl,--export-all \
    -o "$work/$name.wasm" "$name.c"
mkdir -p "$(dirname "$out")"
install -m 0644 "$work/$name.wasm" "$out"
