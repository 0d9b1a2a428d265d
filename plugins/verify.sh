#!/usr/bin/env bash
# Rebuilds every plugin from its source (plugins/*/build.sh) into a temporary folder and compares the result,
# byte for byte, with the committed .wasm. Fails, naming the plugin, if one differs or does not build.
# Usage: verify.sh [FOLDER]: the plugins of another folder laid out the same way (FOLDER/NAME/build.sh builds
# FOLDER/NAME/NAME.wasm), as .ci/run does for benchmarks/kernels.
set -euo pipefail
here="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for script in "$here"/*/build.sh; do
  dir="$(dirname "$script")"
  name="$(basename "$dir")"
  committed="$dir/$name.wasm"
  if ! bash "$script" "$work/$name.wasm" >"$work/$name.log" 2>&1; then
    echo "FAIL $name: build failed"; cat "$work/$name.log"; status=1; continue
  fi
  if [ ! -f "$committed" ]; then
    echo "FAIL $name: $committed is not committed"; status=1
  elif cmp -s "$committed" "$work/$name.wasm"; then
    echo "ok   $name: $(sha256sum "$committed" | cut -c1-16)… matches its source"
  else
    echo "FAIL $name: the committed $name.wasm differs from what $name's source builds to"; status=1
  fi
done
exit $status
